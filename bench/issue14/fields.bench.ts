import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { QueryEvent } from '../../src/clickhouse/client';
import { CourseLearnersRepository } from '../../src/clickhouse/repositories/course-learners.repository';
import { PracticeProgressRepository } from '../../src/clickhouse/repositories/practice-progress.repository';
import { QuizItemsRepository } from '../../src/clickhouse/repositories/quiz-items.repository';
import { VideoEngagementRepository } from '../../src/clickhouse/repositories/video-engagement.repository';
import { resolvePeriod } from '../../src/domain/period';
import type { LearnerScope, TenantScope } from '../../src/domain/tenant-scope';
import { BENCH_COURSE, DATA_END, LAST_30_DAYS } from '../dataset';
import { openKeptStore, runScript } from '../kept-store';
import { interleaved } from '../stats';

const USAGE = `npx ts-node --transpile-only bench/issue14/fields.bench.ts --data-dir /tmp/learnmetrics-issue14-10m --database issue14_10000000`;

const P = `{ from: "${LAST_30_DAYS.from}", to: "${LAST_30_DAYS.to}" }`;

/** The issue-14 fields, as a course team's page asks for them (admin, the bench course, the last 30 days). */
const FIELDS: Record<string, string> = {
  courseProgress: `{ courseProgress(courseId: "${BENCH_COURSE}", period: ${P}) { lessons { lessonId started completed medianTimeSpentSeconds } progressDistribution { learners deciles { from learners } } enrollmentCohort { enrolled completedALesson } largestDropOff { lessonId } } }`,
  learnersAtRisk: `{ learners(courseId: "${BENCH_COURSE}", status: AT_RISK, asOf: "${DATA_END}T00:00:00Z", limit: 100) { counts { onTrack atRisk inactive completed } learners { userId progress } } }`,
  quizItems: `{ quizItems(courseId: "${BENCH_COURSE}", period: ${P}) { quizId attempts learners firstAttemptPassRate averageScore questions { questionId shareCorrect } } }`,
  videoEngagement: `{ videoEngagement(courseId: "${BENCH_COURSE}", period: ${P}) { lessonId plays uniqueViewers averageShareWatched completionRate viewersRemaining } }`,
  practiceProgress: `{ practiceProgress(period: ${P}) { sessions learners averageScore scenarios { scenarioId learners averageScore } strengthAreas { criterion averageScore } } }`,
};

/**
 * Latency of the issue-14 fields at bench scale through GraphQL, with the statements each ran
 * and where they read (a rollup or raw events); for courseProgress's lessons, served from the
 * per-learner rollup (0041), also the same figures computed from raw events, answers compared
 * and both statements timed straight on the engine, interleaved; for the daily rollups of
 * videos, quiz answers and practice, the repository asked for each source.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string', default: path.join(os.tmpdir(), 'learnmetrics-issue14') },
      database: { type: 'string', default: 'issue14_1000000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const store = await openKeptStore(values['data-dir']!, values.database!);
  const { db, admin: g } = store;
  const pool = db.pool!;
  const repeat = { warmup: 1, min: 7, max: 7, budgetMs: 0 };
  try {
    console.log(
      `load average at start: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' / ')}`,
    );
    console.log('| field | GraphQL p50 ms | statements (where they read) |');
    console.log('|---|---|---|');
    for (const [name, doc] of Object.entries(FIELDS)) {
      const seen: QueryEvent[] = [];
      const stop = db.onQuery((e) => seen.push(e));
      await g.request(doc);
      stop();
      const t = await interleaved(repeat, { api: () => g.request(doc) });
      const reads = seen.map(
        (e) => `${e.operation} (${/\.events\b/.test(e.query) ? 'raw events' : (/\.(rollup_\w+|catalog_\w+)/.exec(e.query)?.[1] ?? 'other')})`,
      );
      console.log(`| ${name} | ${t.api.p50.toFixed(1)} | ${reads.join(', ')} |`);
    }

    // Every company (the admin scope): bench code, not a tenancy decision.
    const all = { companyId: null, minLearners: null } as unknown as TenantScope & LearnerScope;
    // courseProgress lessons: the rollup statement the API sends vs the same figures from raw events.
    const seen: QueryEvent[] = [];
    const stop = db.onQuery((e) => seen.push(e));
    await g.request(`{ courseProgress(courseId: "${BENCH_COURSE}", period: ${P}) { lessons { lessonId started completed } } }`);
    stop();
    const rollup = seen.find((e) => e.operation === 'metrics.course_progress.lessons')!.sent;
    const raw = `SELECT lesson_id, count() AS started, countIf(completions > 0) AS completed FROM (
        SELECT lesson_id, user_id, countIf(type = 'lesson.completed') AS completions FROM ${db.database}.events
        WHERE course_id = '${BENCH_COURSE}' AND lesson_id != '' AND user_id != '' AND startsWith(type, 'lesson.')
          AND timestamp >= toDateTime64('${LAST_30_DAYS.from} 00:00:00', 3, 'UTC') AND timestamp < toDateTime64('${LAST_30_DAYS.to} 00:00:00', 3, 'UTC')
        GROUP BY lesson_id, user_id) GROUP BY lesson_id ORDER BY lesson_id`;
    type Row = { lesson_id: string; started: number | string; completed: number | string };
    const key = (rows: Row[]) =>
      JSON.stringify([...rows].sort((a, b) => a.lesson_id.localeCompare(b.lesson_id)).map((r) => [r.lesson_id, Number(r.started), Number(r.completed)]));
    const [a, b] = [await pool.query<Row>(rollup), await pool.query<Row>(raw)];
    const t = await interleaved(repeat, { rollup: () => pool.query(rollup), raw: () => pool.query(raw) });
    console.log(
      `\ncourseProgress lessons (${a.length} lessons): rollup ${t.rollup.p50.toFixed(1)} ms, raw events ${t.raw.p50.toFixed(1)} ms, raw / rollup ${(t.raw.p50 / t.rollup.p50).toFixed(2)}x, answers ${key(a) === key(b) ? 'equal' : 'DIFFER'}`,
    );
    // learners' status counts: the per-learner rollup (0041) vs the same rule over raw events
    // (the rule's parameters fixed here: both sides get the same ones).
    const rule = { asOf: new Date(`${DATA_END}T00:00:00Z`), atRiskAfterDays: 7, inactiveAfterDays: 30, passThreshold: 70 };
    const learnersRepo = new CourseLearnersRepository(db);
    const rawCounts = `SELECT status, count() AS n FROM (
        SELECT multiIf(completions > 0, 'COMPLETED', last_at <= asOf - toIntervalDay(30), 'INACTIVE',
                       enrolled > 0 AND (last_at <= asOf - toIntervalDay(7) OR (quizzes > 0 AND quiz_score < 70)), 'AT_RISK', 'ON_TRACK') AS status
        FROM (SELECT user_id, toDateTime64('${DATA_END} 00:00:00', 3, 'UTC') AS asOf, countIf(type = 'course.enrolled') AS enrolled,
                     countIf(type = 'course.completed') AS completions, max(timestamp) AS last_at,
                     countIf(type = 'quiz.completed' AND score IS NOT NULL) AS quizzes,
                     sumIf(assumeNotNull(score), type = 'quiz.completed' AND score IS NOT NULL) / quizzes AS quiz_score
              FROM ${db.database}.events
              WHERE course_id = '${BENCH_COURSE}' AND user_id != '' AND timestamp < toDateTime64('${DATA_END} 01:00:00', 3, 'UTC')
                AND (startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.') OR type IN ('quiz.completed', 'practice_session.completed'))
              GROUP BY user_id))
      GROUP BY status ORDER BY status`;
    const countsOf = (rows: { status: string; n: number | string }[]) => Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    const fromRollup = await learnersRepo.counts(all, BENCH_COURSE, rule);
    const fromRaw = countsOf(await pool.query(rawCounts));
    const sameCounts =
      fromRollup.onTrack === (fromRaw.ON_TRACK ?? 0) &&
      fromRollup.atRisk === (fromRaw.AT_RISK ?? 0) &&
      fromRollup.inactive === (fromRaw.INACTIVE ?? 0) &&
      fromRollup.completed === (fromRaw.COMPLETED ?? 0);
    const tl = await interleaved(repeat, { rollup: () => learnersRepo.counts(all, BENCH_COURSE, rule), raw: () => pool.query(rawCounts) });
    console.log(
      `learners status counts (0041, ${JSON.stringify(fromRollup)}): rollup ${tl.rollup.p50.toFixed(1)} ms, raw events ${tl.raw.p50.toFixed(1)} ms, raw / rollup ${(tl.raw.p50 / tl.rollup.p50).toFixed(2)}x, answers ${sameCounts ? 'equal' : 'DIFFER'}`,
    );
    // The daily rollups (0092 videos, 0093 quiz answers, 0094 practice) vs raw events: the
    // repository asked for each source, answers compared, interleaved.
    const period = resolvePeriod({ from: new Date(`${LAST_30_DAYS.from}T00:00:00Z`), to: new Date(`${LAST_30_DAYS.to}T00:00:00Z`) });
    const selection = { courseId: BENCH_COURSE };
    const compare = async (name: string, run: (source: 'rollup' | 'raw') => Promise<unknown>) => {
      const [x, y] = [await run('rollup'), await run('raw')];
      const tr = await interleaved(repeat, { rollup: () => run('rollup'), raw: () => run('raw') });
      console.log(
        `${name}: rollup ${tr.rollup.p50.toFixed(1)} ms, raw events ${tr.raw.p50.toFixed(1)} ms, raw / rollup ${(tr.raw.p50 / tr.rollup.p50).toFixed(2)}x, answers ${JSON.stringify(x) === JSON.stringify(y) ? 'equal' : 'DIFFER'}`,
      );
    };
    const videos = new VideoEngagementRepository(db);
    await compare('videoEngagement (0092)', (source) => videos.videos(all, period, selection, source));
    const quizzes = new QuizItemsRepository(db);
    await compare('quizItems questions (0093)', (source) => quizzes.questions(all, period, selection, source));
    // practiceProgress and practiceLearners as a page asks for them: the four groupings, the
    // criteria, the durations and the 100 most active learners by week. Float sums are rounded:
    // the rollup adds the same scores in another order.
    const practice = new PracticeProgressRepository(db);
    const rounded = (value: unknown) => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(10)) : v)));
    await compare('practice page (0094, 7 statements)', async (source) =>
      rounded([
        ...(await Promise.all((['total', 'bucket', 'scenario', 'bucketScenario'] as const).map((g) => practice.groups(all, period, 'WEEK', g, source)))),
        await practice.criteria(all, period, source),
        await practice.durations(all, period, source),
        await practice.learners(all, period, 'WEEK', null, 100, source),
      ]),
    );
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

runScript('issue-14 fields bench', main);
