import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AuthenticationError } from './auth-errors';
import { ROLES, type Role, type Viewer } from '../domain/viewer';
import { DEFAULT_MAX_LIFETIME_DAYS, type TokenHygieneConfig } from '../config/token-config';

export interface TokenSettings {
  /** HS256 shared secret. */
  secret?: string;
  /** RS256/ES256 keys of the platform's identity service. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Lifetimes per role, clock skew, production's iss/aud requirement; default: DEFAULT_MAX_LIFETIME_DAYS, 60 s, not required. */
  hygiene?: TokenHygieneConfig;
}

const DEFAULT_HYGIENE: TokenHygieneConfig = {
  maxLifetimeSeconds: Object.fromEntries(Object.entries(DEFAULT_MAX_LIFETIME_DAYS).map(([role, days]) => [role, days * 86_400])) as Record<Role, number>,
  clockSkewSeconds: 60,
  requireIssuerAndAudience: false,
};

const days = (seconds: number) => `${Math.round((seconds / 86_400) * 10) / 10} days`;

const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * Verifies bearer tokens. Only the algorithms of the configured key type are accepted, so
 * `alg: none` and algorithm-confusion tokens (an HS256 token signed with a public key) fail;
 * `exp` is required; `iss`/`aud` are checked when configured, and must be configured in
 * production (else a token minted for another service with the same key would pass).
 * Hygiene: a token may not live longer than its role's maximum (exp - iat, or exp - now
 * without iat: an `exp` in the year 9999 is a credential that never ends), and an `iat` in
 * the future beyond the clock skew is refused (a token dated ahead outlives its lifetime).
 */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];

  private readonly hygiene: TokenHygieneConfig;

  constructor(private readonly settings: TokenSettings) {
    this.hygiene = settings.hygiene ?? DEFAULT_HYGIENE;
    if (this.hygiene.requireIssuerAndAudience && (!settings.issuer || !settings.audience)) {
      throw new Error(
        'NODE_ENV=production needs AUTH_ISSUER and AUTH_AUDIENCE: without them a token signed with the same key for another service or audience is accepted here. Set both to what your identity service (or npm run token) puts in iss and aud.',
      );
    }
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
      const options = {
        algorithms: this.algorithms,
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: ['exp'],
        clockTolerance: this.hygiene.clockSkewSeconds,
      };
      payload = typeof this.key === 'function' ? (await jwtVerify(token, this.key, options)).payload : (await jwtVerify(token, this.key, options)).payload;
    } catch (error) {
      throw new AuthenticationError(describeJoseError(error));
    }
    const viewer = viewerFromClaims(payload);
    checkTokenTimes(payload, viewer.role, this.hygiene, Date.now() / 1000);
    return viewer;
  }
}

/** The hygiene rules on `iat` and `exp` (jose has checked that `exp` is a number and not past). */
export function checkTokenTimes(payload: JWTPayload, role: Role, hygiene: TokenHygieneConfig, nowSeconds: number): void {
  const skew = hygiene.clockSkewSeconds;
  if (payload.iat !== undefined && payload.iat > nowSeconds + skew) {
    throw new AuthenticationError(
      `token claim "iat" is ${Math.round(payload.iat - nowSeconds)} s in the future (more than the ${skew} s clock skew allowed): a token cannot be issued later than it is used; check the issuer's clock and mint a new one`,
    );
  }
  const issued = payload.iat ?? nowSeconds;
  const lifetime = (payload.exp as number) - issued;
  const max = hygiene.maxLifetimeSeconds[role];
  if (lifetime > max + skew) {
    throw new AuthenticationError(
      `token lifetime of ${days(lifetime)} (exp - ${payload.iat === undefined ? 'now, no iat' : 'iat'}) is over the maximum of ${days(max)} for ${role} tokens (TOKEN_MAX_LIFETIME_${role.toUpperCase()}): mint a shorter-lived token`,
    );
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
  // An ingest token may be bound to one company (src/ingest/write-scope.ts); a malformed binding is refused, never ignored.
  if (role === 'ingest' && companyId !== undefined && (typeof companyId !== 'string' || !ID_PATTERN.test(companyId))) {
    throw new AuthenticationError('the "company_id" claim of an ingest token must be a company id (letters, digits and _ . : -)');
  }
  // `scopes` (a list) or OAuth's `scope` (one space-separated string): identity services issue either.
  const listed = Array.isArray(claims.scopes) ? claims.scopes.filter((s): s is string => typeof s === 'string') : [];
  const spaced = typeof claims.scope === 'string' ? claims.scope.split(' ').filter((s) => s !== '') : [];
  return {
    subject: typeof claims.sub === 'string' ? claims.sub : '',
    role: role as Role,
    companyId: role === 'partner' || (role === 'ingest' && typeof companyId === 'string') ? (companyId as string) : null,
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
