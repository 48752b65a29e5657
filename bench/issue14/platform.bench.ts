import type { BenchContext } from '../context';
import type { PostgresLoad } from '../postgres-load';
import { benchPostgres, type PostgresMeasurement } from '../postgres.bench';
import type { Repeat } from '../stats';

/** Section 6 of `npm run bench` (bench/postgres.bench.ts) on the issue-14 bench's stores. */
export function benchPlatformQuestions(ctx: BenchContext, database: string, repeat: Repeat, only?: readonly string[]): Promise<PostgresMeasurement> {
  const load = { database } as PostgresLoad;
  return benchPostgres(ctx, load, repeat, only);
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** The issue-14 table: PostgreSQL ms, API ms, ratio, equal answers. */
export function renderPlatformQuestions(m: PostgresMeasurement): string {
  const rows = m.questions.map(
    (q) =>
      `| ${q.question} | ${ms(q.postgres.p50)} | ${ms(q.graphql.p50)} | ${q.speedup.toFixed(1)}x | ${q.equal ? 'yes' : `no (${q.differences.slice(0, 2).join('; ')})`} | ${q.api} |`,
  );
  const failed = (m.failed ?? []).map((f) => `| ${f.question} | | | failed | | ${f.error.slice(0, 120)} |`);
  return ['| question | PostgreSQL p50 ms | API p50 ms | PostgreSQL / API | equal answers | API |', '|---|---|---|---|---|---|', ...rows, ...failed].join('\n');
}
