import { ROLES, type Role } from '../domain/viewer';

/** Token hygiene settings (src/auth/tokens.ts): how long a token of each role may live, and how much clock skew is tolerated. */
export interface TokenHygieneConfig {
  /** Longest `exp - iat` per role, seconds (TOKEN_MAX_LIFETIME_<ROLE>, e.g. `90d`). */
  maxLifetimeSeconds: Record<Role, number>;
  /** How far in the future `iat` (and back in the past `exp`) may be, seconds (TOKEN_CLOCK_SKEW_SECONDS, default 60). */
  clockSkewSeconds: number;
  /** NODE_ENV=production: AUTH_ISSUER and AUTH_AUDIENCE must be set, so every token must carry them. */
  requireIssuerAndAudience: boolean;
}

/**
 * Defaults: partner tokens are handed to other companies and can leak from their dashboards,
 * so 90 days; admin (every company, writes) 30 days; analyst 90; ingest (a service's
 * credential, rotated with its deployment) 365.
 */
export const DEFAULT_MAX_LIFETIME_DAYS: Record<Role, number> = { admin: 30, analyst: 90, partner: 90, ingest: 365 };

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `90d`, `12h`, `30m`, `3600s` or plain seconds. */
export function parseDurationSeconds(name: string, raw: string): number {
  const match = /^(\d+)\s*(s|m|h|d|w)?$/.exec(raw.trim());
  if (!match || Number(match[1]) === 0) throw new Error(`${name}=${raw} is not a duration: write a positive number with s, m, h, d or w, e.g. 90d`);
  return Number(match[1]) * UNIT_SECONDS[match[2] ?? 's'];
}

export function loadTokenHygieneConfig(env: NodeJS.ProcessEnv): TokenHygieneConfig {
  const maxLifetimeSeconds = {} as Record<Role, number>;
  for (const role of ROLES) {
    const name = `TOKEN_MAX_LIFETIME_${role.toUpperCase()}`;
    const raw = env[name];
    maxLifetimeSeconds[role] = raw === undefined || raw === '' ? DEFAULT_MAX_LIFETIME_DAYS[role] * 86_400 : parseDurationSeconds(name, raw);
  }
  const skew = env.TOKEN_CLOCK_SKEW_SECONDS;
  const clockSkewSeconds = skew === undefined || skew === '' ? 60 : Number(skew);
  if (!Number.isInteger(clockSkewSeconds) || clockSkewSeconds < 0 || clockSkewSeconds > 600) {
    throw new Error(
      `TOKEN_CLOCK_SKEW_SECONDS=${skew} is not a whole number of seconds from 0 to 600 (clocks further apart than 10 minutes need fixing, not tolerating)`,
    );
  }
  return { maxLifetimeSeconds, clockSkewSeconds, requireIssuerAndAudience: env.NODE_ENV === 'production' };
}
