import express, { Router, type RequestHandler } from 'express';
import { canReadMetrics, canWriteEvents, type Viewer } from '../domain/viewer';
import { IngestUnavailableError } from '../ingest/ingest.service';
import { XapiStatementsService } from '../metrics/xapi-statements.service';
import { errorFields, errorMessage } from '../observability/logger';
import { currentRequest } from '../observability/request-context';
import type { Services } from '../services';
import { isXapiVersion } from '../xapi/xapi-values';
import { postStatements } from '../xapi/xapi-ingest';
import { sendRestError } from './rest-errors';

/** The xAPI version this LRS implements, sent on every answer (XAPI-00333). */
export const XAPI_VERSION = '1.0.3';

/** X-Experience-API-Version is required (1.0 or 1.0.x) on every resource except /about (XAPI-00321, XAPI-00331). */
const requireVersion: RequestHandler = (req, res, next) => {
  const version = req.get('x-experience-api-version');
  if (version === undefined || !isXapiVersion(version.trim())) {
    res.status(400).json({
      error: `X-Experience-API-Version header ${version === undefined ? 'is missing' : `"${version}" is not supported`}: send "1.0.3" (any 1.0.x is accepted)`,
    });
    return;
  }
  next();
};

/**
 * The xAPI 1.0.3 Statement resource, for statements coming in (docs/xapi.md):
 * - POST /xapi/statements: one statement or an array; 200 with the statement ids, or 400 with
 *   every problem (nothing stored); 503 with Retry-After when ClickHouse did not confirm.
 * - GET /xapi/statements?statementId=<uuid>: one stored statement (404 when there is none); the
 *   statement query API (filters, `more` paging, voiding) is not implemented: read statements as
 *   metrics through GraphQL.
 * - GET /xapi/about: the versions this LRS speaks; no credentials needed.
 * Authentication (bearer token or Basic credentials) and the ingest rate limit are mounted in app.ts.
 */
export function xapiRoutes(services: Services): Router {
  const router = Router();
  router.use('/xapi', (_req, res, next) => {
    res.set('X-Experience-API-Version', XAPI_VERSION);
    next();
  });
  router.get('/xapi/about', (_req, res) => {
    res.json({ version: [XAPI_VERSION, '1.0.0'], extensions: { 'https://learnmetrics.dev/xapi/extensions/event-model': '/v1/events' } });
  });
  router.post(
    '/xapi/statements',
    requireVersion,
    express.raw({ type: () => true, limit: services.config.ingestMaxBodyBytes, inflate: true }),
    async (req, res) => {
      const viewer = res.locals.viewer as Viewer;
      if (!canWriteEvents(viewer)) {
        res.status(403).json({ error: `role "${viewer.role}" may not write statements: use an ingest or admin token (or Basic credentials mapped to one)` });
        return;
      }
      const type = (req.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (type !== 'application/json') {
        res.status(415).json({
          error: `unsupported Content-Type "${req.get('content-type') ?? ''}": send statements as application/json (multipart/mixed attachments are not supported; reference them by fileUrl)`,
        });
        return;
      }
      try {
        const answer = await postStatements(services.ingest, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), { writer: viewer });
        if (answer.status === 200) res.status(200).json(answer.ids);
        else res.status(400).json(answer.body);
      } catch (error) {
        if (!(error instanceof IngestUnavailableError)) throw error;
        services.logger.error(
          { requestId: currentRequest()?.requestId, ...errorFields(error.cause) },
          `xAPI write not confirmed by ClickHouse, answered 503: ${errorMessage(error.cause)}`,
        );
        res.status(503).set('Retry-After', String(error.retryAfterSeconds)).json({ error: error.message });
      }
    },
  );
  router.get('/xapi/statements', requireVersion, async (req, res, next) => {
    const viewer = res.locals.viewer as Viewer;
    if (!canReadMetrics(viewer)) {
      res.status(403).json({ error: `role "${viewer.role}" may not read statements: use an admin, analyst or partner token` });
      return;
    }
    const unknown = Object.keys(req.query).filter((name) => name !== 'statementId');
    const statementId = req.query.statementId;
    if (unknown.length > 0 || typeof statementId !== 'string') {
      res.status(400).json({
        error: `only GET /xapi/statements?statementId=<uuid> is served${unknown.length > 0 ? ` (not ${unknown.join(', ')})` : ''}: statement queries are answered as metrics through /graphql`,
        parameter: unknown[0] ?? 'statementId',
      });
      return;
    }
    try {
      const statement = await services.forRequest(viewer).get(XapiStatementsService).byId(statementId);
      res.set('X-Experience-API-Consistent-Through', new Date().toISOString());
      if (statement === null) res.status(404).json({ error: `no statement with id ${statementId} is stored (or it belongs to another company)` });
      else res.status(200).json(statement);
    } catch (error) {
      sendRestError(res, next, error);
    }
  });
  router.all(['/xapi/statements', '/xapi/about'], (req, res) => {
    res
      .status(405)
      .set('Allow', req.path === '/xapi/about' ? 'GET' : 'GET, POST')
      .json({ error: `${req.method} is not supported on ${req.path}` });
  });
  return router;
}
