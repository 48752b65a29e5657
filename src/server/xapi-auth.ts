import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AuthenticationError } from '../auth/auth-errors';
import { bearerToken, type TokenVerifier } from '../auth/tokens';
import type { XapiCredential } from '../config/xapi-credentials';
import { currentRequest } from '../observability/request-context';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Authentication of /xapi/statements: a bearer token as on /v1/events, or LRS-style Basic
 * credentials (XAPI_BASIC_CREDENTIALS) that stand for an ingest token. The mapped token is
 * verified on every request like a bearer token, so an expired or revoked token stops its
 * credentials too. Secrets are compared as SHA-256 digests in constant time. 401 with
 * `WWW-Authenticate` naming both schemes otherwise.
 */
export function authenticateXapi(verifier: TokenVerifier, credentials: readonly XapiCredential[]): RequestHandler {
  const byKey = new Map(credentials.map((c) => [c.key, c]));
  return async (req, res, next) => {
    try {
      const header = req.get('authorization');
      let token: string | null;
      if (header !== undefined && /^Basic\s/i.test(header)) {
        token = basicToken(header, byKey);
      } else {
        token = bearerToken(header);
        if (token === null) {
          throw new AuthenticationError(
            'no credentials: send "Authorization: Bearer <token>" or the LRS key and secret as Basic credentials (XAPI_BASIC_CREDENTIALS)',
          );
        }
      }
      const viewer = await verifier.verify(token);
      res.locals.viewer = viewer;
      const state = currentRequest();
      if (state) state.viewer = viewer;
      // The rate limiter keys on the token: let Basic clients spend from their token's bucket.
      req.headers.authorization = `Bearer ${token}`;
      next();
    } catch (error) {
      if (!(error instanceof AuthenticationError)) {
        next(error);
        return;
      }
      res.status(401).set('WWW-Authenticate', 'Basic realm="xapi", Bearer').set('X-Experience-API-Version', '1.0.3').json({ error: error.message });
    }
  };
}

function basicToken(header: string, byKey: ReadonlyMap<string, XapiCredential>): string {
  const encoded = header.replace(/^Basic\s+/i, '').trim();
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new AuthenticationError('Basic credentials must be base64 of "key:secret"');
  const key = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  const credential = byKey.get(key);
  // Compare even for an unknown key, so the answer time does not tell which keys exist.
  const expected = digest(credential?.secret ?? `\u0000${secret}-unknown`);
  if (credential === undefined || !timingSafeEqual(expected, digest(secret))) {
    throw new AuthenticationError('Basic credentials are not accepted: check the LRS key and secret configured in XAPI_BASIC_CREDENTIALS');
  }
  return credential.token;
}
