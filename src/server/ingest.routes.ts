import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { canWriteEvents, type Viewer } from '../domain/viewer';
import type { Config } from '../config/config';
import { IngestUnavailableError, type IngestService } from '../ingest/ingest.service';
import { IdempotencyKeyReusedError, sha256Hex } from '../ingest/idempotency';
import type { IngestGate } from '../ingest/ingest-gate';
import { parseBody } from '../ingest/parse-body';
import { errorFields, errorMessage, type Logger } from '../observability/logger';
import { currentRequest } from '../observability/request-context';

/** Seconds a producer waits before sending again to a server that is draining. */
const DRAIN_RETRY_AFTER_SECONDS = 5;

/**
 * Counts the request in the ingest gate from its first byte to its answer (the body is still
 * being read: it is in flight), and answers 503 with Retry-After while the server drains.
 */
export function ingestGate(gate: IngestGate): RequestHandler {
  return (_req, res, next) => {
    if (!gate.enter()) {
      res
        .status(503)
        .set('Retry-After', String(DRAIN_RETRY_AFTER_SECONDS))
        .set('Connection', 'close')
        .json({ error: 'the server is shutting down and takes no new events: nothing was stored, send them again (to another instance) after Retry-After' });
      return;
    }
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      gate.leave();
    };
    res.once('finish', leave);
    res.once('close', leave);
    next();
  };
}

/**
 * POST /v1/events: NDJSON (one event per line) or a JSON array, optionally gzip-compressed.
 * 200 when at least one event was accepted, 400 when none, 202 when the events are stored but
 * the rollups are being completed from the journal, 413 over the size limits, 415 for other
 * content types and encodings, 405 for other methods, 422 for an Idempotency-Key reused with
 * another body, 503 (with Retry-After) when ClickHouse did not confirm the write or the server
 * is draining.
 */
export function ingestRoutes(service: IngestService, config: Config, logger: Logger): Router {
  const router = Router();
  router.post(
    '/v1/events',
    // inflate: gzip/deflate bodies are decompressed as they stream in, and `limit` counts the
    // decompressed bytes, so a small gzip bomb is cut off at the limit, not after it expanded.
    express.raw({ type: () => true, limit: config.ingestMaxBodyBytes, inflate: true }),
    async (req, res) => {
      if (!canWriteEvents(res.locals.viewer as Viewer)) {
        res.status(403).json({ error: `role "${(res.locals.viewer as Viewer).role}" may not write events: use an ingest or admin token` });
        return;
      }
      const mode = req.query.mode;
      if (mode !== undefined && mode !== 'all-or-nothing' && mode !== 'partial') {
        res.status(400).json({ error: `mode must be "all-or-nothing" or "partial" (the default), got ${JSON.stringify(mode)}` });
        return;
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const parsed = parseBody(body, req.get('content-type'), { maxEvents: config.ingestMaxEvents });
      if ('fatal' in parsed) {
        res.status(parsed.fatal.status).json({ error: parsed.fatal.message });
        return;
      }
      const key = req.get('idempotency-key');
      if (key !== undefined && (key.length === 0 || key.length > 200)) {
        res.status(400).json({ error: 'Idempotency-Key must be 1 to 200 characters' });
        return;
      }
      try {
        // The mode is part of what a key binds to: the same body under another mode is another request.
        const requestHash = sha256Hex(mode === 'all-or-nothing' ? Buffer.concat([body, Buffer.from('\nmode=all-or-nothing')]) : body);
        const answer = await service.ingest(parsed.records, {
          allOrNothing: mode === 'all-or-nothing',
          requestHash,
          idempotencyKey: key,
          writer: res.locals.viewer as Viewer,
        });
        if (answer.replayed) res.set('Idempotent-Replayed', 'true');
        res.status(answer.status).json(answer.result);
      } catch (error) {
        if (error instanceof IdempotencyKeyReusedError) {
          res.status(422).json({ error: error.message });
          return;
        }
        if (error instanceof IngestUnavailableError) {
          logger.error(
            { requestId: currentRequest()?.requestId, ...errorFields(error.cause) },
            `ingest write not confirmed by ClickHouse, answered 503: ${errorMessage(error.cause)}`,
          );
          res.status(503).set('Retry-After', String(error.retryAfterSeconds)).json({ error: error.message });
          return;
        }
        throw error;
      }
    },
  );
  // Without this, another method fell through to Express's default HTML "Cannot GET" 404,
  // which a producer's client cannot parse and which hides that the path itself is right.
  router.all('/v1/events', (req, res) => {
    res
      .status(405)
      .set('Allow', 'POST')
      .json({ error: `${req.method} is not supported on /v1/events: send events with POST (NDJSON or a JSON array)` });
  });
  return router;
}

/** Turns body-parser errors (too large, bad gzip, aborted) into JSON answers with their status. */
export const bodyErrorHandler: ErrorRequestHandler = (error, _req, res, next) => {
  const status = (error as { status?: number }).status;
  if (res.headersSent || typeof status !== 'number' || status < 400 || status >= 500) {
    next(error);
    return;
  }
  const type = (error as { type?: string }).type;
  const message =
    type === 'entity.too.large'
      ? `request body is larger than the limit of ${(error as { limit?: number }).limit} bytes (after decompression): send smaller batches`
      : type === 'encoding.unsupported'
        ? // body-parser decodes gzip, deflate and br; name the encoding received so the producer sees what to change.
          `unsupported Content-Encoding ${JSON.stringify((error as { encoding?: string }).encoding ?? '')}: send gzip, deflate, br or an uncompressed body`
        : `could not read the request body: ${(error as Error).message}`;
  res.status(status).json({ error: message });
};
