import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import { bearerToken } from '../auth/tokens';
import type { Metrics } from '../observability/metrics';

/**
 * GET /metrics: Prometheus text exposition. A scraper cannot mint short-lived JWTs, so it is
 * not behind the API's authentication; instead:
 * - METRICS_TOKEN set: a static bearer token (Prometheus `authorization: { credentials: ... }`)
 *   is required from every address;
 * - unset: only a client on this host (loopback, and no proxy header saying the request came
 *   through a reverse proxy on this host) is answered; anyone else gets 403.
 */
export function metricsRoutes(metrics: Metrics, metricsToken: string | undefined): Router {
  const router = Router();
  const expected = metricsToken === undefined ? undefined : digest(metricsToken);
  router.get('/metrics', async (req, res) => {
    if (expected !== undefined) {
      let presented: string | null;
      try {
        presented = bearerToken(req.get('authorization'));
      } catch {
        presented = null;
      }
      // Compared as digests: equal length, constant time, whatever was sent.
      if (presented === null || !timingSafeEqual(digest(presented), expected)) {
        res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').json({ error: 'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>"' });
        return;
      }
    } else if (!isDirectLoopback(req)) {
      res.status(403).json({ error: 'GET /metrics answers clients on this host only; set METRICS_TOKEN to scrape it from another host' });
      return;
    }
    const { contentType, body } = await metrics.render();
    res.set('Content-Type', contentType).set('Cache-Control', 'no-store').send(body);
  });
  return router;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** The peer is this host and no proxy header is present (a reverse proxy on this host would otherwise make every client look local). */
function isDirectLoopback(req: Request): boolean {
  const address = req.socket.remoteAddress ?? '';
  const loopback = address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
  return loopback && req.get('x-forwarded-for') === undefined && req.get('forwarded') === undefined && req.get('x-real-ip') === undefined;
}
