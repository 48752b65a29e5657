import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Settings } from '../../src/clickhouse/chdb-pool';
import type { QueryEvent } from '../../src/clickhouse/client';
import { clickhouseSettingsFor } from '../../src/clickhouse/role-settings';
import { openKeptStore, runScript } from '../kept-store';
import { PLATFORM_API, type Question } from '../postgres.bench';
import { interleaved } from '../stats';

const USAGE = `npx ts-node --transpile-only bench/issue14/where-time-goes.ts --events 1000000 [--questions a,b] [--data-dir /tmp/learnmetrics-issue14]`;

/**
 * Where an API answer's time goes, on the issue-14 bench's kept store (load it first with
 * `npm run bench:issue14 -- --events N --load-only`): each documented question through
 * GraphQL, and each statement it ran sent again straight to the engine's session pool, with and
 * without the admin role's settings, all interleaved. The GraphQL time minus the statements'
 * is the API's own work (parsing, validation, resolvers, scheduling, JSON).
 */
async function main() {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '1000000' },
      'data-dir': { type: 'string', default: path.join(os.tmpdir(), 'learnmetrics-issue14') },
      questions: { type: 'string', default: 'dailyActiveUsers,sevenDayActiveUsers,utmCampaigns,loginFunnel,courseCompletion' },
      runs: { type: 'string', default: '9' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const store = await openKeptStore(values['data-dir']!, `issue14_${values.events}`);
  const { config, db, admin: graphql } = store;
  const pool = db.pool;
  if (!pool) throw new Error('where-time-goes runs on the embedded engine (no CLICKHOUSE_URL)');
  const roleSettings = { max_execution_time: config.queryTimeoutSeconds, ...clickhouseSettingsFor('admin', config.limits) } as unknown as Settings;
  const runs = Number(values.runs);
  const repeat = { warmup: 1, min: runs, max: runs, budgetMs: 0 };
  console.log(
    `load average at start: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')}`,
  );
  console.log('| question | GraphQL p50 ms | statements | in-API statement p50 ms (sum) | same SQL direct p50 ms | direct with role settings p50 ms |');
  console.log('|---|---|---|---|---|---|');
  try {
    for (const question of values.questions!.split(',') as Question[]) {
      const api = PLATFORM_API[question];
      if (!api) throw new Error(`unknown question ${question}`);
      const documents = Array.isArray(api.query) ? api.query : [api.query];
      const ask = () => Promise.all(documents.map((d) => graphql.request(d, api.variables)));
      const seen: QueryEvent[] = [];
      const off = db.onQuery((e) => seen.push(e));
      await ask();
      off();
      const statements = seen.filter((e) => !e.operation.startsWith('migrations'));
      const inApi: number[] = [];
      const variants: Record<string, () => Promise<unknown>> = {
        graphql: async () => {
          const timed: QueryEvent[] = [];
          const stop = db.onQuery((e) => timed.push(e));
          await ask();
          stop();
          inApi.push(timed.reduce((a, e) => a + e.durationMs, 0));
        },
        direct: () => Promise.all(statements.map((s) => pool.query(s.sent))),
        directSettings: () => Promise.all(statements.map((s) => pool.query(s.sent, { settings: roleSettings }))),
      };
      const t = await interleaved(repeat, variants);
      const median = [...inApi].sort((a, b) => a - b)[Math.floor(inApi.length / 2)] ?? 0;
      const f = (x: number) => x.toFixed(1);
      console.log(
        `| ${question} | ${f(t.graphql.p50)} | ${statements.map((s) => s.operation).join(', ')} | ${f(median)} | ${f(t.direct.p50)} | ${f(t.directSettings.p50)} |`,
      );
    }
    console.log(
      `load average at end: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' / ')}`,
    );
  } finally {
    await store.close();
  }
}

runScript('where-time-goes', main);
