import { Router } from 'express';
import { canReadMetrics, type Viewer } from '../domain/viewer';
import { streamCsv } from '../export/csv-stream';
import { periodParameterOf } from '../rest/parameter-names';
import { CSV_REPORTS, isCsvReportName } from '../export/reports';
import type { Services } from '../services';
import { QueryParams } from '../rest/query-params';
import { answeredAtDeadline } from './rest-deadline';
import { sendRestError } from './rest-errors';

/**
 * GET /export/<report>.csv: a GraphQL report as a CSV download, with the field's arguments as
 * query-string parameters. Mounted behind the bearer token check and the read rate limit (app.ts);
 * same roles as GraphQL (admin, analyst, partner),
 * same tenancy (resolveScope through the request context), same validation (the services'
 * checks: 400 `{ error, parameter }` before any query). The file is named
 * `<report>_<from>_<to>.csv` (`to` excluded, as in the period).
 */
export function exportRoutes(services: Services): Router {
  const router = Router();
  router.get('/export/:file', async (req, res, next) => {
    const name = /^([a-z-]+)\.csv$/.exec(String(req.params.file))?.[1];
    if (name === undefined || !isCsvReportName(name)) {
      res.status(404).json({ error: `no such export: use /export/<report>.csv with a report of ${Object.keys(CSV_REPORTS).join(', ')}` });
      return;
    }
    const viewer = res.locals.viewer as Viewer;
    if (!canReadMetrics(viewer)) {
      res.status(403).json({ error: `role "${viewer.role}" may not read metrics` });
      return;
    }
    const report = CSV_REPORTS[name];
    try {
      const table = await report.run(
        new QueryParams(req.query as Record<string, unknown>, report.parameters),
        services.forRequest(viewer, { budget: res.locals.budget }),
      );
      // Past the deadline the 504 went out already (rest-deadline.ts): the table is dropped.
      if (answeredAtDeadline(res)) return;
      const suffix = 'fileSuffix' in table.period ? table.period.fileSuffix : `${table.period.from}_${table.period.to}`;
      await streamCsv(res, table, `${name}_${suffix}.csv`);
    } catch (error) {
      if (answeredAtDeadline(res)) return;
      sendRestError(res, next, error, report.parameterOf ?? periodParameterOf);
    }
  });
  return router;
}
