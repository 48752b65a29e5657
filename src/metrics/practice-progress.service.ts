import {
  DURATION_EDGES,
  PracticeProgressRepository,
  type PracticeGroupRow,
  type PracticeGrouping,
} from '../clickhouse/repositories/practice-progress.repository';
import { checkOptionalId, checkRowLimit } from '../domain/arguments';
import { bucketStart, resolvePeriod, type Period, type PeriodArgs } from '../domain/period';
import { isSmallGroup, markWithheld, suppressSeries, withholdSmallGroups } from '../domain/privacy';
import type { TenantScope } from '../domain/tenant-scope';
import type { Granularity } from '../domain/vocabulary';
import type { ServiceDeps } from './request-services';

export type PracticeProgressReader = Pick<PracticeProgressRepository, 'groups' | 'criteria' | 'durations' | 'learners'>;

/** Figures are null when withheld by the privacy threshold (partner views). */
export interface PracticeFigures {
  sessions: number | null;
  learners: number | null;
  averageScore: number | null;
  practiceTimeSeconds: number | null;
  averageDurationSeconds: number | null;
}

export interface PracticeBucket extends PracticeFigures {
  bucket: string;
  start: Date;
}

export interface PracticeScenario extends PracticeFigures {
  scenarioId: string;
  shareOfSessions: number | null;
  progression: PracticeBucket[];
}

export interface PracticeCriterion {
  criterion: string;
  sessions: number | null;
  learners: number | null;
  averageScore: number | null;
}

export interface PracticeDurationBand {
  fromSeconds: number;
  /** Exclusive; null for the last band. */
  toSeconds: number | null;
  sessions: number | null;
  share: number | null;
}

export interface PracticeLearnerBucket {
  bucket: string;
  start: Date;
  sessions: number;
  averageScore: number | null;
}

export interface PracticeLearnerCriterion {
  criterion: string;
  sessions: number;
  averageScore: number;
}

export interface PracticeLearner {
  userId: string;
  sessions: number;
  averageScore: number | null;
  firstScore: number | null;
  lastScore: number | null;
  scoreChange: number | null;
  practiceTimeSeconds: number;
  strengthAreas: PracticeLearnerCriterion[];
  progression: PracticeLearnerBucket[];
}

/** practiceProgress asked for under a period, scope and granularity; each part loads when selected. */
export interface PracticeProgressRef {
  scope: TenantScope;
  period: Period;
  granularity: Granularity;
}

export const MAX_PRACTICE_LEARNERS = 1000;

const FIGURES = ['sessions', 'learners', 'averageScore', 'practiceTimeSeconds', 'averageDurationSeconds'] as const;
const CRITERION_FIGURES = ['sessions', 'learners', 'averageScore'] as const;
const BAND_FIGURES = ['sessions', 'share'] as const;

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function figures(r: PracticeGroupRow): PracticeFigures {
  return {
    sessions: r.sessions,
    learners: r.learners,
    averageScore: ratio(r.scoreSum, r.scored),
    practiceTimeSeconds: r.durationSum,
    averageDurationSeconds: ratio(r.durationSum, r.sessions),
  };
}

const EMPTY: PracticeGroupRow = { bucket: '', scenarioId: '', sessions: 0, learners: 0, scored: 0, scoreSum: 0, durationSum: 0 };

/**
 * Practice progress (the analytics specification's user and content reports) from raw
 * `practice_session.completed` events: score progression over time, per scenario and per
 * learner; strength areas by criterion (`properties.criteria`); popular scenarios
 * (`properties.scenario_id`); the distribution of session durations.
 */
export class PracticeProgressService {
  private readonly loaded = new Map<string, Promise<PracticeGroupRow[]>>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: PracticeProgressReader = new PracticeProgressRepository(deps.db),
  ) {}

  /** practiceProgress(period, companyId, granularity): validated before any query. */
  progress(periodArgs: PeriodArgs, companyId: string | null, granularity: Granularity): PracticeProgressRef {
    const scope = this.deps.tenancy.scopeFor(companyId);
    checkOptionalId('companyId', scope.companyId);
    return { scope, period: resolvePeriod(periodArgs, this.deps.periodLimits, granularity), granularity };
  }

  /** One grouping's rows, once per request and ref. */
  private groups(ref: PracticeProgressRef, grouping: PracticeGrouping): Promise<PracticeGroupRow[]> {
    const key = `${ref.scope.companyId}|${ref.period.fromUtc}|${ref.period.toUtc}|${ref.period.timezone}|${ref.granularity}|${grouping}`;
    let rows = this.loaded.get(key);
    if (rows === undefined) this.loaded.set(key, (rows = this.repo.groups(ref.scope, ref.period, ref.granularity, grouping)));
    return rows;
  }

  private buckets(ref: PracticeProgressRef, rows: PracticeGroupRow[]): PracticeBucket[] {
    const list = rows.map((r) => ({ bucket: r.bucket, start: bucketStart(r.bucket, ref.period.timezone), ...figures(r) }));
    // Complementary along the buckets (the practiceProgress totals are their sum), HOUR all-or-nothing (issue 13).
    return suppressSeries(ref.scope, ref.granularity, list, [{ fields: [...FIGURES], learnersOf: (b) => b.learners ?? 0 }]);
  }

  async totals(ref: PracticeProgressRef): Promise<PracticeFigures> {
    const [row] = await this.groups(ref, 'total');
    const total = row ?? EMPTY;
    if (!isSmallGroup(ref.scope, total.learners)) return figures(total);
    // The totals are fields of the practiceProgress object itself (the ref): it carries the mark.
    markWithheld(ref, [...FIGURES]);
    return { sessions: null, learners: null, averageScore: null, practiceTimeSeconds: null, averageDurationSeconds: null };
  }

  async scoreProgression(ref: PracticeProgressRef): Promise<PracticeBucket[]> {
    return this.buckets(ref, await this.groups(ref, 'bucket'));
  }

  /** Most sessions first (ties by id). */
  async scenarios(ref: PracticeProgressRef): Promise<PracticeScenario[]> {
    const [rows, perBucket, [total]] = await Promise.all([this.groups(ref, 'scenario'), this.groups(ref, 'bucketScenario'), this.groups(ref, 'total')]);
    const allSessions = total?.sessions ?? 0;
    const byScenario = new Map<string, PracticeGroupRow[]>();
    for (const r of perBucket) byScenario.set(r.scenarioId, [...(byScenario.get(r.scenarioId) ?? []), r]);
    const list = [...rows]
      .sort((a, b) => b.sessions - a.sessions || (a.scenarioId < b.scenarioId ? -1 : 1))
      .map((r): PracticeScenario => ({
        scenarioId: r.scenarioId,
        ...figures(r),
        shareOfSessions: ratio(r.sessions, allSessions),
        progression: this.buckets(ref, byScenario.get(r.scenarioId) ?? []),
      }));
    return withholdSmallGroups(ref.scope, list, (s) => s.learners ?? 0, [...FIGURES, 'shareOfSessions']);
  }

  /** Highest average first (ties by name). */
  async strengthAreas(ref: PracticeProgressRef): Promise<PracticeCriterion[]> {
    const rows = await this.repo.criteria(ref.scope, ref.period);
    const list = rows
      .map((r): PracticeCriterion => ({ criterion: r.criterion, sessions: r.sessions, learners: r.learners, averageScore: r.scoreSum / r.sessions }))
      .sort((a, b) => (b.averageScore as number) - (a.averageScore as number) || (a.criterion < b.criterion ? -1 : 1));
    return withholdSmallGroups(ref.scope, list, (c) => c.learners ?? 0, [...CRITERION_FIGURES]);
  }

  /** Every band, empty ones too; one group: the learners of the whole period. */
  async timeDistribution(ref: PracticeProgressRef): Promise<PracticeDurationBand[]> {
    const { bands, learners } = await this.repo.durations(ref.scope, ref.period);
    const sessions = bands.reduce((a, b) => a + b, 0);
    const list = DURATION_EDGES.map((from, i): PracticeDurationBand => ({
      fromSeconds: from,
      toSeconds: DURATION_EDGES[i + 1] ?? null,
      sessions: bands[i] ?? 0,
      share: ratio(bands[i] ?? 0, sessions),
    }));
    return withholdSmallGroups(ref.scope, list, () => learners, [...BAND_FIGURES]);
  }

  /**
   * practiceLearners: per learner. A learner-level read (Tenancy.learnerScopeFor): a partner
   * needs `learners:read` (FORBIDDEN before any query otherwise); not thresholded.
   */
  async learners(periodArgs: PeriodArgs, companyId: string | null, granularity: Granularity, userId: string | null, limit: number): Promise<PracticeLearner[]> {
    const scope = this.deps.tenancy.learnerScopeFor(companyId);
    checkOptionalId('companyId', scope.companyId);
    checkOptionalId('userId', userId);
    checkRowLimit('limit', limit, MAX_PRACTICE_LEARNERS);
    const period = resolvePeriod(periodArgs, this.deps.periodLimits, granularity);
    const rows = await this.repo.learners(scope, period, granularity, userId, limit);
    return rows.map((r) => ({
      userId: r.userId,
      sessions: r.sessions,
      averageScore: ratio(r.scoreSum, r.scored),
      firstScore: r.firstScore,
      lastScore: r.lastScore,
      scoreChange: r.firstScore === null || r.lastScore === null ? null : r.lastScore - r.firstScore,
      practiceTimeSeconds: r.durationSum,
      strengthAreas: r.criteria
        .map((c) => ({ criterion: c.criterion, sessions: c.sessions, averageScore: c.scoreSum / c.sessions }))
        .sort((a, b) => b.averageScore - a.averageScore || (a.criterion < b.criterion ? -1 : 1)),
      progression: r.progression.map((p) => ({
        bucket: p.bucket,
        start: bucketStart(p.bucket, period.timezone),
        sessions: p.sessions,
        averageScore: ratio(p.scoreSum, p.scored),
      })),
    }));
  }
}
