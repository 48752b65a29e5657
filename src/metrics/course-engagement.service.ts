import {
  CourseEngagementRepository,
  type CohortCounts,
  type CourseEngagementCounts,
  type CourseEngagementTotalsRow,
} from '../clickhouse/repositories/course-engagement.repository';
import {
  CourseEngagementLearnersRepository,
  NO_FIGURE_LEARNERS,
  type CourseFigureLearners,
} from '../clickhouse/repositories/course-engagement-learners.repository';
import { checkId, checkIdList, checkLimit, checkOptionalId } from '../domain/arguments';
import { bucketLabels, bucketStart, resolvePeriod, type PeriodArgs } from '../domain/period';
import { isSmallGroup, markWithheld, needsLearnerCounts, withholdSmallGroup, suppressSeries, type MaybeWithheld, type NullableKeys } from '../domain/privacy';
import type { TenantScope } from '../domain/tenant-scope';
import type { CourseOrder, Granularity } from '../domain/vocabulary';
import { groupedLoader } from './grouped-loader';
import { seriesKey, totalsKey, type MetricFilter, type SeriesFilter } from './metric-filter';
import type { ServiceDeps } from './request-services';

export type CourseEngagementReader = Pick<CourseEngagementRepository, 'totals' | 'cohort' | 'perBucket' | 'listActive'>;
export type CourseFigureLearnersReader = Pick<CourseEngagementLearnersRepository, 'totals' | 'perBucket'>;

/**
 * Issue 13: each figure is thresholded on the learners it describes, not only on the course's
 * active learners (a course with 6 active learners and one quiz taker showed that person's
 * score). Applied after the course-level threshold, for thresholded scopes only.
 */
function withholdPerFigure<
  T extends MaybeWithheld<CourseEngagementCounts> & { completionRate?: number | null; averageQuizScore?: number | null; quizPassRate?: number | null },
>(scope: TenantScope, learners: CourseFigureLearners, group: T): T {
  let out = withholdSmallGroup(scope, learners.enrollers, group, ['enrollments'] as NullableKeys<T>[]);
  out = withholdSmallGroup(scope, learners.completers, out, ['completions'] as NullableKeys<T>[]);
  out = withholdSmallGroup(scope, learners.lessonCompleters, out, ['lessonCompletions'] as NullableKeys<T>[]);
  if ('completionRate' in group) {
    // A rate describes its numerator's and its denominator's people.
    out = withholdSmallGroup(scope, Math.min(learners.enrollers, learners.completers), out, ['completionRate'] as NullableKeys<T>[]);
    out = withholdSmallGroup(scope, learners.quizTakers, out, ['averageQuizScore', 'quizPassRate'] as NullableKeys<T>[]);
  }
  return out;
}

export const NO_COURSE_ENGAGEMENT: CourseEngagementTotalsRow = {
  enrollments: 0,
  completions: 0,
  activeLearners: 0,
  learningTimeSeconds: 0,
  lessonCompletions: 0,
  averageQuizScore: null,
  quizzes: 0,
  quizzesPassed: 0,
};
export const NO_COHORT: CohortCounts = { enrollees: 0, completers: 0 };

/** Figures are null when withheld by the privacy threshold (partner views, src/domain/privacy.ts). */
export interface CourseEngagement extends MaybeWithheld<CourseEngagementCounts> {
  courseId: string;
  completionRate: number | null;
  averageTimeSpentSeconds: number | null;
  averageQuizScore: number | null;
  quizPassRate: number | null;
  /** What the lazily loaded fields (cohortCompletionRate, series) are asked under. */
  filter: MetricFilter;
}

export interface CourseEngagementPoint extends MaybeWithheld<CourseEngagementCounts> {
  bucket: string;
  start: Date;
}

/** A course in a `courses` list; its engagement is loaded (batched) only when asked for. */
export interface Course {
  id: string;
  filter: MetricFilter;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

const COUNT_FIGURES = ['enrollments', 'completions', 'activeLearners', 'learningTimeSeconds', 'lessonCompletions'] as const;
/**
 * Privacy threshold: every figure of a course comes from learning events with its course_id,
 * whose distinct user_id are exactly activeLearners (the rollup's uniqExact state), so the
 * course's active learners are the group all of them describe.
 */
const ENGAGEMENT_FIGURES: NullableKeys<CourseEngagement>[] = [
  ...COUNT_FIGURES,
  'completionRate',
  'averageTimeSpentSeconds',
  'averageQuizScore',
  'quizPassRate',
];

/**
 * Course engagement (design.md metric definitions) from rollup_course_engagement, except the
 * cohort completion rate, which needs raw events. Every read goes through the per-request
 * loaders, so any number of courses under one period and scope cost one query per kind.
 */
export class CourseEngagementService {
  /** This request's loaders: courses asked under one filter in one tick are fetched by one query. */
  private readonly totals;
  private readonly cohorts;
  private readonly buckets;
  private readonly figureLearners;
  private readonly figureLearnersPerBucket;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: CourseEngagementReader = new CourseEngagementRepository(deps.db),
    learnersRepo: CourseFigureLearnersReader = new CourseEngagementLearnersRepository(deps.db),
  ) {
    this.figureLearners = groupedLoader({
      groupKey: totalsKey,
      fetch: (f: MetricFilter, ids) => learnersRepo.totals(f.scope, f.period, ids),
      missing: () => NO_FIGURE_LEARNERS,
    });
    this.figureLearnersPerBucket = groupedLoader({
      groupKey: seriesKey,
      fetch: (f: SeriesFilter, ids) => learnersRepo.perBucket(f.scope, f.period, f.granularity, ids),
      missing: () => new Map<string, CourseFigureLearners>(),
    });
    this.totals = groupedLoader({
      groupKey: totalsKey,
      fetch: (f: MetricFilter, ids) => repo.totals(f.scope, f.period, ids),
      missing: () => NO_COURSE_ENGAGEMENT,
    });
    this.cohorts = groupedLoader({ groupKey: totalsKey, fetch: (f: MetricFilter, ids) => repo.cohort(f.scope, f.period, ids), missing: () => NO_COHORT });
    this.buckets = groupedLoader({
      groupKey: seriesKey,
      fetch: (f: SeriesFilter, ids) => repo.perBucket(f.scope, f.period, f.granularity, ids),
      missing: () => new Map<string, CourseEngagementCounts>(),
    });
  }

  /** courseEngagement(courseId, period, companyId): validated before any query. */
  async engagement(courseId: string, periodArgs: PeriodArgs, companyId: string | null): Promise<CourseEngagement> {
    const scope = this.deps.tenancy.scopeFor(companyId);
    checkId('courseId', courseId);
    return this.engagementOf({ id: courseId, filter: this.filter(scope, periodArgs) });
  }

  /**
   * courses(...): with `ids`, exactly those courses in the order given (no query here);
   * without, the courses with activity in the period, ordered and limited (one listing query).
   */
  async courses(periodArgs: PeriodArgs, companyId: string | null, ids: readonly string[] | null, orderBy: CourseOrder, limit: number): Promise<Course[]> {
    const scope = this.deps.tenancy.scopeFor(companyId);
    const courseIds = ids === null ? null : checkIdList('ids', ids);
    checkLimit('limit', limit);
    const filter = this.filter(scope, periodArgs);
    const listed = courseIds ?? (await this.repo.listActive(filter.scope, filter.period, orderBy, limit));
    return listed.map((id) => ({ id, filter }));
  }

  async engagementOf(course: Course): Promise<CourseEngagement> {
    const t = await this.totals.load({ group: course.filter, id: course.id });
    const engagement: CourseEngagement = {
      courseId: course.id,
      enrollments: t.enrollments,
      completions: t.completions,
      activeLearners: t.activeLearners,
      learningTimeSeconds: t.learningTimeSeconds,
      lessonCompletions: t.lessonCompletions,
      completionRate: ratio(t.completions, t.enrollments),
      averageTimeSpentSeconds: ratio(t.learningTimeSeconds, t.activeLearners),
      averageQuizScore: t.averageQuizScore,
      quizPassRate: ratio(t.quizzesPassed, t.quizzes),
      filter: course.filter,
    };
    const scope = course.filter.scope;
    const shown = withholdSmallGroup(scope, t.activeLearners, engagement, ENGAGEMENT_FIGURES);
    if (!needsLearnerCounts(scope) || isSmallGroup(scope, t.activeLearners)) return shown;
    return withholdPerFigure(scope, await this.figureLearners.load({ group: course.filter, id: course.id }), shown);
  }

  async cohortCompletionRate(engagement: CourseEngagement): Promise<number | null> {
    const c = await this.cohorts.load({ group: engagement.filter, id: engagement.courseId });
    // The cohort (distinct enrollees of the period, all of them active learners of the course)
    // is a group of its own for the privacy threshold; the mark goes on the parent object.
    if (isSmallGroup(engagement.filter.scope, c.enrollees)) {
      markWithheld(engagement, ['cohortCompletionRate']);
      return null;
    }
    return ratio(c.completers, c.enrollees);
  }

  /** Zero-filled buckets; the HOUR period limit is checked here because the granularity is this field's. */
  async series(engagement: CourseEngagement, granularity: Granularity): Promise<CourseEngagementPoint[]> {
    const period = resolvePeriod(engagement.filter.periodArgs, this.deps.periodLimits, granularity);
    const buckets = await this.buckets.load({ group: { ...engagement.filter, period, granularity }, id: engagement.courseId });
    const points: CourseEngagementPoint[] = bucketLabels(period, granularity).map((bucket) => ({
      bucket,
      start: bucketStart(bucket, period.timezone),
      ...(buckets.get(bucket) ?? { enrollments: 0, completions: 0, activeLearners: 0, learningTimeSeconds: 0, lessonCompletions: 0 }),
    }));
    const scope = engagement.filter.scope;
    if (!needsLearnerCounts(scope)) return points;
    const perBucket = await this.figureLearnersPerBucket.load({ group: { ...engagement.filter, period, granularity }, id: engagement.courseId });
    const of = (p: CourseEngagementPoint) => perBucket.get(p.bucket) ?? NO_FIGURE_LEARNERS;
    // Per figure, complementary along the buckets (the course totals are the period total), HOUR all-or-nothing.
    return suppressSeries(scope, granularity, points, [
      { fields: COUNT_FIGURES, learnersOf: (p) => p.activeLearners ?? 0 },
      { fields: ['enrollments'], learnersOf: (p) => of(p).enrollers },
      { fields: ['completions'], learnersOf: (p) => of(p).completers },
      { fields: ['lessonCompletions'], learnersOf: (p) => of(p).lessonCompleters },
    ]);
  }

  private filter(scope: TenantScope, periodArgs: PeriodArgs): MetricFilter {
    checkOptionalId('companyId', scope.companyId);
    return { scope, period: resolvePeriod(periodArgs, this.deps.periodLimits), periodArgs };
  }
}
