/**
 * XAPI_BASIC_CREDENTIALS: the LRS-style Basic credentials an authoring tool or LMS sends to
 * /xapi/statements, each mapped to an ingest token (JWT) that the request then runs as.
 * Authoring tools (Storyline, Captivate, iSpring) and Open edX's event-routing-backends can
 * only be configured with an endpoint, a key and a secret, not with a bearer token.
 *
 * Format: comma-separated `key:secret=token` entries. Keys and secrets are 1-200 characters
 * without `,` `=` or whitespace, and the key has no `:` (Basic splits there). The token is
 * verified like a bearer token on every request, so its expiry, role and claims still apply.
 */
export interface XapiCredential {
  key: string;
  secret: string;
  token: string;
}

const PART_RE = /^[^\s,=]{1,200}$/;

export function xapiCredentialsFromEnv(raw: string | undefined): XapiCredential[] {
  if (!raw) return [];
  const seen = new Set<string>();
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry, i) => {
      const eq = entry.lastIndexOf('=');
      const colon = entry.indexOf(':');
      const key = colon < 0 ? '' : entry.slice(0, colon);
      const secret = colon < 0 || eq < colon ? '' : entry.slice(colon + 1, eq);
      const token = eq < 0 ? '' : entry.slice(eq + 1);
      if (!PART_RE.test(key) || !PART_RE.test(secret) || !/^[A-Za-z0-9_.-]+$/.test(token)) {
        throw new Error(
          `XAPI_BASIC_CREDENTIALS entry ${i + 1} is not "key:secret=token" (key without ":", key and secret without "," "=" or spaces, token a JWT such as npm run -s token -- --role ingest mints)`,
        );
      }
      if (seen.has(key)) throw new Error(`XAPI_BASIC_CREDENTIALS names the key "${key}" twice: give every client its own key`);
      seen.add(key);
      return { key, secret, token };
    });
}
