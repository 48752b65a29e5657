import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { readMigrationFiles, splitStatements } from '../../src/clickhouse/migrations';
import { courseIds, LAST_30_DAYS } from '../dataset';
import { differences } from '../raw-metrics';
import { args, fmt, interleave, load1, openLab, type Lab } from './common';

/**
 * Rollup redesign measurements (issue 11) on the loaded data set: each metric over the bench's
 * 30-day period from raw events, today's hourly rollups, and the candidates (the draft
 * migrations in docs/drafts/issue-11-rollups plus uniqExact-vs-uniqCombined variants made here).
 * Every variant answers the same question; exact variants must equal raw, approximate ones
 * report their error. All tables are OPTIMIZEd FINAL first, so every variant is read fully merged.
 */

const DRAFTS = path.join(__dirname, '../../docs/drafts/issue-11-rollups');
/** Candidates measured and not chosen (kept so the comparison can be run again). */
const CANDIDATES = path.join(__dirname, 'candidates');
const F = `'${LAST_30_DAYS.from} 00:00:00'`;
const T = `'${LAST_30_DAYS.to} 00:00:00'`;
const Fd = `'${LAST_30_DAYS.from}'`;
const Td = `'${LAST_30_DAYS.to}'`;
const LEARN = `(startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.') OR type IN ('quiz.completed', 'practice_session.completed'))`;
const IDS = `(${courseIds()
  .map((c) => `'${c}'`)
  .join(', ')})`;

/** A daily copy of an hourly migration (same columns and view at day grain), optionally with uniqCombined states. */
function dailyVariant(file: string, suffix: string, combined: boolean): string {
  let text = readMigrationFiles().find((f) => f.name === file)!.text;
  text = text
    .split('\n')
    .filter((l) => !l.startsWith('--'))
    .join('\n');
  const table = /CREATE TABLE IF NOT EXISTS \$\{db\}\.(\w+)/.exec(text)![1];
  const view = /CREATE MATERIALIZED VIEW IF NOT EXISTS \$\{db\}\.(\w+)/.exec(text)![1];
  text = text.replaceAll(table, `x_${table}${suffix}`).replaceAll(view, `x_${view}${suffix}`);
  text = text
    .replace("hour DateTime('UTC')", 'day Date')
    .replace('toStartOfHour(timestamp) AS hour', 'toDate(timestamp) AS day')
    .replace(/\bhour\b/g, 'day');
  if (combined) text = text.replace(/uniqExact/g, 'uniqCombined');
  return text;
}

/** Creates the tables and views of `text` and fills each new table from the events already there (the view's SELECT). */
async function apply(lab: Lab, text: string): Promise<string[]> {
  const tables: string[] = [];
  for (const statement of splitStatements(text, lab.database)) {
    const view = /^CREATE MATERIALIZED VIEW IF NOT EXISTS (\S+) TO (\S+) AS\s+([\s\S]+)$/.exec(statement);
    if (!view) {
      await lab.pool.command(statement);
      continue;
    }
    const target = view[2];
    tables.push(target);
    const [{ n }] = await lab.pool.query<{ n: number }>(`SELECT count() AS n FROM ${target}`);
    if (n === 0) {
      const t = performance.now();
      await lab.pool.command(`INSERT INTO ${target} ${view[3]}`);
      console.log(`  backfilled ${target} in ${fmt((performance.now() - t) / 1000)} s`);
    }
    await lab.pool.command(statement);
  }
  return tables;
}

type Rows = Record<string, unknown>[];
interface Variant {
  sql: string;
  exact: boolean;
}

async function compare(lab: Lab, name: string, repeat: number, variants: Record<string, Variant>, results: unknown[]) {
  const answers: Record<string, Rows> = {};
  const read: Record<string, { estimatedRows: number; marks: number }> = {};
  for (const [v, { sql }] of Object.entries(variants)) {
    answers[v] = await lab.pool.query(sql);
    const e = await lab.pool.estimate(sql);
    read[v] = { estimatedRows: e.rows, marks: e.marks };
  }
  const times = await interleave(repeat, Object.fromEntries(Object.entries(variants).map(([v, { sql }]) => [v, () => lab.pool.query(sql)])));
  const raw = times.raw.p50;
  console.log(`\n${name} (load ${fmt(load1(), 2)})`);
  for (const [v, { exact }] of Object.entries(variants)) {
    const diff = differences(normalise(answers[v]), normalise(answers.raw));
    const error = exact ? null : maxRelativeError(answers[v], answers.raw);
    const line = {
      metric: name,
      variant: v,
      p50: Number(fmt(times[v].p50, 2)),
      min: Number(fmt(times[v].min, 2)),
      speedupVsRaw: Number(fmt(raw / times[v].p50, 2)),
      ...read[v],
      equal: diff.length === 0,
      maxRelError: error,
      firstDifferences: exact ? diff.slice(0, 2) : [],
    };
    results.push(line);
    console.log(
      `  ${v.padEnd(34)} p50 ${fmt(times[v].p50, 2).padStart(8)} ms  x${fmt(raw / times[v].p50, 1).padStart(5)}  reads ${String(read[v].estimatedRows).padStart(8)} rows  ${exact ? (diff.length === 0 ? 'equal' : `DIFFERS ${diff.slice(0, 2).join('; ')}`) : `max rel error ${(100 * (error ?? 0)).toFixed(3)}%`}`,
    );
  }
}

const normalise = (rows: Rows) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v])));

function maxRelativeError(a: Rows, b: Rows): number {
  let worst = 0;
  a.forEach((row, i) =>
    Object.entries(row).forEach(([k, v]) => {
      const x = Number(v);
      const y = Number(b[i]?.[k]);
      if (Number.isFinite(x) && Number.isFinite(y) && y !== 0) worst = Math.max(worst, Math.abs(x - y) / y);
    }),
  );
  return worst;
}

/** The UTC hours that a local midnight of [from, to) cuts (not on a whole hour), and the UTC range of the period. */
function boundaries(zone: string, from: string, to: string) {
  const start = DateTime.fromISO(from, { zone });
  const end = DateTime.fromISO(to, { zone });
  const cut: number[] = [];
  for (let d = start; d <= end; d = d.plus({ days: 1 })) {
    const m = d.toUTC().toMillis();
    if (m % 3_600_000 !== 0) cut.push(m - (m % 3_600_000));
  }
  return { fromUtc: start.toUTC().toMillis(), toUtc: end.toUTC().toMillis(), cut };
}

const ts = (ms: number) => `'${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}'`;

function zoneVariants(db: string, zone: string, from: string, to: string): Record<string, Variant> {
  const { fromUtc, toUtc, cut } = boundaries(zone, from, to);
  const z = `'${zone}'`;
  const ranges = (col: string) => cut.map((h) => `(${col} >= ${ts(Math.max(h, fromUtc))} AND ${col} < ${ts(Math.min(h + 3_600_000, toUtc))})`).join(' OR ');
  const wholeHours = `hour >= ${ts(fromUtc)} AND hour + INTERVAL 1 HOUR <= ${ts(toUtc)} AND hour NOT IN (${cut.map(ts).join(', ')})`;
  return {
    raw: {
      sql: `SELECT toDate(timestamp, ${z}) AS d, uniqExact(user_id) AS v FROM ${db}.events WHERE timestamp >= ${ts(fromUtc)} AND timestamp < ${ts(toUtc)} AND user_id != '' GROUP BY d ORDER BY d`,
      exact: true,
    },
    'hourly + 15m boundary hours': {
      sql: `SELECT d, uniqExactMerge(s) AS v FROM (
              SELECT toDate(hour, ${z}) AS d, users AS s FROM ${db}.rollup_active_users WHERE ${wholeHours}
              UNION ALL
              SELECT toDate(quarter, ${z}) AS d, users AS s FROM ${db}.rollup_active_users_15m WHERE ${ranges('quarter')}
            ) GROUP BY d ORDER BY d`,
      exact: true,
    },
    'hourly + raw boundary slices': {
      sql: `SELECT d, uniqExactMerge(s) AS v FROM (
              SELECT toDate(hour, ${z}) AS d, users AS s FROM ${db}.rollup_active_users WHERE ${wholeHours}
              UNION ALL
              SELECT toDate(timestamp, ${z}) AS d, uniqExactState(user_id) AS s FROM ${db}.events WHERE user_id != '' AND (${ranges('timestamp')}) GROUP BY d
            ) GROUP BY d ORDER BY d`,
      exact: true,
    },
    '15m only': {
      sql: `SELECT toDate(quarter, ${z}) AS d, uniqExactMerge(users) AS v FROM ${db}.rollup_active_users_15m WHERE quarter >= ${ts(fromUtc)} AND quarter < ${ts(toUtc)} GROUP BY d ORDER BY d`,
      exact: true,
    },
  };
}

async function main() {
  const a = args();
  const lab = openLab({ ...a, sessions: 1 });
  const db = lab.database;
  const results: unknown[] = [];
  try {
    console.log(`setting up candidates in ${db} (load ${fmt(load1(), 2)})`);
    const tables = ['rollup_active_users', 'rollup_course_engagement', 'rollup_company_learning', 'rollup_content', 'rollup_acquisition'].map(
      (t) => `${db}.${t}`,
    );
    for (const dir of [DRAFTS, CANDIDATES])
      for (const f of fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.sql'))
        .sort())
        tables.push(...(await apply(lab, fs.readFileSync(path.join(dir, f), 'utf8'))));
    tables.push(...(await apply(lab, dailyVariant('0003_rollup_active_users.sql', '', false))));
    tables.push(...(await apply(lab, dailyVariant('0003_rollup_active_users.sql', '_uc', true))));
    tables.push(...(await apply(lab, dailyVariant('0005_rollup_course_engagement.sql', '_uc', true))));
    for (const t of tables) await lab.pool.command(`OPTIMIZE TABLE ${t} FINAL`);
    const sizes = await lab.pool.query(
      `SELECT table, sum(rows) AS rows, formatReadableSize(sum(data_compressed_bytes)) AS size, count() AS parts FROM system.parts WHERE database = '${db}' AND active GROUP BY table ORDER BY table`,
    );
    console.log('table sizes', JSON.stringify(sizes));
    results.push({ sizes });
    const only = (name: string) => !a.only || name.includes(a.only);
    const R = a.repeat;

    if (only('dau')) {
      await compare(
        lab,
        'dau, 30 UTC days, all companies',
        R,
        {
          raw: {
            sql: `SELECT toDate(timestamp) AS d, uniqExact(user_id) AS v FROM ${db}.events WHERE timestamp >= ${F} AND timestamp < ${T} AND user_id != '' GROUP BY d ORDER BY d`,
            exact: true,
          },
          'hourly uniqExact (today)': {
            sql: `SELECT toDate(hour) AS d, uniqExactMerge(users) AS v FROM ${db}.rollup_active_users WHERE hour >= ${F} AND hour < ${T} GROUP BY d ORDER BY d`,
            exact: true,
          },
          'daily uniqExact states': {
            sql: `SELECT day AS d, uniqExactMerge(users) AS v FROM ${db}.x_rollup_active_users WHERE day >= ${Fd} AND day < ${Td} GROUP BY d ORDER BY d`,
            exact: true,
          },
          'active_user_days (uniqExact rows)': {
            sql: `SELECT day AS d, uniqExact(user_id) AS v FROM ${db}.active_user_days WHERE day >= ${Fd} AND day < ${Td} GROUP BY d ORDER BY d`,
            exact: true,
          },
          'daily uniqCombined states': {
            sql: `SELECT day AS d, uniqCombinedMerge(users) AS v FROM ${db}.x_rollup_active_users_uc WHERE day >= ${Fd} AND day < ${Td} GROUP BY d ORDER BY d`,
            exact: false,
          },
        },
        results,
      );
      await compare(
        lab,
        'dau, 30 UTC days, company-01',
        R,
        {
          raw: {
            sql: `SELECT toDate(timestamp) AS d, uniqExact(user_id) AS v FROM ${db}.events WHERE timestamp >= ${F} AND timestamp < ${T} AND user_id != '' AND company_id = 'company-01' GROUP BY d ORDER BY d`,
            exact: true,
          },
          'hourly uniqExact (today)': {
            sql: `SELECT toDate(hour) AS d, uniqExactMerge(users) AS v FROM ${db}.rollup_active_users WHERE hour >= ${F} AND hour < ${T} AND company_id = 'company-01' GROUP BY d ORDER BY d`,
            exact: true,
          },
          'active_user_days (uniqExact rows)': {
            sql: `SELECT day AS d, uniqExact(user_id) AS v FROM ${db}.active_user_days WHERE day >= ${Fd} AND day < ${Td} AND company_id = 'company-01' GROUP BY d ORDER BY d`,
            exact: true,
          },
        },
        results,
      );
    }
    if (only('mau')) {
      await compare(
        lab,
        'mau (distinct users, 30 UTC days)',
        R,
        {
          raw: { sql: `SELECT uniqExact(user_id) AS v FROM ${db}.events WHERE timestamp >= ${F} AND timestamp < ${T} AND user_id != ''`, exact: true },
          'hourly uniqExact (today)': {
            sql: `SELECT uniqExactMerge(users) AS v FROM ${db}.rollup_active_users WHERE hour >= ${F} AND hour < ${T}`,
            exact: true,
          },
          'daily uniqExact states': {
            sql: `SELECT uniqExactMerge(users) AS v FROM ${db}.x_rollup_active_users WHERE day >= ${Fd} AND day < ${Td}`,
            exact: true,
          },
          'active_user_days uniqExact': { sql: `SELECT uniqExact(user_id) AS v FROM ${db}.active_user_days WHERE day >= ${Fd} AND day < ${Td}`, exact: true },
          'active_user_days uniqCombined': {
            sql: `SELECT uniqCombined(user_id) AS v FROM ${db}.active_user_days WHERE day >= ${Fd} AND day < ${Td}`,
            exact: false,
          },
          'active_user_days uniq': { sql: `SELECT uniq(user_id) AS v FROM ${db}.active_user_days WHERE day >= ${Fd} AND day < ${Td}`, exact: false },
          'daily uniqCombined states': {
            sql: `SELECT uniqCombinedMerge(users) AS v FROM ${db}.x_rollup_active_users_uc WHERE day >= ${Fd} AND day < ${Td}`,
            exact: false,
          },
        },
        results,
      );
    }
    if (only('course')) {
      const cols = (cnt: string, uniq: string, sum: string, avg: string) =>
        `course_id, ${cnt}(enrollments) AS enrollments, ${cnt}(completions) AS completions, ${uniq} AS active_learners, ${sum}(learning_time_seconds) AS learning_time,
         ${cnt}(lesson_completions) AS lesson_completions, ${avg}(quiz_score) AS quiz_score, ${cnt}(quizzes) AS quizzes, ${cnt}(quizzes_passed) AS quizzes_passed`;
      await compare(
        lab,
        'courses (50-course dashboard, 30 UTC days)',
        R,
        {
          raw: {
            sql: `SELECT course_id, countIf(type = 'course.enrolled') AS enrollments, countIf(type = 'course.completed') AS completions, uniqExactIf(user_id, user_id != '') AS active_learners,
                  sum(toUInt64(duration_seconds)) AS learning_time, countIf(type = 'lesson.completed') AS lesson_completions, avgIf(assumeNotNull(score), type = 'quiz.completed' AND score IS NOT NULL) AS quiz_score,
                  countIf(type = 'quiz.completed') AS quizzes, countIf(type = 'quiz.completed' AND passed = true) AS quizzes_passed
                FROM ${db}.events WHERE course_id IN ${IDS} AND ${LEARN} AND timestamp >= ${F} AND timestamp < ${T} GROUP BY course_id ORDER BY course_id`,
            exact: true,
          },
          'hourly uniqExact (today)': {
            sql: `SELECT ${cols('countMerge', 'uniqExactMerge(active_learners)', 'sumMerge', 'avgMerge')} FROM ${db}.rollup_course_engagement WHERE course_id IN ${IDS} AND hour >= ${F} AND hour < ${T} GROUP BY course_id ORDER BY course_id`,
            exact: true,
          },
          'daily uniqExact states (draft 0014)': {
            sql: `SELECT ${cols('countMerge', 'uniqExactMerge(active_learners)', 'sumMerge', 'avgMerge')} FROM ${db}.rollup_course_engagement_daily WHERE course_id IN ${IDS} AND day >= ${Fd} AND day < ${Td} GROUP BY course_id ORDER BY course_id`,
            exact: true,
          },
          'daily sums + course_learner_days': {
            sql: `SELECT c.course_id AS course_id, enrollments, completions, l.active_learners AS active_learners, learning_time, lesson_completions, quiz_score, quizzes, quizzes_passed FROM
                  (SELECT ${cols('sum', '0', 'sum', 'avgMerge')} FROM ${db}.x_course_daily_sums WHERE course_id IN ${IDS} AND day >= ${Fd} AND day < ${Td} GROUP BY course_id) AS c
                  LEFT JOIN (SELECT course_id, uniqExact(user_id) AS active_learners FROM ${db}.course_learner_days WHERE course_id IN ${IDS} AND day >= ${Fd} AND day < ${Td} GROUP BY course_id) AS l USING (course_id)
                ORDER BY course_id`,
            exact: true,
          },
          'daily uniqCombined states': {
            sql: `SELECT ${cols('countMerge', 'uniqCombinedMerge(active_learners)', 'sumMerge', 'avgMerge')} FROM ${db}.x_rollup_course_engagement_uc WHERE course_id IN ${IDS} AND day >= ${Fd} AND day < ${Td} GROUP BY course_id ORDER BY course_id`,
            exact: false,
          },
        },
        results,
      );
    }
    if (only('company')) {
      await compare(
        lab,
        'companyLearningSummary (company-01, 30 UTC days)',
        R,
        {
          raw: {
            sql: `SELECT uniqExactIf(user_id, user_id != '' AND ${LEARN}) AS active_learners, countIf(type = 'course.completed') AS courses_completed, sumIf(toUInt64(duration_seconds), ${LEARN}) AS learning_time, countIf(type = 'certificate.issued') AS certificates
                FROM ${db}.events WHERE company_id = 'company-01' AND timestamp >= ${F} AND timestamp < ${T}`,
            exact: true,
          },
          'hourly uniqExact (today)': {
            sql: `SELECT uniqExactMerge(active_learners) AS active_learners, countMerge(courses_completed) AS courses_completed, sumMerge(learning_time_seconds) AS learning_time, countMerge(certificates_issued) AS certificates FROM ${db}.rollup_company_learning WHERE company_id = 'company-01' AND hour >= ${F} AND hour < ${T}`,
            exact: true,
          },
          'daily uniqExact states': {
            sql: `SELECT uniqExactMerge(active_learners) AS active_learners, countMerge(courses_completed) AS courses_completed, sumMerge(learning_time_seconds) AS learning_time, countMerge(certificates_issued) AS certificates FROM ${db}.rollup_company_learning_daily WHERE company_id = 'company-01' AND day >= ${Fd} AND day < ${Td}`,
            exact: true,
          },
          // No view of its own: learners from active_user_days (0012), the counts from the hourly table.
          'hourly counts + active_user_days learners': {
            sql: `SELECT (SELECT uniqExactIf(user_id, learner = 1) FROM ${db}.active_user_days WHERE company_id = 'company-01' AND day >= ${Fd} AND day < ${Td}) AS active_learners,
                  countMerge(courses_completed) AS courses_completed, sumMerge(learning_time_seconds) AS learning_time, countMerge(certificates_issued) AS certificates
                FROM ${db}.rollup_company_learning WHERE company_id = 'company-01' AND hour >= ${F} AND hour < ${T}`,
            exact: true,
          },
        },
        results,
      );
    }
    if (only('campaign')) {
      const q = (t: string, col: string, from: string, to: string) =>
        `SELECT toString(utm_source) AS s, toString(utm_medium) AS m, toString(utm_campaign) AS c, uniqExactMerge(sessions) AS sessions, uniqExactMerge(users) AS users, countMerge(signups) AS signups, countMerge(enrollments) AS enrollments
         FROM ${db}.${t} WHERE ${col} >= ${from} AND ${col} < ${to} GROUP BY s, m, c ORDER BY s, m, c`;
      await compare(
        lab,
        'campaignPerformance (30 UTC days)',
        R,
        {
          raw: {
            sql: `SELECT toString(utm_source) AS s, toString(utm_medium) AS m, toString(utm_campaign) AS c, uniqExactIf(session_id, session_id != '') AS sessions, uniqExactIf(user_id, user_id != '') AS users, countIf(type = 'user.registered') AS signups, countIf(type = 'course.enrolled') AS enrollments
                FROM ${db}.events WHERE utm_source != '' AND timestamp >= ${F} AND timestamp < ${T} GROUP BY s, m, c ORDER BY s, m, c`,
            exact: true,
          },
          'hourly uniqExact (today)': { sql: q('rollup_acquisition', 'hour', F, T), exact: true },
          'daily uniqExact states': { sql: q('rollup_acquisition_daily', 'day', Fd, Td), exact: true },
        },
        results,
      );
    }
    if (only('content')) {
      const q = (t: string, col: string, from: string, to: string) =>
        `SELECT content_id AS id, countMerge(views) AS views, uniqExactMerge(viewers) AS viewers, countMerge(completions) AS completions, sumMerge(time_seconds) AS time_seconds, avgMerge(score) AS score
         FROM ${db}.${t} WHERE kind = 'course' AND ${col} >= ${from} AND ${col} < ${to} GROUP BY id HAVING views > 0 ORDER BY views DESC, id LIMIT 10`;
      await compare(
        lab,
        'topContent (10 courses, 30 UTC days)',
        R,
        {
          raw: {
            sql: `SELECT course_id AS id, countIf(type IN ('course.viewed', 'lesson.started')) AS views, uniqExactIf(if(user_id != '', user_id, anonymous_id), type IN ('course.viewed', 'lesson.started') AND (user_id != '' OR anonymous_id != '')) AS viewers,
                  countIf(type IN ('course.completed', 'lesson.completed')) AS completions, sum(toUInt64(duration_seconds)) AS time_seconds, avgIf(assumeNotNull(score), score IS NOT NULL) AS score
                FROM ${db}.events WHERE course_id != '' AND (startsWith(type, 'course.') OR startsWith(type, 'lesson.') OR startsWith(type, 'module.')) AND timestamp >= ${F} AND timestamp < ${T}
                GROUP BY id HAVING views > 0 ORDER BY views DESC, id LIMIT 10`,
            exact: true,
          },
          'hourly uniqExact (today)': { sql: q('rollup_content', 'hour', F, T), exact: true },
          'daily uniqExact states': { sql: q('rollup_content_daily', 'day', Fd, Td), exact: true },
        },
        results,
      );
    }
    if (only('zone')) {
      for (const zone of ['Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Adelaide']) {
        await compare(lab, `dau, 30 days in ${zone}`, R, zoneVariants(db, zone, LAST_30_DAYS.from, LAST_30_DAYS.to), results);
      }
      const zone = 'America/New_York';
      const z = `'${zone}'`;
      const { fromUtc, toUtc } = boundaries(zone, LAST_30_DAYS.from, LAST_30_DAYS.to);
      await compare(
        lab,
        `dau, 30 days in ${zone} (whole-hour zone)`,
        R,
        {
          raw: {
            sql: `SELECT toDate(timestamp, ${z}) AS d, uniqExact(user_id) AS v FROM ${db}.events WHERE timestamp >= ${ts(fromUtc)} AND timestamp < ${ts(toUtc)} AND user_id != '' GROUP BY d ORDER BY d`,
            exact: true,
          },
          'hourly uniqExact (today)': {
            sql: `SELECT toDate(hour, ${z}) AS d, uniqExactMerge(users) AS v FROM ${db}.rollup_active_users WHERE hour >= ${ts(fromUtc)} AND hour < ${ts(toUtc)} GROUP BY d ORDER BY d`,
            exact: true,
          },
          '15m only': {
            sql: `SELECT toDate(quarter, ${z}) AS d, uniqExactMerge(users) AS v FROM ${db}.rollup_active_users_15m WHERE quarter >= ${ts(fromUtc)} AND quarter < ${ts(toUtc)} GROUP BY d ORDER BY d`,
            exact: true,
          },
        },
        results,
      );
      await compare(
        lab,
        'dau at HOUR granularity, 7 UTC days',
        R,
        {
          raw: {
            sql: `SELECT toStartOfHour(timestamp) AS h, uniqExact(user_id) AS v FROM ${db}.events WHERE timestamp >= '2026-09-24 00:00:00' AND timestamp < ${T} AND user_id != '' GROUP BY h ORDER BY h`,
            exact: true,
          },
          'hourly uniqExact (today)': {
            sql: `SELECT hour AS h, uniqExactMerge(users) AS v FROM ${db}.rollup_active_users WHERE hour >= '2026-09-24 00:00:00' AND hour < ${T} GROUP BY h ORDER BY h`,
            exact: true,
          },
          '15m only': {
            sql: `SELECT toStartOfHour(quarter) AS h, uniqExactMerge(users) AS v FROM ${db}.rollup_active_users_15m WHERE quarter >= '2026-09-24 00:00:00' AND quarter < ${T} GROUP BY h ORDER BY h`,
            exact: true,
          },
        },
        results,
      );
    }
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    const file = path.join(__dirname, 'results', `rollups-${a.events}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify({ events: a.events, load1End: load1(), results }, null, 2));
    console.log(`\nwrote ${file}`);
  } finally {
    await lab.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
