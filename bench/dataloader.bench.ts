import { capture } from './capture';
import type { BenchContext } from './context';
import { courseIds, LAST_30_DAYS } from './dataset';
import { differences } from './raw-metrics';
import { interleaved, type Summary } from './stats';

const FIELDS = 'courseId enrollments completions activeLearners learningTimeSeconds lessonCompletions averageQuizScore quizPassRate completionRate';

export interface DataLoaderMeasurement {
  courses: number;
  /** ClickHouse statements for the whole dashboard (one request: the batched totals query). */
  queries: { oneRequest: number; separateRequests: number };
  /** Wall time for the whole dashboard (ms). */
  oneRequest: Summary;
  /** All 50 requests in flight at once (a dashboard loading its widgets in parallel). */
  separateParallel: Summary;
  /** One request after the other. */
  separateSequential: Summary;
  /** The one-request answers equal the separate answers. */
  equal: boolean;
}

/**
 * The 50-course dashboard as one request (`courses(ids: [50 ids])`, whose Course.engagement
 * fields a DataLoader gathers into one query) vs 50 requests of one courseEngagement each.
 * (50 aliased courseEngagement fields in one request would be batched the same way, but the
 * API refuses more than MAX_ALIASES = 30 aliases.)
 */
export async function benchDataLoader(ctx: BenchContext): Promise<DataLoaderMeasurement> {
  ctx.log('  dataloader: 50-course dashboard');
  const ids = courseIds();
  const batched = `query Dashboard($ids: [ID!]!, $p: PeriodInput!) { courses(ids: $ids, period: $p) { engagement { ${FIELDS} } } }`;
  const single = `query Course($c: ID!, $p: PeriodInput!) { courseEngagement(courseId: $c, period: $p) { ${FIELDS} } }`;
  const vars = { p: LAST_30_DAYS };
  const oneRequest = () => ctx.graphql.request<{ courses: { engagement: unknown }[] }>(batched, { ...vars, ids });
  const separateParallel = () => Promise.all(ids.map((c) => ctx.graphql.request<Record<string, unknown>>(single, { ...vars, c })));
  const separateSequential = async () => {
    for (const c of ids) await ctx.graphql.request(single, { ...vars, c });
  };

  await oneRequest();
  const one = await capture(ctx.db, oneRequest);
  const separate = await capture(ctx.db, separateParallel);
  const equal =
    differences(
      one.result.courses.map((c) => c.engagement),
      separate.result.map((r) => r.courseEngagement),
    ).length === 0;
  const times = await interleaved({ ...ctx.repeat, max: Math.min(ctx.repeat.max, 20) }, { oneRequest, separateParallel, separateSequential });
  return {
    courses: ids.length,
    queries: { oneRequest: one.queries.length, separateRequests: separate.queries.length },
    oneRequest: times.oneRequest,
    separateParallel: times.separateParallel,
    separateSequential: times.separateSequential,
    equal,
  };
}
