import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AuthenticationError } from './auth-errors';
import { ROLES, type Role, type Viewer } from '../domain/viewer';

export interface TokenSettings {
  /** HS256 shared secret. */
  secret?: string;
  /** RS256/ES256 keys of the platform's identity service. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * Verifies bearer tokens. Only the algorithms of the configured key type are accepted, so
 * `alg: none` and algorithm-confusion tokens (an HS256 token signed with a public key) fail;
 * `exp` is required; `iss`/`aud` are checked when configured.
 */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];

  constructor(private readonly settings: TokenSettings) {
    if (settings.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(settings.jwksUrl));
      this.algorithms = ['RS256', 'ES256'];
    } else if (settings.secret) {
      this.key = new TextEncoder().encode(settings.secret);
      this.algorithms = ['HS256'];
    } else {
      throw new Error('No token key configured: set AUTH_JWT_SECRET (HS256) or AUTH_JWKS_URL (RS256/ES256)');
    }
  }

  async verify(token: string): Promise<Viewer> {
    let payload: JWTPayload;
    try {
      const options = { algorithms: this.algorithms, issuer: this.settings.issuer, audience: this.settings.audience, requiredClaims: ['exp'] };
      payload = typeof this.key === 'function' ? (await jwtVerify(token, this.key, options)).payload : (await jwtVerify(token, this.key, options)).payload;
    } catch (error) {
      throw new AuthenticationError(describeJoseError(error));
    }
    return viewerFromClaims(payload);
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired: get a new one';
  if (error instanceof errors.JWTClaimValidationFailed) return `token claim "${error.claim}" is not accepted (${error.reason})`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'token algorithm is not accepted';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature is not valid';
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid || error instanceof errors.JOSENotSupported) return 'token is malformed';
  if (error instanceof errors.JWKSNoMatchingKey) return 'token was signed with an unknown key';
  return 'token could not be verified';
}

export function viewerFromClaims(claims: JWTPayload): Viewer {
  const role = claims.role;
  if (typeof role !== 'string' || !ROLES.includes(role as Role)) {
    throw new AuthenticationError(`token claim "role" must be one of ${ROLES.join(', ')}`);
  }
  const companyId = claims.company_id;
  if (role === 'partner' && (typeof companyId !== 'string' || !ID_PATTERN.test(companyId))) {
    throw new AuthenticationError('a partner token needs a "company_id" claim');
  }
  // `scopes` (a list) or OAuth's `scope` (one space-separated string): identity services issue either.
  const listed = Array.isArray(claims.scopes) ? claims.scopes.filter((s): s is string => typeof s === 'string') : [];
  const spaced = typeof claims.scope === 'string' ? claims.scope.split(' ').filter((s) => s !== '') : [];
  return {
    subject: typeof claims.sub === 'string' ? claims.sub : '',
    role: role as Role,
    companyId: role === 'partner' ? (companyId as string) : null,
    scopes: [...new Set([...listed, ...spaced])],
  };
}

export interface MintOptions {
  role: Role;
  companyId?: string;
  subject?: string;
  /** Lifetime, e.g. `30d`, `12h`, `15m`. */
  ttl: string;
  issuer?: string;
  audience?: string;
  scopes?: string[];
}

/** An HS256 token (npm run token). */
export async function mintToken(secret: string, options: MintOptions): Promise<string> {
  if (options.role === 'partner' && !options.companyId) throw new Error('a partner token needs a company id (--company)');
  const jwt = new SignJWT({
    role: options.role,
    ...(options.companyId ? { company_id: options.companyId } : {}),
    ...(options.scopes ? { scopes: options.scopes } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.subject ?? `${options.role}${options.companyId ? `:${options.companyId}` : ''}`)
    .setIssuedAt()
    .setExpirationTime(options.ttl);
  if (options.issuer) jwt.setIssuer(options.issuer);
  if (options.audience) jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}

/** The bearer token of an Authorization header, or null when there is none. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AuthenticationError('Authorization header must be "Bearer <token>"');
  return match[1];
}
