import type { LearningEvent } from '../domain/event';
import { ndjsonChunks } from './ndjson-writer';

export interface HttpSendOptions {
  /** The ingest endpoint, e.g. http://localhost:4000/v1/events. */
  url: string;
  /** Events per POST. */
  batchSize: number;
  /** POSTs in flight at once. */
  concurrency: number;
  /** Bearer token (an ingest or admin token). */
  token?: string;
  /** Goes into the Idempotency-Key (`gen-<seed>-<batchIndex>`), so re-running a seed is safe. */
  seed: number;
  /** Attempts per batch, counting the first (default 5). */
  maxAttempts?: number;
  /** Wait before the first retry; doubles each time (default 500 ms). */
  backoffMs?: number;
  /** Per-request timeout (default 60 s); a timeout counts as a network error. */
  timeoutMs?: number;
  /** Injected in tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (sent: number) => void;
}

export interface HttpSendResult {
  events: number;
  batches: number;
  /** Sums of the `accepted` and `rejected` fields of the server's JSON responses. */
  accepted: number;
  rejected: number;
}

/** A response that retrying will not fix (4xx, 500...). */
class PermanentHttpError extends Error {}

const RETRYABLE_STATUS = new Set([429, 503]);

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function postBatch(body: Buffer, batchIndex: number, options: HttpSendOptions): Promise<{ accepted: number; rejected: number }> {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const maxAttempts = options.maxAttempts ?? 5;
  const backoffMs = options.backoffMs ?? 500;
  let lastProblem = '';

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    let retryAfterMs = 0;
    try {
      const response = await doFetch(options.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-ndjson',
          'Idempotency-Key': `gen-${options.seed}-${batchIndex}`,
          ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
      });
      const text = await response.text();
      if (response.ok) {
        let parsed: { accepted?: unknown; rejected?: unknown } = {};
        try {
          parsed = JSON.parse(text) as typeof parsed;
        } catch {
          throw new PermanentHttpError(`batch ${batchIndex}: HTTP ${response.status} but the body is not JSON: ${text.slice(0, 200)}`);
        }
        return { accepted: count(parsed.accepted), rejected: count(parsed.rejected) };
      }
      if (!RETRYABLE_STATUS.has(response.status)) {
        throw new PermanentHttpError(`batch ${batchIndex}: HTTP ${response.status}: ${text.slice(0, 500)}`);
      }
      lastProblem = `HTTP ${response.status}`;
      retryAfterMs = Math.min(30_000, 1000 * (Number(response.headers.get('retry-after')) || 0));
    } catch (error) {
      if (error instanceof PermanentHttpError) throw error;
      lastProblem = error instanceof Error ? error.message : String(error); // network error or timeout
    }
    if (attempt < maxAttempts) await sleep(Math.max(retryAfterMs, backoffMs * 2 ** (attempt - 1)));
  }
  throw new Error(`batch ${batchIndex} failed after ${maxAttempts} attempts: ${lastProblem}`);
}

/**
 * POSTs events as NDJSON batches with bounded concurrency (at most `concurrency` batches are
 * serialised and in flight, so memory stays bounded). Retries 503/429 and network errors with
 * exponential backoff; any other failure stops the run and rejects.
 */
export async function postEventBatches(events: Iterable<LearningEvent>, options: HttpSendOptions): Promise<HttpSendResult> {
  const result: HttpSendResult = { events: 0, batches: 0, accepted: 0, rejected: 0 };
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  let sent = 0;

  const send = async (body: Buffer, lines: number): Promise<void> => {
    const batchIndex = result.batches++;
    result.events += lines;
    const task: Promise<void> = postBatch(body, batchIndex, options)
      .then((answer) => {
        result.accepted += answer.accepted;
        result.rejected += answer.rejected;
        sent += lines;
        options.onProgress?.(sent);
      })
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= options.concurrency) await Promise.race(inFlight);
    if (failure) {
      await Promise.all(inFlight); // let the other requests settle before giving up
      throw failure;
    }
  };

  for (const chunk of ndjsonChunks(events, options.batchSize)) await send(chunk.data, chunk.events);
  await Promise.all(inFlight);
  if (failure) throw failure;
  return result;
}
