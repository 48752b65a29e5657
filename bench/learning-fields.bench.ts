import type { QueryEvent, ClickHouse } from '../src/clickhouse/client';
import { CourseLearnersRepository } from '../src/clickhouse/repositories/course-learners.repository';
import { PracticeProgressRepository } from '../src/clickhouse/repositories/practice-progress.repository';
import { QuizItemsRepository } from '../src/clickhouse/repositories/quiz-items.repository';
import { VideoEngagementRepository } from '../src/clickhouse/repositories/video-engagement.repository';
import { resolvePeriod } from '../src/domain/period';
import type { LearnerScope, TenantScope } from '../src/domain/tenant-scope';
import { BENCH_COURSE, DATA_END, LAST_30_DAYS } from './dataset';
import type { GraphQLClient } from './graphql-client';
import { interleaved, round, type Repeat } from './stats';

/**
 * Issue 14's learning fields (courseProgress, learners, quizItems, videoEngagement,
 * practiceProgress) at bench scale: each through GraphQL, with the statements it ran and where
 * they read; and each figure a rollup serves vs the same figures from raw events, answers
 * compared, both sides interleaved. Admin scope, the bench course, the last 30 days.
 */
export interface LearningFieldLatency {
  field: string;
  graphqlP50Ms: number;
  /** Each statement's operation and the table it read (a rollup, the catalogue, or raw events). */
  reads: string[];
}

export interface LearningRollupVsRaw {
  figure: string;
  rollupP50Ms: number;
  rawP50Ms: number;
  speedup: number;
  equal: boolean;
}

export interface LearningFieldsMeasurement {
  fields: LearningFieldLatency[];
  rollupsVsRaw: LearningRollupVsRaw[];
}

const P = `{ from: "${LAST_30_DAYS.from}", to: "${LAST_30_DAYS.to}" }`;

/** The fields as a course team's page asks for them. */
export const LEARNING_FIELDS: Record<string, string> = {
  courseProgress: `{ courseProgress(courseId: "${BENCH_COURSE}", period: ${P}) { lessons { lessonId started completed medianTimeSpentSeconds } progressDistribution { learners deciles { from learners } } enrollmentCohort { enrolled completedALesson } largestDropOff { lessonId } } }`,
  learnersAtRisk: `{ learners(courseId: "${BENCH_COURSE}", status: AT_RISK, asOf: "${DATA_END}T00:00:00Z", limit: 100) { counts { onTrack atRisk inactive completed } learners { userId progress } } }`,
  quizItems: `{ quizItems(courseId: "${BENCH_COURSE}", period: ${P}) { quizId attempts learners firstAttemptPassRate averageScore questions { questionId shareCorrect } } }`,
  videoEngagement: `{ videoEngagement(courseId: "${BENCH_COURSE}", period: ${P}) { lessonId plays uniqueViewers averageShareWatched completionRate viewersRemaining } }`,
  practiceProgress: `{ practiceProgress(period: ${P}) { sessions learners averageScore scenarios { scenarioId learners averageScore } strengthAreas { criterion averageScore } } }`,
};

const tableOf = (e: QueryEvent) => (/\.events\b/.test(e.query) ? 'raw events' : (/\.(rollup_\w+|catalog_\w+)/.exec(e.query)?.[1] ?? 'other'));

/** Floats rounded to 10 significant digits: a rollup adds the same scores in another order. */
const rounded = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(10)) : v)));

export async function benchLearningFields(
  db: ClickHouse,
  graphql: GraphQLClient,
  repeat: Repeat,
  log: (line: string) => void = () => {},
): Promise<LearningFieldsMeasurement> {
  const pool = db.pool;
  if (pool === undefined) throw new Error('the learning-fields bench sends SQL straight to the embedded engine: run it on the embedded engine');
  const fields: LearningFieldLatency[] = [];
  for (const [field, doc] of Object.entries(LEARNING_FIELDS)) {
    log(`  learning fields: ${field}`);
    const seen: QueryEvent[] = [];
    const stop = db.onQuery((e) => seen.push(e));
    await graphql.request(doc);
    stop();
    const t = await interleaved(repeat, { api: () => graphql.request(doc) });
    fields.push({ field, graphqlP50Ms: round(t.api.p50, 1), reads: seen.map((e) => `${e.operation} (${tableOf(e)})`) });
  }

  const rollupsVsRaw: LearningRollupVsRaw[] = [];
  const compare = async (figure: string, rollup: () => Promise<unknown>, raw: () => Promise<unknown>) => {
    log(`  learning fields: ${figure}, rollup vs raw`);
    const [x, y] = [rounded(await rollup()), rounded(await raw())];
    const t = await interleaved(repeat, { rollup, raw });
    rollupsVsRaw.push({
      figure,
      rollupP50Ms: round(t.rollup.p50, 1),
      rawP50Ms: round(t.raw.p50, 1),
      speedup: round(t.raw.p50 / t.rollup.p50),
      equal: JSON.stringify(x) === JSON.stringify(y),
    });
  };

  // Every company (the admin scope): bench code, not a tenancy decision.
  const all = { companyId: null, minLearners: null } as unknown as TenantScope & LearnerScope;
  const period = resolvePeriod({ from: new Date(`${LAST_30_DAYS.from}T00:00:00Z`), to: new Date(`${LAST_30_DAYS.to}T00:00:00Z`) });
  const course = { courseId: BENCH_COURSE };
  const from = `toDateTime64('${LAST_30_DAYS.from} 00:00:00', 3, 'UTC')`;
  const to = `toDateTime64('${LAST_30_DAYS.to} 00:00:00', 3, 'UTC')`;

  // courseProgress lessons: the rollup statement the API sends vs the same figures from raw events.
  const seen: QueryEvent[] = [];
  const stop = db.onQuery((e) => seen.push(e));
  await graphql.request(`{ courseProgress(courseId: "${BENCH_COURSE}", period: ${P}) { lessons { lessonId started completed } } }`);
  stop();
  const lessonsSql = seen.find((e) => e.operation === 'metrics.course_progress.lessons')!.sent;
  const lessonsRaw = `SELECT lesson_id, count() AS started, countIf(completions > 0) AS completed FROM (
      SELECT lesson_id, user_id, countIf(type = 'lesson.completed') AS completions FROM ${db.database}.events
      WHERE course_id = '${BENCH_COURSE}' AND lesson_id != '' AND user_id != '' AND startsWith(type, 'lesson.') AND timestamp >= ${from} AND timestamp < ${to}
      GROUP BY lesson_id, user_id) GROUP BY lesson_id`;
  type LessonRow = { lesson_id: string; started: number | string; completed: number | string };
  const lessons = (rows: LessonRow[]) =>
    [...rows].sort((a, b) => a.lesson_id.localeCompare(b.lesson_id)).map((r) => [r.lesson_id, Number(r.started), Number(r.completed)]);
  await compare(
    'courseProgress lessons (0041)',
    async () => lessons(await pool.query<LessonRow>(lessonsSql)),
    async () => lessons(await pool.query<LessonRow>(lessonsRaw)),
  );

  // learners' status counts: the per-learner rollup (0041) vs the same rule over raw events
  // (the rule's parameters fixed here: both sides get the same ones).
  const rule = { asOf: new Date(`${DATA_END}T00:00:00Z`), atRiskAfterDays: 7, inactiveAfterDays: 30, passThreshold: 70 };
  const learners = new CourseLearnersRepository(db);
  const statusRaw = `SELECT status, count() AS n FROM (
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
    GROUP BY status`;
  await compare(
    'learners status counts (0041)',
    () => learners.counts(all, BENCH_COURSE, rule),
    async () => {
      const n = Object.fromEntries((await pool.query<{ status: string; n: number | string }>(statusRaw)).map((r) => [r.status, Number(r.n)]));
      return { onTrack: n.ON_TRACK ?? 0, atRisk: n.AT_RISK ?? 0, inactive: n.INACTIVE ?? 0, completed: n.COMPLETED ?? 0 };
    },
  );

  // The daily rollups of videos (0092), quiz answers (0093) and practice (0094): the repository asked for each source.
  const videos = new VideoEngagementRepository(db);
  await compare(
    'videoEngagement (0092)',
    () => videos.videos(all, period, course, 'rollup'),
    () => videos.videos(all, period, course, 'raw'),
  );
  const quizzes = new QuizItemsRepository(db);
  await compare(
    'quizItems questions (0093)',
    () => quizzes.questions(all, period, course, 'rollup'),
    () => quizzes.questions(all, period, course, 'raw'),
  );
  // practiceProgress and practiceLearners as a page asks for them: the four groupings, the
  // criteria, the durations and the 100 most active learners by week.
  const practice = new PracticeProgressRepository(db);
  const page = async (source: 'rollup' | 'raw') => [
    ...(await Promise.all((['total', 'bucket', 'scenario', 'bucketScenario'] as const).map((g) => practice.groups(all, period, 'WEEK', g, source)))),
    await practice.criteria(all, period, source),
    await practice.durations(all, period, source),
    await practice.learners(all, period, 'WEEK', null, 100, source),
  ];
  await compare(
    'practice page (0094, 7 statements)',
    () => page('rollup'),
    () => page('raw'),
  );
  return { fields, rollupsVsRaw };
}
