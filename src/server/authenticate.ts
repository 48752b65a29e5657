import type { RequestHandler } from 'express';
import { AuthenticationError } from '../auth/auth-errors';
import { bearerToken, type TokenVerifier } from '../auth/tokens';
import { currentRequest } from '../observability/request-context';

/**
 * Requires a valid bearer token; puts the viewer on `res.locals.viewer` and on the request
 * state. 401 (with WWW-Authenticate) for a missing, malformed, expired or badly signed token.
 */
export function authenticate(verifier: TokenVerifier): RequestHandler {
  return async (req, res, next) => {
    try {
      const token = bearerToken(req.get('authorization'));
      if (token === null) throw new AuthenticationError('no token: send "Authorization: Bearer <token>" (npm run token mints one)');
      const viewer = await verifier.verify(token);
      res.locals.viewer = viewer;
      const state = currentRequest();
      if (state) state.viewer = viewer;
      next();
    } catch (error) {
      if (!(error instanceof AuthenticationError)) {
        next(error);
        return;
      }
      res
        .status(401)
        .set('WWW-Authenticate', `Bearer error="invalid_token", error_description="${error.message.replace(/"/g, "'")}"`)
        .json({ error: error.message });
    }
  };
}
