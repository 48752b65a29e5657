import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config';

/**
 * The HS256 secret in force. AUTH_JWT_SECRET or AUTH_JWKS_URL when set. In development
 * without either, a random secret kept in the data directory, so `npm start` and
 * `npm run token` agree without any setup; in production, a missing key is a start-up error.
 */
export function resolveTokenSecret(config: Config): string | undefined {
  if (config.authJwtSecret || config.authJwksUrl) return config.authJwtSecret;
  if (config.nodeEnv === 'production') {
    throw new Error('NODE_ENV=production needs AUTH_JWT_SECRET (HS256, at least 32 characters) or AUTH_JWKS_URL');
  }
  const file = path.join(config.dataDir, '.dev-jwt-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}
