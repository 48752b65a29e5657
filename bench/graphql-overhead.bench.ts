import { capture, replayer } from './capture';
import type { BenchContext } from './context';
import { BENCH_COMPANY, BENCH_COURSE, LAST_30_DAYS, RETENTION_PERIOD } from './dataset';
import { interleaved, type Summary } from './stats';

export interface OverheadCase {
  name: string;
  /** Rollup-served fields carry the <= 1.2x target; raw-event fields are reported for context. */
  servedBy: 'rollup' | 'raw events';
  query: string;
  variables: Record<string, unknown>;
}

export const OVERHEAD_CASES: OverheadCase[] = [
  {
    name: 'dau (30 days)',
    servedBy: 'rollup',
    query: `query Dau($period: PeriodInput!) { dau(period: $period) { date value } }`,
    variables: { period: LAST_30_DAYS },
  },
  {
    name: 'courseEngagement',
    servedBy: 'rollup',
    query: `query Course($course: ID!, $period: PeriodInput!) {
      courseEngagement(courseId: $course, period: $period) {
        courseId enrollments completions activeLearners learningTimeSeconds lessonCompletions
        averageQuizScore quizPassRate completionRate averageTimeSpentSeconds
      }
    }`,
    variables: { course: BENCH_COURSE, period: LAST_30_DAYS },
  },
  {
    name: 'funnel (4 steps)',
    servedBy: 'raw events',
    query: `query Funnel($period: PeriodInput!) {
      funnel(period: $period, window: 604800, steps: [
        { eventType: "course.viewed" }, { eventType: "course.enrolled" },
        { eventType: "lesson.started" }, { eventType: "lesson.completed" }
      ]) { overallConversion steps { index name count conversionFromStart } }
    }`,
    variables: { period: LAST_30_DAYS },
  },
  {
    name: 'retention (8 weeks)',
    servedBy: 'raw events',
    query: `query Retention($period: PeriodInput!) {
      retention(period: $period, granularity: WEEK, periods: 8) { cohortStart size retained rates }
    }`,
    variables: { period: RETENTION_PERIOD },
  },
  {
    name: 'companyLearningSummary',
    servedBy: 'rollup',
    query: `query Company($company: ID!, $period: PeriodInput!) {
      companyLearningSummary(companyId: $company, period: $period) { companyId activeLearners coursesCompleted learningTimeSeconds certificatesIssued }
    }`,
    variables: { company: BENCH_COMPANY, period: LAST_30_DAYS },
  },
];

export interface OverheadMeasurement {
  name: string;
  servedBy: OverheadCase['servedBy'];
  /** The statements the field sent (operation names), replayed as they ran: together when they overlapped. */
  statements: string[];
  graphql: Summary;
  direct: Summary;
  /** GraphQL p50 / direct p50 (1.0 = no overhead). */
  ratioP50: number;
  ratioP95: number;
}

/**
 * GraphQL overhead: each field through GraphQL over HTTP (token check, parsing, validation,
 * resolvers, services, DataLoader, JSON) vs the identical SQL and parameters, captured with
 * db.onQuery during one GraphQL call and replayed straight through @clickhouse/client.
 */
export async function benchGraphQLOverhead(ctx: BenchContext, cases: OverheadCase[] = OVERHEAD_CASES): Promise<OverheadMeasurement[]> {
  const out: OverheadMeasurement[] = [];
  for (const c of cases) {
    ctx.log(`  graphql overhead: ${c.name}`);
    await ctx.graphql.request(c.query, c.variables); // warm the schema and caches before capturing
    const { queries } = await capture(ctx.db, () => ctx.graphql.request(c.query, c.variables));
    if (queries.length === 0) throw new Error(`${c.name}: the GraphQL call sent no statement`);
    const replay = replayer(ctx.db, queries, ctx.directSettings);
    const times = await interleaved(ctx.repeat, {
      graphql: () => ctx.graphql.request(c.query, c.variables),
      direct: replay,
    });
    out.push({
      name: c.name,
      servedBy: c.servedBy,
      statements: queries.map((q) => q.operation),
      graphql: times.graphql,
      direct: times.direct,
      ratioP50: times.graphql.p50 / times.direct.p50,
      ratioP95: times.graphql.p95 / times.direct.p95,
    });
  }
  return out;
}
