import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from '../../src/clickhouse/migrations';
import { ActiveUsersRepository } from '../../src/clickhouse/repositories/active-users.repository';
import { CourseEngagementRepository } from '../../src/clickhouse/repositories/course-engagement.repository';
import { RollupVerificationRepository } from '../../src/clickhouse/repositories/rollup-verification.repository';
import { identifier, keyword, renderLiterals, sql, type SqlFragment } from '../../src/clickhouse/sql';
import { resolvePeriod, trailingPeriod } from '../../src/domain/period';
import type { TenantScope } from '../../src/domain/tenant-scope';
import { courseIds, DATA_END, LAST_30_DAYS } from '../dataset';
import { args, fmt, interleave, load1, openLab } from './common';

/**
 * The landed issue-11 rollups (0020-0023) vs raw events vs the hourly tables they replace, on
 * the lab data set of load.ts (loaded before 0020: so this also times the migrations' backfill
 * and checks verify-rollups after it). Each variant answers the same question; answers are
 * compared before timing. Interleaved rounds, medians.
 */
async function main() {
  const a = args();
  const lab = openLab(a);
  const db = lab.db;
  // Every company (the admin scope): bench code, not a tenancy decision.
  const ALL_TENANTS = { companyId: null, minLearners: null } as unknown as TenantScope;
  const q = (f: SqlFragment) => lab.pool.query<Record<string, unknown>>(renderLiterals(f));
  try {
    const started = performance.now();
    const applied = await migrate(db);
    const migrateSeconds = (performance.now() - started) / 1000;
    console.log(`migrations applied: ${applied.join(', ') || 'none'} in ${fmt(migrateSeconds)} s (load ${fmt(load1())})`);
    const end = new Date(`${DATA_END}T00:00:00Z`);
    const reports = await new RollupVerificationRepository(db).verify(new Date(end.getTime() - 90 * 86_400_000), end);
    for (const r of reports) console.log(`verify ${r.rollup}: ${r.groups} groups, ${r.differences.length} differences`);

    const day = (s: string) => new Date(`${s}T00:00:00Z`);
    const utc = resolvePeriod({ from: day(LAST_30_DAYS.from), to: day(LAST_30_DAYS.to) });
    const kolkata = resolvePeriod({ from: day(LAST_30_DAYS.from), to: day(LAST_30_DAYS.to), timezone: 'Asia/Kolkata' });
    const users = new ActiveUsersRepository(db);
    const courses = new CourseEngagementRepository(db);
    const ids = courseIds();
    const t = (name: string) => `${lab.database}.${name}`;
    const range = (p: { fromUtc: Date; toUtc: Date }, col: 'timestamp' | 'hour' = 'timestamp') =>
      sql`${keyword(col)} >= ${p.fromUtc} AND ${keyword(col)} < ${p.toUtc}`;
    const table = (name: string) => identifier(t(name));
    const LEARNING = sql`(startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.') OR type IN ('quiz.completed', 'practice_session.completed'))`;
    const last30 = trailingPeriod(utc, 30);

    const norm = (rows: Record<string, unknown>[], key: string, value: string) =>
      JSON.stringify(Object.fromEntries(rows.map((r) => [String(r[key]), Number(r[value])]).sort()));
    const metrics: Record<string, Record<string, () => Promise<string>>> = {
      'dau, 30 UTC days': {
        'daily states (0020)': async () => JSON.stringify(Object.fromEntries([...(await users.perBucket(ALL_TENANTS, utc, 'DAY', null))].sort())),
        'hourly states (0003, frozen)': async () =>
          norm(
            await q(
              sql`SELECT toString(toDate(hour)) AS d, uniqExactMerge(users) AS u FROM ${table('rollup_active_users')} WHERE ${range(utc, 'hour')} GROUP BY d`,
            ),
            'd',
            'u',
          ),
        raw: async () =>
          norm(
            await q(
              sql`SELECT toString(toDate(timestamp)) AS d, uniqExact(user_id) AS u FROM ${table('events')} WHERE ${range(utc)} AND user_id != '' GROUP BY d`,
            ),
            'd',
            'u',
          ),
      },
      'mau (distinct users, 30 UTC days)': {
        'daily states (0020)': async () => String((await users.distinctIn(ALL_TENANTS, [last30]))[0]),
        'hourly states (0003, frozen)': async () =>
          String((await q(sql`SELECT uniqExactMerge(users) AS u FROM ${table('rollup_active_users')} WHERE ${range(last30, 'hour')}`))[0].u),
        raw: async () => String((await q(sql`SELECT uniqExact(user_id) AS u FROM ${table('events')} WHERE ${range(last30)} AND user_id != ''`))[0].u),
      },
      'dau, 30 days in Asia/Kolkata': {
        '15-minute states (0021)': async () => JSON.stringify(Object.fromEntries([...(await users.perBucket(ALL_TENANTS, kolkata, 'DAY', null))].sort())),
        raw: async () =>
          norm(
            await q(
              sql`SELECT toString(toDate(timestamp, 'Asia/Kolkata')) AS d, uniqExact(user_id) AS u FROM ${table('events')} WHERE ${range(kolkata)} AND user_id != '' GROUP BY d`,
            ),
            'd',
            'u',
          ),
      },
      'courses (50-course totals, 30 UTC days)': {
        'daily states (0023)': async () =>
          JSON.stringify(
            [...(await courses.totals(ALL_TENANTS, utc, ids))]
              .sort()
              .map(([id, c]) => [id, c.enrollments, c.completions, c.activeLearners, c.learningTimeSeconds]),
          ),
        'hourly states (0005)': async () =>
          JSON.stringify(
            (
              await q(sql`SELECT course_id, countMerge(enrollments) AS e, countMerge(completions) AS c, uniqExactMerge(active_learners) AS l, sumMerge(learning_time_seconds) AS s
                        FROM ${table('rollup_course_engagement')} WHERE course_id IN ${ids} AND ${range(utc, 'hour')} GROUP BY course_id ORDER BY course_id`)
            ).map((r) => [r.course_id, Number(r.e), Number(r.c), Number(r.l), Number(r.s)]),
          ),
        raw: async () =>
          JSON.stringify(
            (
              await q(sql`SELECT course_id, countIf(type = 'course.enrolled') AS e, countIf(type = 'course.completed') AS c, uniqExactIf(user_id, user_id != '') AS l,
                               sum(toUInt64(duration_seconds)) AS s
                        FROM ${table('events')} WHERE course_id IN ${ids} AND ${LEARNING} AND ${range(utc)} GROUP BY course_id ORDER BY course_id`)
            ).map((r) => [r.course_id, Number(r.e), Number(r.c), Number(r.l), Number(r.s)]),
          ),
      },
    };
    const results: unknown[] = [];
    for (const [metric, variants] of Object.entries(metrics)) {
      const answers = Object.fromEntries(await Promise.all(Object.entries(variants).map(async ([n, f]) => [n, await f()] as const)));
      const equal = Object.values(answers).every((x) => x === answers.raw);
      const loadBefore = load1();
      const times = await interleave(a.repeat, variants);
      const raw = times.raw.p50;
      for (const [n, s] of Object.entries(times)) {
        console.log(`| ${metric} | ${n} | ${fmt(s.p50)} ms | ${fmt(raw / s.p50)}x | ${equal ? 'equal' : 'DIFFER'} | ${fmt(loadBefore)}-${fmt(load1())} |`);
        results.push({ metric, variant: n, p50: s.p50, speedup: raw / s.p50, equal, load: [loadBefore, load1()] });
      }
    }
    const out = path.join(__dirname, 'results', `landed-${a.events}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(out, JSON.stringify({ events: a.events, migrateSeconds, results }, null, 2));
    console.log(`wrote ${out}`);
  } finally {
    await lab.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
