import { parseArgs } from 'node:util';
import { resolveTokenSecret } from '../src/auth/dev-secret';
import { mintToken } from '../src/auth/tokens';
import { ROLES, type Role } from '../src/domain/viewer';
import { loadConfig } from '../src/config/config';

const USAGE = `usage: npm run token -- --role admin|analyst|partner|ingest [--company <id>] [--ttl 30d] [--subject <sub>] [--scope <scope>]...
Mints an HS256 token signed with AUTH_JWT_SECRET (in development: the secret in DATA_DIR/.dev-jwt-secret).
A partner token needs --company. --scope (repeatable) adds a token scope: learners:read (learner-level
reads for a partner), ingest:any-company (an ingest token writing any company's events). --ttl takes s, m, h, d or w (e.g. 15m, 12h, 30d).`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: 'string' },
        company: { type: 'string' },
        ttl: { type: 'string', default: '30d' },
        subject: { type: 'string' },
        scope: { type: 'string', multiple: true },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.role || !ROLES.includes(values.role as Role)) {
    console.error(`--role must be one of ${ROLES.join(', ')}\n${USAGE}`);
    return 2;
  }
  if (!/^\d+\s*(s|m|h|d|w)$/.test(values.ttl ?? '')) {
    console.error(`--ttl must look like 15m, 12h or 30d, got ${JSON.stringify(values.ttl)}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  if (config.authJwksUrl && !config.authJwtSecret) {
    console.error('AUTH_JWKS_URL is set: tokens come from the identity service, not from this command');
    return 2;
  }
  const secret = resolveTokenSecret(config)!;
  try {
    console.log(
      await mintToken(secret, {
        role: values.role as Role,
        companyId: values.company,
        subject: values.subject,
        scopes: values.scope,
        ttl: values.ttl!,
        issuer: config.authIssuer,
        audience: config.authAudience,
      }),
    );
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  return 0;
}

main().then((code) => process.exit(code));
