import type { RequestHandler } from 'express';
import { currentRequest } from '../observability/request-context';

/**
 * Batched HTTP operations (a JSON array body) are capped at `max` operations: a larger batch
 * is refused with 400 before Apollo parses, let alone runs, any of them.
 */
export function batchLimit(max: number): RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.body;
    if (!Array.isArray(body) || body.length <= max) {
      next();
      return;
    }
    res.status(400).json({
      errors: [
        {
          message: `The batch holds ${body.length} operations; at most ${max} are allowed in one request: send the rest in further requests.`,
          extensions: { code: 'TOO_MANY_OPERATIONS', limit: max, actual: body.length, requestId: currentRequest()?.requestId },
        },
      ],
    });
  };
}
