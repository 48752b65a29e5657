import DataLoader from 'dataloader';
import { CatalogRepository } from '../clickhouse/repositories/catalog.repository';
import {
  CourseProgressRepository,
  NO_COHORT_ROW,
  type EnrollmentCohortRow,
  type LessonActivityRow,
  type ProgressDistributionRow,
} from '../clickhouse/repositories/course-progress.repository';
import { checkId, checkOptionalId } from '../domain/arguments';
import type { Curriculum } from '../domain/catalog';
import { badUserInput } from '../domain/errors';
import { bucketCut, resolvePeriod, type Period, type PeriodArgs } from '../domain/period';
import {
  markWithheld,
  needsLearnerCounts,
  withholdFields,
  withholdSmallGroup,
  withholdSmallGroups,
  type MaybeWithheld,
  type NullableKeys,
} from '../domain/privacy';
import { suppressedCells } from '../domain/suppression';
import { groupedLoader } from './grouped-loader';
import { totalsKey, type MetricFilter } from './metric-filter';
import type { ServiceDeps } from './request-services';
import { visibleGroups } from './visible-groups';

export type CourseProgressReader = Pick<CourseProgressRepository, 'lessons' | 'distribution' | 'enrollmentCohorts'>;
export type CurriculumReader = Pick<CatalogRepository, 'curricula'>;

/** A course asked for under a period and scope; everything below it loads lazily (and batched). */
export interface CourseProgressRef {
  courseId: string;
  filter: MetricFilter;
}

export interface CourseProgressHead {
  inCatalog: boolean;
  title: string | null;
  catalogVersion: number | null;
}

export interface LessonProgress {
  position: number;
  lessonId: string;
  inCatalog: boolean;
  title: string | null;
  type: string | null;
  moduleId: string | null;
  moduleTitle: string | null;
  modulePosition: number | null;
  expectedDurationSeconds: number | null;
  started: number | null;
  completed: number | null;
  completionRate: number | null;
  dropOffFromPrevious: number | null;
  medianTimeSpentSeconds: number | null;
}

export interface LargestDropOff {
  position: number;
  lessonId: string;
  title: string | null;
  dropOffFromPrevious: number;
}

export interface ProgressDecile {
  /** Lower bound of the share completed, inclusive (0, 0.1, ... 0.9). */
  from: number;
  /** Upper bound, exclusive except for the last tenth, which includes 1. */
  to: number;
  learners: number | null;
}

export interface ProgressDistribution {
  lessonCount: number;
  learners: number | null;
  completedAllLessons: number | null;
  averageProgress: number | null;
  deciles: ProgressDecile[];
}

export interface EnrollmentCohort extends MaybeWithheld<EnrollmentCohortRow> {
  startRate: number | null;
  lessonCompletionRate: number | null;
  courseCompletionRate: number | null;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** A lesson row is one group: the learners who started it (completed and timed learners are among them). */
const LESSON_FIGURES: (keyof LessonFigures)[] = ['started', 'completed', 'completionRate', 'dropOffFromPrevious', 'medianTimeSpentSeconds'];
const DISTRIBUTION_FIGURES: NullableKeys<ProgressDistribution>[] = ['learners', 'completedAllLessons', 'averageProgress'];
const COHORT_FIGURES: NullableKeys<EnrollmentCohort>[] = [
  'enrolled',
  'startedALesson',
  'completedALesson',
  'completedCourse',
  'startRate',
  'lessonCompletionRate',
  'courseCompletionRate',
];

/**
 * courseProgress: a course's lessons in curriculum order (the catalogue's newest version, then
 * lessons with events the catalogue does not list, by id), each with its learners, drop-off
 * and median time; the distribution of learners' progress; the enrollment cohort. All from
 * rollup_learner_course, joined in code with the catalogue for names and order.
 */
export class CourseProgressService {
  private readonly curricula: DataLoader<string, Curriculum | null>;
  private readonly cohorts;
  /** Per request: the lesson list of one (filter, course), shared by lessons, largestDropOff and the distribution. */
  private readonly lessonLists = new Map<string, Promise<LessonList>>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: CourseProgressReader = new CourseProgressRepository(deps.db),
    catalog: CurriculumReader = new CatalogRepository(deps.db),
  ) {
    this.curricula = new DataLoader(async (ids: readonly string[]) => {
      const found = await catalog.curricula([...ids]);
      return ids.map((id) => found.get(id) ?? null);
    });
    this.cohorts = groupedLoader({
      groupKey: totalsKey,
      fetch: (f: MetricFilter, ids) => repo.enrollmentCohorts(f.scope, f.period, ids),
      missing: () => NO_COHORT_ROW,
    });
  }

  /** courseProgress(courseId, period, companyId): validated before any query. */
  progress(courseId: string, periodArgs: PeriodArgs, companyId: string | null): CourseProgressRef {
    const scope = this.deps.tenancy.scopeFor(companyId);
    checkId('courseId', courseId);
    checkOptionalId('companyId', scope.companyId);
    return { courseId, filter: { scope, period: wholeHourPeriod(resolvePeriod(periodArgs, this.deps.periodLimits)), periodArgs } };
  }

  /** Course.progress of a `courses` list item: same filter as its list. */
  of(courseId: string, filter: MetricFilter): CourseProgressRef {
    wholeHourPeriod(filter.period);
    return { courseId, filter };
  }

  async head(ref: CourseProgressRef): Promise<CourseProgressHead> {
    const c = await this.curricula.load(ref.courseId);
    return { inCatalog: c !== null, title: c?.title ?? null, catalogVersion: c?.version ?? null };
  }

  async lessons(ref: CourseProgressRef): Promise<LessonProgress[]> {
    return (await this.lessonList(ref)).shown;
  }

  /**
   * The lesson with the highest dropOffFromPrevious (the earliest on ties; null when none has
   * one). Chosen over every lesson's figures; in a partner view it is withheld (null, and the
   * field listed as withheld) when that lesson's drop-off is, so which lesson it is says no
   * more than the lesson list does.
   */
  async largestDropOff(ref: CourseProgressRef): Promise<LargestDropOff | null> {
    const { all, shown } = await this.lessonList(ref);
    let best = -1;
    all.forEach((l, i) => {
      if (l.dropOffFromPrevious !== null && (best < 0 || l.dropOffFromPrevious > all[best].dropOffFromPrevious!)) best = i;
    });
    if (best < 0) return null;
    const l = shown[best];
    if (l.dropOffFromPrevious === null) {
      markWithheld(ref, ['largestDropOff']);
      return null;
    }
    return { position: l.position, lessonId: l.lessonId, title: l.title, dropOffFromPrevious: l.dropOffFromPrevious };
  }

  private lessonList(ref: CourseProgressRef): Promise<LessonList> {
    const key = `${totalsKey(ref.filter)}\u0000${ref.courseId}`;
    let list = this.lessonLists.get(key);
    if (list === undefined) this.lessonLists.set(key, (list = this.buildLessons(ref)));
    return list;
  }

  async distribution(ref: CourseProgressRef): Promise<ProgressDistribution> {
    const lessonIds = (await this.lessons(ref)).map((l) => l.lessonId);
    const { scope, period } = ref.filter;
    const row: ProgressDistributionRow =
      lessonIds.length === 0
        ? { learners: 0, deciles: Array.from({ length: 10 }, () => 0), completedAll: 0, averageProgress: null }
        : await this.repo.distribution(scope, period, ref.courseId, lessonIds);
    const deciles = withholdSmallGroups(
      scope,
      row.deciles.map((learners, i): ProgressDecile => ({ from: i / 10, to: (i + 1) / 10, learners })),
      (d) => d.learners ?? 0,
      ['learners'],
    );
    const distribution: ProgressDistribution = {
      lessonCount: lessonIds.length,
      learners: row.learners,
      completedAllLessons: row.completedAll,
      averageProgress: row.averageProgress,
      deciles,
    };
    return withholdSmallGroup(scope, row.learners, distribution, DISTRIBUTION_FIGURES);
  }

  async enrollmentCohort(ref: CourseProgressRef): Promise<EnrollmentCohort> {
    const c = await this.cohorts.load({ group: ref.filter, id: ref.courseId });
    const cohort: EnrollmentCohort = {
      ...c,
      startRate: ratio(c.startedALesson, c.enrolled),
      lessonCompletionRate: ratio(c.completedALesson, c.enrolled),
      courseCompletionRate: ratio(c.completedCourse, c.enrolled),
    };
    // The cohort (its distinct enrollees) is the group every figure of it describes.
    return withholdSmallGroup(ref.filter.scope, c.enrolled, cohort, COHORT_FIGURES);
  }

  private async buildLessons(ref: CourseProgressRef): Promise<LessonList> {
    const { scope, period } = ref.filter;
    const [curriculum, activity] = await Promise.all([this.curricula.load(ref.courseId), this.repo.lessons(scope, period, ref.courseId)]);
    const byId = new Map<string, LessonActivityRow>(activity.map((a) => [a.lessonId, a]));
    const catalogued = curriculum?.lessons ?? [];
    const known = new Set(catalogued.map((l) => l.lessonId));
    const rows: LessonProgress[] = catalogued.map((l) => ({
      position: l.position,
      lessonId: l.lessonId,
      inCatalog: true,
      title: l.title,
      type: l.type,
      moduleId: l.moduleId,
      moduleTitle: l.moduleTitle,
      modulePosition: l.modulePosition,
      expectedDurationSeconds: l.expectedDurationSeconds,
      ...figures(byId.get(l.lessonId)),
    }));
    // Lessons with events the catalogue does not list still count: after the catalogued ones, by id.
    const extra = activity.filter((a) => !known.has(a.lessonId)).sort((a, b) => (a.lessonId < b.lessonId ? -1 : a.lessonId > b.lessonId ? 1 : 0));
    for (const a of extra) {
      rows.push({
        position: rows.length + 1,
        lessonId: a.lessonId,
        inCatalog: false,
        title: null,
        type: null,
        moduleId: null,
        moduleTitle: null,
        modulePosition: null,
        expectedDurationSeconds: null,
        ...figures(a),
      });
    }
    const started = rows.map((r) => r.started ?? 0);
    rows.forEach((r, i) => {
      if (i > 0 && started[i - 1] > 0) r.dropOffFromPrevious = 1 - started[i] / started[i - 1];
    });
    if (!needsLearnerCounts(scope)) return { all: rows, shown: rows };
    /**
     * Partner views (issue 13). A lesson row describes its starters: under k, every figure is
     * withheld, and complementary suppression along the course's lessons (ties by lesson id)
     * withholds a second row next to a lone one. `completed` is distinct completers of the
     * lesson in the period, the learners and the figure eventMetrics gives for lesson.completed by
     * [course_id, lesson_id]; next to the course's lessonCompletions they add up, so it takes
     * that eventMetrics decision (one cube over every lesson of the company). Rates and drop-offs
     * go with the figures they are computed from.
     */
    const hidden = suppressedCells(
      rows.map((r, i) => ({ key: [r.lessonId], learners: started[i] })),
      scope.minLearners,
    );
    const completedShown = await visibleGroups(this.deps, scope, ref.filter.periodArgs, 'lesson.completed', 'lesson_id', ref.courseId);
    const shown = rows.map((r, i) => {
      if (hidden.has(i)) return withholdFields(r, LESSON_FIGURES);
      let out = completedShown.has(r.lessonId) ? r : withholdFields(r, ['completed', 'completionRate']);
      if (i > 0 && out.dropOffFromPrevious !== null && hidden.has(i - 1)) out = withholdFields(out, ['dropOffFromPrevious']);
      return out;
    });
    return { all: rows, shown };
  }
}

/** Every lesson's figures, and the same as the viewer sees them (withheld in partner views). */
interface LessonList {
  all: LessonProgress[];
  shown: LessonProgress[];
}

type LessonFigures = Pick<LessonProgress, 'started' | 'completed' | 'completionRate' | 'dropOffFromPrevious' | 'medianTimeSpentSeconds'>;

function figures(a: LessonActivityRow | undefined): LessonFigures {
  const started = a?.started ?? 0;
  const completed = a?.completed ?? 0;
  return {
    started,
    completed,
    completionRate: ratio(completed, started),
    dropOffFromPrevious: null,
    medianTimeSpentSeconds: started === 0 ? null : (a?.medianTimeSpentSeconds ?? null),
  };
}

/**
 * rollup_learner_course (0041) is hourly: it cannot cut a day whose midnight falls inside a UTC
 * hour (India +05:30, Nepal +05:45, Adelaide +09:30), which every other metric now answers
 * (issue 11). Refused with what to do rather than answered with a neighbouring half hour.
 */
function wholeHourPeriod(period: Period): Period {
  if (bucketCut(period, 'DAY') === 'quarter-hours') {
    throw badUserInput(
      'period.timezone',
      `courseProgress is served from hourly per-learner rows, which cannot cut days in ${period.timezone} (its midnights fall inside a UTC hour): ask in a whole-hour zone such as UTC`,
    );
  }
  return period;
}
