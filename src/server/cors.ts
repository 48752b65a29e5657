import type { RequestHandler } from 'express';

const ALLOWED_METHODS = 'GET, POST';
// X-Experience-API-Version: xAPI content in an LMS posts statements from the learner's browser.
const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, apollo-require-preflight, X-Experience-API-Version';
/** Response headers a browser script may read: the request id to quote in a bug report, and the rate limit. */
const EXPOSED_HEADERS = 'X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, X-Experience-API-Version';
/** How long a browser may cache a preflight answer, seconds. */
const PREFLIGHT_MAX_AGE = '600';

/**
 * CORS for an allowlist of origins (CORS_ORIGINS). An allowlisted origin gets
 * Access-Control-Allow-Origin naming it (never `*`); any other origin gets no CORS header, so
 * the browser keeps the response from its script. No credentials: the API authenticates with a
 * bearer token, never cookies. Preflights (OPTIONS) are answered here, before authentication,
 * because browsers send them without the Authorization header. An empty list adds nothing at all.
 */
export function corsMiddleware(origins: readonly string[]): RequestHandler {
  if (origins.length === 0) return (_req, _res, next) => next();
  const allowed = new Set(origins);
  return (req, res, next) => {
    // The answer depends on Origin, so caches must key on it even when this origin is refused.
    res.vary('Origin');
    const origin = req.get('origin');
    const ok = origin !== undefined && allowed.has(origin);
    if (ok) {
      res.set('Access-Control-Allow-Origin', origin);
      res.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    const preflight = req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined;
    if (!preflight) {
      next();
      return;
    }
    if (ok) {
      res.set({
        'Access-Control-Allow-Methods': ALLOWED_METHODS,
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Max-Age': PREFLIGHT_MAX_AGE,
      });
    }
    res.status(204).end();
  };
}
