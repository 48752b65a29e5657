import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { IdsBeingStoredError, RedisEventIdRegistry } from '../../src/ingest/redis-event-ids';
import { anEvent, toNdjson, type EventJson } from '../helpers/events';
import { tokenFor } from '../helpers/http';
import { quickRedis, redisSkipReason, TEST_REDIS_URL } from '../helpers/redis';
import { runScript, startChildServer, type ChildServer } from '../helpers/fault/child-server';

/**
 * Issue 12, deliverable 5: with REDIS_URL the event-id check and reservation is atomic in Redis,
 * shared by every API replica. Real Redis; the replicas are real child processes.
 */

let skip: string | null = null;
let redis: Redis;
const prefix = `test:ingest:${process.pid}:${randomBytes(3).toString('hex')}:`;

beforeAll(async () => {
  skip = await redisSkipReason();
  if (skip !== null) {
    process.stderr.write(`skipped "ingest dedup through Redis": ${skip}\n`);
    return;
  }
  redis = quickRedis();
  await redis.connect();
});

afterAll(async () => {
  if (skip !== null) return;
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('the Redis event-id registry', () => {
  it('reserves atomically, waits for another owner, releases on failure, and counts stored ids as duplicates', async () => {
    if (skip !== null) return;
    const client = quickRedis();
    await client.connect();
    try {
      const a = new RedisEventIdRegistry(client, `${prefix}unit:`, 'replica-a', 60, 60, 300);
      const b = new RedisEventIdRegistry(client, `${prefix}unit:`, 'replica-b', 60, 60, 300);
      const ids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
      expect(await a.claim(ids)).toEqual(new Set());
      // B overlaps A's reservation by one id: it waits, then gives up without reserving anything.
      const third = '33333333-3333-4333-8333-333333333333';
      await expect(b.claim([third, ids[1]!])).rejects.toBeInstanceOf(IdsBeingStoredError);
      expect(await client.get(`${prefix}unit:id:${third}`)).toBeNull();
      // A's insert failed: released, B may store them now.
      await a.release(ids);
      expect(await b.claim(ids)).toEqual(new Set());
      await b.stored(ids, '2026-03-02 10:15:00.000');
      // Stored: duplicates for everyone, also for the owner that reserved them.
      expect(await a.claim([...ids, third])).toEqual(new Set(ids));
      expect(await b.claim(ids)).toEqual(new Set(ids));
      // A's release touches only its own reservation (of `third`), not the stored marks.
      await a.release([...ids, third]);
      expect(await client.get(`${prefix}unit:id:${third}`)).toBeNull();
      expect(await client.get(`${prefix}unit:id:${ids[0]}`)).toMatch(/^s:/);
    } finally {
      client.disconnect();
    }
  });
});

const POOL = 3000;
const BATCHES = 6;
const PER_BATCH = 1000;

describe('two API processes on the same Redis racing the same event ids', () => {
  const root = path.join(os.tmpdir(), 'learnmetrics-test', `replicas-${process.pid}-${randomBytes(3).toString('hex')}`);
  const servers: ChildServer[] = [];
  afterAll(async () => {
    for (const server of servers) {
      if (server.child.exitCode === null) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('stores each event exactly once, and the answers add up', async () => {
    if (skip !== null) return;
    // One event per id, the same bytes whoever sends it; batch i holds ids [500 i, 500 i + 1000) of the pool, so neighbours overlap by half.
    const pool: EventJson[] = Array.from({ length: POOL }, (_, n) =>
      anEvent({ user_id: `replica-u${n % 89}`, company_id: `company-0${n % 3}`, timestamp: new Date(Date.UTC(2026, 2, 1 + (n % 5), n % 24)).toISOString() }),
    );
    const bodies = Array.from({ length: BATCHES }, (_, i) => toNdjson(Array.from({ length: PER_BATCH }, (_, j) => pool[(i * 500 + j) % POOL])));
    const auth = `Bearer ${await tokenFor('ingest', undefined, ['ingest:any-company'])}`;
    const dirs = ['a', 'b'].map((n) => path.join(root, n));
    // Same database name, same Redis, each replica on its own ClickHouse node (an embedded engine is one process per data directory).
    const env = (dir: string) => ({ DATA_DIR: dir, REDIS_URL: TEST_REDIS_URL, INGEST_REDIS_PREFIX: `${prefix}race:`, RATE_LIMIT_INGEST_PER_MINUTE: '0' });
    servers.push(...(await Promise.all(dirs.map((dir) => startChildServer(env(dir))))));

    const post = async (base: string, body: string, key?: string) => {
      // A producer retries a 503 (an id or key held by the other replica past the wait); only final answers count.
      for (;;) {
        const res = await fetch(`${base}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-ndjson', authorization: auth, ...(key ? { 'idempotency-key': key } : {}) },
          body,
        });
        const answer = (await res.json()) as { accepted: number; duplicates: number };
        if (res.status !== 503) return { status: res.status, replayed: res.headers.get('idempotent-replayed') === 'true', ...answer };
      }
    };
    // Every batch to both replicas at once.
    const answers = await Promise.all(bodies.flatMap((body) => servers.map((s) => post(s.base, body))));
    for (const a of answers) expect(a).toMatchObject({ status: 200, accepted: PER_BATCH });
    const written = answers.reduce((n, a) => n + a.accepted - a.duplicates, 0);
    const sent = answers.reduce((n, a) => n + a.accepted, 0);
    const unique = new Set(bodies.flatMap((b) => b.trim().split('\n'))).size;
    expect(unique).toBe(POOL);
    expect(written).toBe(unique);
    expect(answers.reduce((n, a) => n + a.duplicates, 0)).toBe(sent - unique);

    // An Idempotency-Key raced on both replicas: one stores, the other replays its answer.
    const fresh = toNdjson(Array.from({ length: 200 }, () => anEvent({ company_id: 'company-01' })));
    const keyed = await Promise.all(servers.map((s) => post(s.base, fresh, 'replica-key-1')));
    expect(keyed.map((k) => k.replayed).sort()).toEqual([false, true]);
    for (const k of keyed) expect(k).toMatchObject({ status: 200, accepted: 200, duplicates: 0 });
    // The key with another body on the other replica: refused.
    const reused = await fetch(`${servers[1]!.base}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: auth, 'idempotency-key': 'replica-key-1' },
      body: toNdjson([anEvent({ company_id: 'company-01' })]),
    });
    expect(reused.status).toBe(422);

    for (const server of servers) {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
    const nodes = await Promise.all(
      dirs.map(
        async (dir) =>
          JSON.parse(await runScript('test/helpers/fault/stored-ids.ts', [], { DATA_DIR: dir })) as { counts: Record<string, number>; differences: number },
      ),
    );
    const stored = new Map<string, number>();
    for (const node of nodes) for (const [id, n] of Object.entries(node.counts)) stored.set(id, (stored.get(id) ?? 0) + n);
    const expected = [
      ...pool.map((e) => e.event_id!),
      ...fresh
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as EventJson).event_id!),
    ];
    expect(stored.size).toBe(expected.length);
    expect(expected.filter((id) => stored.get(id) !== 1)).toEqual([]);
    expect(nodes.map((n) => n.differences)).toEqual([0, 0]);
  });
});
