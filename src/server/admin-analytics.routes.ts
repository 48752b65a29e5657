import { Router } from 'express';
import { readUserAnalyticsQuery, USER_ANALYTICS_PARAMETERS, userAnalytics } from '../admin/user-analytics';
import type { Viewer } from '../domain/viewer';
import type { Services } from '../services';
import { QueryParams } from '../rest/query-params';
import { answeredAtDeadline } from './rest-deadline';
import { sendRestError } from './rest-errors';

/**
 * GET /admin/analytics/users?startDate=YYYY-MM-DD&endDate=YYYY-MM-DD&metric=... (the analytics
 * specification's endpoint), mounted behind the bearer token check and the read rate limit
 * (app.ts). Admin tokens only (403 for every other role, analysts included:
 * the specification puts it under /admin). Both dates are included; days are UTC. Answers
 * `{ metric, startDate, endDate, timezone, unit, data }`; bad input is 400 `{ error, parameter }`
 * before any query.
 */
export function adminAnalyticsRoutes(services: Services): Router {
  const router = Router();
  router.get('/admin/analytics/users', async (req, res, next) => {
    const viewer = res.locals.viewer as Viewer;
    if (viewer.role !== 'admin') {
      res.status(403).json({ error: `role "${viewer.role}" may not read /admin endpoints: use an admin token` });
      return;
    }
    try {
      const request = services.forRequest(viewer, { budget: res.locals.budget });
      const query = readUserAnalyticsQuery(new QueryParams(req.query as Record<string, unknown>, USER_ANALYTICS_PARAMETERS), request.periodLimits);
      const answer = await userAnalytics(request, query);
      // Past the deadline the 504 went out already (rest-deadline.ts): the answer is dropped.
      if (answeredAtDeadline(res)) return;
      res.set('Cache-Control', 'no-store').json(answer);
    } catch (error) {
      if (answeredAtDeadline(res)) return;
      sendRestError(res, next, error);
    }
  });
  return router;
}
