/**
 * The pasted token, kept in sessionStorage: it survives reloads and navigating to the GraphQL IDE
 * on this origin (which reads the same key), and is gone when the browser tab is closed.
 */
export const TOKEN_KEY = 'learnmetrics.token';

export type Role = 'admin' | 'analyst' | 'partner' | 'ingest';

export interface Claims {
  role: Role | null;
  companyId: string | null;
  /** Expiry, epoch seconds. */
  exp: number | null;
}

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null; // storage disabled: sign in on every load
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // storage disabled: the token lives in memory only
  }
}

/** Accepts a bare token or one pasted with its "Bearer " prefix or quotes. */
export function cleanToken(input: string): string {
  return input
    .trim()
    .replace(/^["']|["']$/g, '')
    .replace(/^Bearer\s+/i, '')
    .trim();
}

/**
 * The JWT payload's claims, for layout only (which navigation to show). Not verified: the server
 * verifies every request and decides tenancy itself. Null when the text is not a JWT.
 */
export function readClaims(token: string): Claims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(
      Array.from(atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '=')), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(
        '',
      ),
    );
    const payload = JSON.parse(json) as Record<string, unknown>;
    const role = typeof payload.role === 'string' && ['admin', 'analyst', 'partner', 'ingest'].includes(payload.role) ? (payload.role as Role) : null;
    return {
      role,
      companyId: typeof payload.company_id === 'string' ? payload.company_id : null,
      exp: typeof payload.exp === 'number' ? payload.exp : null,
    };
  } catch {
    return null;
  }
}
