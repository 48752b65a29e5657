import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { LearningEvent } from '../domain/event';
import { NdjsonEncoder } from './ndjson-encoder';

/** Events per file write: big enough to amortise the stream overhead, small enough to stay a few MB. */
const EVENTS_PER_WRITE = 4096;

export interface NdjsonChunk {
  /** Complete lines, each ending with '\n'. */
  data: Buffer;
  events: number;
}

/** Events as NDJSON Buffers of `eventsPerChunk` lines each (the last may be shorter). */
export function* ndjsonChunks(events: Iterable<LearningEvent>, eventsPerChunk: number): Generator<NdjsonChunk> {
  const encoder = new NdjsonEncoder();
  let count = 0;
  for (const event of events) {
    encoder.encode(event);
    if (++count === eventsPerChunk) {
      yield { data: encoder.take(), events: count };
      count = 0;
    }
  }
  if (count > 0) yield { data: encoder.take(), events: count };
}

/**
 * Writes events as NDJSON (one JSON object per line) to a stream, waiting for 'drain' when
 * the stream's buffer is full so memory stays bounded. Does not end the stream. Returns the
 * number of events written.
 */
export async function writeNdjson(events: Iterable<LearningEvent>, out: Writable, onProgress?: (written: number) => void): Promise<number> {
  let written = 0;
  for (const chunk of ndjsonChunks(events, EVENTS_PER_WRITE)) {
    const ok = out.write(chunk.data);
    if (out.errored) throw out.errored;
    if (!ok) await once(out, 'drain');
    written += chunk.events;
    onProgress?.(written);
  }
  return written;
}

/** writeNdjson into a file (created or truncated); resolves once the data is flushed. */
export async function writeNdjsonFile(events: Iterable<LearningEvent>, path: string, onProgress?: (written: number) => void): Promise<number> {
  const out = createWriteStream(path, { highWaterMark: 4 << 20 });
  // A write error (disk full...) would otherwise be an unhandled 'error' event.
  let failure: Error | null = null;
  out.on('error', (error) => (failure = error));
  await once(out, 'open');
  const written = await writeNdjson(events, out, onProgress);
  await new Promise<void>((resolve, reject) => {
    if (failure) return reject(failure);
    out.once('error', reject);
    out.end(() => resolve());
  });
  if (failure) throw failure;
  return written;
}
