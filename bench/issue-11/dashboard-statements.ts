import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mintToken } from '../../src/auth/tokens';
import type { QueryEvent } from '../../src/clickhouse/client';
import { DASHBOARD_QUERY } from '../concurrency.bench';
import { courseIds, LAST_30_DAYS } from '../dataset';
import { GraphQLClient } from '../graphql-client';
import { openKeptStore, runScript } from '../kept-store';

const USAGE = `npx ts-node --transpile-only bench/issue-11/dashboard-statements.ts --data-dir DIR --database DB [--runs 9]`;

/**
 * Where one dashboard's time goes: the serving bench's Dashboard request (bench/concurrency.bench.ts)
 * as an admin and as a partner, one client at a time, each statement's time inside the API
 * (p50 over the runs), and the request's. On a kept store, e.g. the issue-14 bench's
 * (`npm run bench:issue14 -- --events 10000000 --load-only` keeps it in /tmp/learnmetrics-issue14).
 */
async function main() {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string', default: path.join(os.tmpdir(), 'learnmetrics-issue14') },
      database: { type: 'string', default: 'issue14_1000000' },
      runs: { type: 'string', default: '9' },
      company: { type: 'string', default: 'company-01' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const store = await openKeptStore(values['data-dir']!, values.database!);
  const { config, db, server } = store;
  const runs = Number(values.runs);
  const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  console.log(
    `load average at start: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')}`,
  );
  try {
    for (const role of ['admin', 'partner'] as const) {
      const token = await mintToken(config.authJwtSecret!, {
        role,
        subject: `probe-${role}`,
        ttl: '1h',
        ...(role === 'partner' ? { companyId: values.company } : {}),
      });
      const g = new GraphQLClient(server.url, token);
      const variables = { period: LAST_30_DAYS, ids: courseIds(), company: values.company };
      await g.request(DASHBOARD_QUERY, variables);
      const request: number[] = [];
      const statements = new Map<string, number[]>();
      const sent = new Map<string, string>();
      for (let i = 0; i < runs; i++) {
        const seen: QueryEvent[] = [];
        const stop = db.onQuery((e) => seen.push(e));
        const started = performance.now();
        await g.request(DASHBOARD_QUERY, variables);
        request.push(performance.now() - started);
        stop();
        const per = new Map<string, number>();
        for (const e of seen) {
          per.set(e.operation, (per.get(e.operation) ?? 0) + e.durationMs);
          sent.set(e.operation, e.sent);
        }
        for (const [op, ms] of per) statements.set(op, [...(statements.get(op) ?? []), ms]);
      }
      console.log(`\n${role}: request p50 ${p50(request).toFixed(1)} ms, ${statements.size} kinds of statement`);
      // The same statements alone, one after another on the pool: each one's own engine time.
      const alone = new Map<string, number[]>();
      for (let i = 0; i < runs; i++) {
        for (const [op, text] of sent) {
          const started = performance.now();
          await db.pool!.query(text);
          alone.set(op, [...(alone.get(op) ?? []), performance.now() - started]);
        }
      }
      console.log('| statement | runs | in the request, p50 ms (all of that kind) | alone on the engine, p50 ms (one of that kind) |');
      console.log('|---|---|---|---|');
      for (const [op, ms] of [...statements].sort((a, b) => p50(b[1]) - p50(a[1]))) {
        console.log(`| ${op} | ${ms.length} | ${p50(ms).toFixed(1)} | ${p50(alone.get(op) ?? []).toFixed(1)} |`);
      }
    }
    console.log(
      `\nload average at end: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' / ')}`,
    );
  } finally {
    await store.close();
  }
}

runScript('dashboard-statements', main);
