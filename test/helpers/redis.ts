import { execFile } from 'node:child_process';
import { Redis } from 'ioredis';

/** The local Redis the shared rate limit tests use; TEST_REDIS_URL overrides it. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A client that fails at once instead of retrying (for probes and test clean-up). */
export function quickRedis(url = TEST_REDIS_URL): Redis {
  return new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
}

async function problem(url: string): Promise<string | null> {
  const client = quickRedis(url);
  client.on('error', () => {});
  try {
    await client.connect();
    const pong = await client.ping();
    return pong === 'PONG' ? null : `PING answered ${pong}`;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    client.disconnect();
  }
}

/**
 * null when Redis answers; otherwise it starts a local, non-persistent redis-server once
 * (daemonized, bound to 127.0.0.1:6379) and waits for it, and returns why it is still unavailable.
 */
export async function redisSkipReason(url = TEST_REDIS_URL): Promise<string | null> {
  const first = await problem(url);
  if (first === null) return null;
  let started = '';
  if (url === 'redis://127.0.0.1:6379') {
    started = await new Promise<string>((resolve) => {
      execFile(
        'redis-server',
        ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no'],
        { timeout: 10_000 },
        (error, _stdout, stderr) => resolve(error ? `redis-server did not start: ${(stderr || error.message).trim().split('\n')[0]}` : ''),
      );
    });
  }
  let last = first;
  for (let attempt = 0; attempt < 10 && !started; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = await problem(url);
    if (now === null) return null;
    last = now;
  }
  return `Redis at ${url} does not answer (${last})${started ? `; ${started}` : ''}`;
}
