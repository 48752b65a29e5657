import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { createClickHouse, type QueryEvent } from '../../src/clickhouse/client';
import { loadConfig } from '../../src/config/config';
import { startServer } from '../../src/server/app';
import { createServices } from '../../src/services';
import { GraphQLClient } from '../graphql-client';
import { benchToken } from '../ingest.bench';
import { PLATFORM_API } from '../postgres.bench';

/** A heavy statement capped at one thread or not (both niced): its own time, and a cheap statement's beside it. */
async function main() {
  const config = {
    ...loadConfig({ DATA_DIR: path.join(os.tmpdir(), 'learnmetrics-issue14'), AUTH_JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn' }),
    demoData: false,
    database: 'issue14_1000000',
    rateLimitPerMinute: 0,
    rateLimitIngestPerMinute: 0,
    redisUrl: undefined,
  };
  const db = createClickHouse(config);
  const pool = db.pool!;
  const services = createServices(db, config);
  const server = await startServer(services, 0);
  const g = new GraphQLClient(server.url, await benchToken(services, 'admin'));
  const capture = async (q: string, v: Record<string, unknown>) => {
    const seen: QueryEvent[] = [];
    const off = db.onQuery((e) => seen.push(e));
    await g.request(q, v);
    off();
    return seen[0].sent;
  };
  const heavy = await capture(PLATFORM_API.loginFunnel.query as string, PLATFORM_API.loginFunnel.variables);
  const cheap = await capture(PLATFORM_API.dailyActiveUsers.query as string, PLATFORM_API.dailyActiveUsers.variables);
  await server.stop();
  const nice = { os_thread_priority: '19' };
  const t = async (f: () => Promise<unknown>) => {
    const a = performance.now();
    await f();
    return performance.now() - a;
  };
  const cheapBeside = async (settings: Record<string, string | number>) => {
    let stop = false;
    const times: number[] = [];
    const h = pool.query(heavy, { settings }).then(() => (stop = true));
    while (!stop) times.push(await t(() => pool.query(cheap)));
    await h;
    return times;
  };
  const res: Record<string, number[]> = { cheapAlone: [], cheapBesideCapped: [], cheapBesideUncapped: [], heavyCapped: [], heavyUncapped: [] };
  for (let round = 0; round < 12; round++) {
    for (let i = 0; i < 3; i++) res.cheapAlone.push(await t(() => pool.query(cheap)));
    res.heavyCapped.push(await t(() => pool.query(heavy, { settings: { ...nice, max_threads: 1 } })));
    res.heavyUncapped.push(await t(() => pool.query(heavy, { settings: nice })));
    res.cheapBesideCapped.push(...(await cheapBeside({ ...nice, max_threads: 1 })));
    res.cheapBesideUncapped.push(...(await cheapBeside(nice)));
  }
  const p50 = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)];
  for (const [k, v] of Object.entries(res)) console.log(k.padEnd(22), 'p50', p50(v).toFixed(1), 'n', v.length);
  console.log(
    'load',
    os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' / '),
  );
  await db.close();
}
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
