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
  type CourseLearnersCell,
} from '../clickhouse/repositories/course-engagement-learners.repository';
import { checkId, checkIdList, checkLimit, checkOptionalId } from '../domain/arguments';
import { bucketLabels, bucketStart, resolvePeriod, type PeriodArgs } from '../domain/period';
import {
  isSmallGroup,
  markWithheld,
  needsLearnerCounts,
  withholdFields,
  withholdSmallGroup,
  suppressSeries,
  type MaybeWithheld,
  type NullableKeys,
} from '../domain/privacy';
import { suppressedCube } from '../domain/suppression';
import type { TenantScope } from '../domain/tenant-scope';
import type { CourseOrder, Granularity } from '../domain/vocabulary';
import { groupedLoader } from './grouped-loader';
import { seriesKey, totalsKey, type MetricFilter, type SeriesFilter } from './metric-filter';
import type { ServiceDeps } from './request-services';

export type CourseEngagementReader = Pick<CourseEngagementRepository, 'totals' | 'cohort' | 'perBucket' | 'listActive'>;
export type CourseFigureLearnersReader = Pick<CourseEngagementLearnersRepository, 'universe'>;

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

/**
 * The additive course figures, the learners each describes, and what a withheld cell hides.
 * Each adds up, over the company's courses, to a total another field shows for the same period
 * (companyLearningSummary coursesCompleted and learningTimeSeconds, eventCounts of
 * course.enrolled and lesson.completed), and over the buckets to the course figure. The rates
 * computed from a withheld figure are withheld with it (rate x the other count gives it back).
 */
const COURSE_LINES = [
  { learners: 'active', fields: ['activeLearners', 'learningTimeSeconds', 'averageTimeSpentSeconds'], seriesFields: ['activeLearners', 'learningTimeSeconds'] },
  { learners: 'enrollers', fields: ['enrollments', 'completionRate'], seriesFields: ['enrollments'] },
  { learners: 'completers', fields: ['completions', 'completionRate'], seriesFields: ['completions'] },
  { learners: 'lessonCompleters', fields: ['lessonCompletions'], seriesFields: ['lessonCompletions'] },
] as const;

/** Which course (or course and bucket) cells each line withholds, decided on the whole company. */
interface CourseDecision {
  learners: Map<string, CourseFigureLearners>;
  /** Per COURSE_LINES entry: keys `course` (the period) and `course\u0000bucket` (a bucket). */
  hidden: Set<string>[];
}

const cellKey = (courseId: string, bucket: string | null) => (bucket === null ? courseId : `${courseId}\u0000${bucket}`);

/**
 * Complementary suppression of course figures (issue 13) on the cube of every course of the
 * company (suppressedCube): the company figure and each of its buckets are the totals, so a
 * lone withheld course (or course-day) gets a second one, the smallest visible, ties by id. The
 * same decision whichever ids a question lists: `courses(ids: [all])`, one course at a time,
 * or `courseEngagement` give the same withheld cells, and a course's own series keeps a figure
 * withheld in its total withheld in every bucket.
 */
function decideCourses(cells: readonly CourseLearnersCell[], minLearners: number): CourseDecision {
  const withBuckets = cells.some((c) => c.bucket !== null);
  const hidden = COURSE_LINES.map((line) => {
    const cube = cells.map((c) => ({ values: withBuckets ? [c.courseId, c.bucket] : [c.courseId], learners: c.learners[line.learners] }));
    const set = suppressedCube(cube, minLearners);
    return new Set(cells.flatMap((c, i) => (set.has(i) && c.courseId !== null ? [cellKey(c.courseId, c.bucket)] : [])));
  });
  const learners = new Map(cells.flatMap((c) => (c.courseId === null ? [] : [[cellKey(c.courseId, c.bucket), c.learners] as const])));
  return { learners, hidden };
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
  /** Partner views: the suppression decision of the company's courses, one per filter (and granularity) and request. */
  private readonly decisions = new Map<string, Promise<CourseDecision>>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: CourseEngagementReader = new CourseEngagementRepository(deps.db),
    private readonly learnersRepo: CourseFigureLearnersReader = new CourseEngagementLearnersRepository(deps.db),
  ) {
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
    const decision = await this.decision(course.filter, null);
    let out = withholdPerFigure(scope, decision.learners.get(course.id) ?? NO_FIGURE_LEARNERS, shown);
    // Complements, decided on every course of the company (not only the ones listed).
    COURSE_LINES.forEach((line, i) => {
      if (decision.hidden[i].has(course.id)) out = withholdFields(out, line.fields as unknown as NullableKeys<CourseEngagement>[]);
    });
    return out;
  }

  /** The company's course cube decision for a filter (and granularity), once per request. */
  private decision(filter: MetricFilter, granularity: Granularity | null): Promise<CourseDecision> {
    const key = granularity === null ? totalsKey(filter) : seriesKey({ ...filter, granularity });
    let d = this.decisions.get(key);
    if (d === undefined) {
      d = this.learnersRepo.universe(filter.scope, filter.period, granularity).then((cells) => decideCourses(cells, filter.scope.minLearners as number));
      this.decisions.set(key, d);
    }
    return d;
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
    const filter = { ...engagement.filter, period };
    const decision = await this.decision(filter, granularity);
    const of = (p: CourseEngagementPoint) => decision.learners.get(cellKey(engagement.courseId, p.bucket)) ?? NO_FIGURE_LEARNERS;
    // HOUR all-or-nothing (suppressSeries withholds every hour when one is under k).
    if (granularity === 'HOUR' && points.some((p) => isSmallGroup(scope, of(p).active)))
      return suppressSeries(scope, granularity, points, [{ fields: COUNT_FIGURES, learnersOf: (p) => of(p).active }]);
    // Per figure, the cells the company cube withholds (complements along the buckets and along
    // the courses of each bucket; a figure withheld in the course total stays withheld in every
    // bucket), and every empty or small bucket (absent from the cube).
    return points.map((p) => {
      let out = p;
      COURSE_LINES.forEach((line, i) => {
        const hide = decision.hidden[i].has(cellKey(engagement.courseId, p.bucket)) || isSmallGroup(scope, of(p)[line.learners]);
        if (hide) out = withholdFields(out, line.seriesFields as unknown as NullableKeys<CourseEngagementPoint>[]);
      });
      return out;
    });
  }

  private filter(scope: TenantScope, periodArgs: PeriodArgs): MetricFilter {
    checkOptionalId('companyId', scope.companyId);
    return { scope, period: resolvePeriod(periodArgs, this.deps.periodLimits), periodArgs };
  }
}
