import {
  DURATION_EDGES,
  PracticeProgressRepository,
  type PracticeGroupRow,
  type PracticeGrouping,
} from '../clickhouse/repositories/practice-progress.repository';
import { checkOptionalId, checkRowLimit } from '../domain/arguments';
import { bucketStart, resolvePeriod, type Period, type PeriodArgs } from '../domain/period';
import { dropAndBlank, hourSeriesReason, isSmallGroup, markDroppedGroups, markSeriesWithheld, markWithheld, needsLearnerCounts } from '../domain/privacy';
import { suppressedCells, suppressedCube } from '../domain/suppression';
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

const NO_FIGURES: PracticeFigures = { sessions: null, learners: null, averageScore: null, practiceTimeSeconds: null, averageDurationSeconds: null };

const EMPTY: PracticeGroupRow = { bucket: '', scenarioId: '', sessions: 0, learners: 0, scored: 0, scoreSum: 0, durationSum: 0 };

/**
 * Practice progress (the analytics specification's user and content reports) from raw
 * `practice_session.completed` events: score progression over time, per scenario and per
 * learner; strength areas by criterion (`properties.criteria`); popular scenarios
 * (`properties.scenario_id`); the distribution of session durations.
 */
export class PracticeProgressService {
  private readonly loaded = new Map<string, Promise<PracticeGroupRow[]>>();
  private readonly decided = new WeakMap<PracticeProgressRef, Promise<ReadonlySet<string> | null>>();

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

  /**
   * The privacy decision of a ref (partner views), issue 13, once per request: the sessions form
   * a cube of (bucket, scenario) with its marginals (per bucket = scoreProgression, per scenario
   * = scenarios, the period = the totals), and every cell is decided by suppressedCube: under k,
   * or withheld in a coarser shape, or a complement so that no line's total minus its visible
   * cells is one withheld cell. Sessions without a scenario are the scenario '' (not listed, but
   * a group eventMetrics by properties.scenario_id can show, so they are decided like the others).
   * Null: not thresholded.
   */
  private hidden(ref: PracticeProgressRef): Promise<ReadonlySet<string> | null> {
    if (!needsLearnerCounts(ref.scope)) return Promise.resolve(null);
    let decided = this.decided.get(ref);
    if (decided === undefined) {
      decided = Promise.all([this.groups(ref, 'total'), this.groups(ref, 'bucket'), this.groups(ref, 'scenario'), this.groups(ref, 'bucketScenario')]).then(
        ([total, buckets, scenarios, cells]) => {
          const cube = [
            ...total.map((r) => ({ values: [null, null], learners: r.learners })),
            ...buckets.map((r) => ({ values: [r.bucket, null], learners: r.learners })),
            ...scenarios.map((r) => ({ values: [null, r.scenarioId], learners: r.learners })),
            ...cells.map((r) => ({ values: [r.bucket, r.scenarioId], learners: r.learners })),
          ];
          const hidden = suppressedCube(cube, ref.scope.minLearners);
          return new Set([...hidden].map((i) => JSON.stringify(cube[i].values)));
        },
      );
      this.decided.set(ref, decided);
    }
    return decided;
  }

  private static cell(bucket: string | null, scenarioId: string | null): string {
    return JSON.stringify([bucket, scenarioId]);
  }

  /**
   * A progression (all sessions, or one scenario's): buckets withheld by the cube are null. HOUR is
   * all-or-nothing (any hour under k: every hour withheld, and the list says why). `absent`: a
   * scenario's buckets under k are left out (the entry would say someone practised it then); the
   * company's own progression keeps its buckets, as every series does.
   */
  private progression(ref: PracticeProgressRef, rows: PracticeGroupRow[], scenarioId: string | null, hidden: ReadonlySet<string> | null): PracticeBucket[] {
    const list = rows.map((r) => ({ bucket: r.bucket, start: bucketStart(r.bucket, ref.period.timezone), ...figures(r) }));
    if (hidden === null) return list;
    const small = new Set(rows.flatMap((r, i) => (isSmallGroup(ref.scope, r.learners) ? [i] : [])));
    if (ref.granularity === 'HOUR' && small.size > 0) {
      const reason = hourSeriesReason(ref.scope.minLearners as number);
      if (scenarioId !== null) return markSeriesWithheld(markDroppedGroups([], rows.length), reason);
      return markSeriesWithheld(
        list.map((b) => markWithheld({ ...b, ...NO_FIGURES }, [...FIGURES])),
        reason,
      );
    }
    const withheld = new Set(rows.flatMap((r, i) => (hidden.has(PracticeProgressService.cell(r.bucket, scenarioId)) ? [i] : [])));
    if (scenarioId === null) return dropAndBlank(list, new Set(), withheld, [...FIGURES]);
    return dropAndBlank(list, small, new Set([...withheld].filter((i) => !small.has(i))), [...FIGURES]);
  }

  async totals(ref: PracticeProgressRef): Promise<PracticeFigures> {
    const [[row], hidden] = await Promise.all([this.groups(ref, 'total'), this.hidden(ref)]);
    const total = row ?? EMPTY;
    if (hidden === null || (!isSmallGroup(ref.scope, total.learners) && !hidden.has(PracticeProgressService.cell(null, null)))) return figures(total);
    // The totals are fields of the practiceProgress object itself (the ref): it carries the mark.
    markWithheld(ref, [...FIGURES]);
    return { ...NO_FIGURES };
  }

  async scoreProgression(ref: PracticeProgressRef): Promise<PracticeBucket[]> {
    const [rows, hidden] = await Promise.all([this.groups(ref, 'bucket'), this.hidden(ref)]);
    return this.progression(ref, rows, null, hidden);
  }

  /**
   * Most sessions first (ties by id). Partner views: scenarios under k are absent (counted in
   * extensions.privacy.withheldGroups), complements are listed with null figures and no
   * progression figures (withheld in the coarser shape, so in every bucket too).
   */
  async scenarios(ref: PracticeProgressRef): Promise<PracticeScenario[]> {
    const [rows, perBucket, [total], hidden] = await Promise.all([
      this.groups(ref, 'scenario'),
      this.groups(ref, 'bucketScenario'),
      this.groups(ref, 'total'),
      this.hidden(ref),
    ]);
    const allSessions = total?.sessions ?? 0;
    const byScenario = new Map<string, PracticeGroupRow[]>();
    for (const r of perBucket) byScenario.set(r.scenarioId, [...(byScenario.get(r.scenarioId) ?? []), r]);
    const named = rows.filter((r) => r.scenarioId !== '').sort((a, b) => b.sessions - a.sessions || (a.scenarioId < b.scenarioId ? -1 : 1));
    const list = named.map((r): PracticeScenario => ({
      scenarioId: r.scenarioId,
      ...figures(r),
      shareOfSessions: ratio(r.sessions, allSessions),
      progression: this.progression(ref, byScenario.get(r.scenarioId) ?? [], r.scenarioId, hidden),
    }));
    if (hidden === null) return list;
    const small = new Set(named.flatMap((r, i) => (isSmallGroup(ref.scope, r.learners) ? [i] : [])));
    const complements = new Set(named.flatMap((r, i) => (!small.has(i) && hidden.has(PracticeProgressService.cell(null, r.scenarioId)) ? [i] : [])));
    return dropAndBlank(list, small, complements, [...FIGURES, 'shareOfSessions']);
  }

  /** Highest average first (ties by name). */
  async strengthAreas(ref: PracticeProgressRef): Promise<PracticeCriterion[]> {
    const rows = await this.repo.criteria(ref.scope, ref.period);
    const list = rows
      .map((r): PracticeCriterion => ({ criterion: r.criterion, sessions: r.sessions, learners: r.learners, averageScore: r.scoreSum / r.sessions }))
      .sort((a, b) => (b.averageScore as number) - (a.averageScore as number) || (a.criterion < b.criterion ? -1 : 1));
    // Criteria under k are absent (the row would say someone was scored on it). Criteria do not
    // add up (one session scores several), so there is no total to difference: no complements.
    if (!needsLearnerCounts(ref.scope)) return list;
    const small = new Set(list.flatMap((c, i) => (isSmallGroup(ref.scope, c.learners ?? 0) ? [i] : [])));
    return dropAndBlank(list, small, new Set(), [...CRITERION_FIGURES]);
  }

  /**
   * Every band, empty ones too. Partner views: each band is thresholded on its own learners, with
   * complementary suppression along the bands (they add up to the period's sessions); bands stay
   * (a fixed list, like calendar buckets), withheld ones with null figures.
   */
  async timeDistribution(ref: PracticeProgressRef): Promise<PracticeDurationBand[]> {
    const { bands, bandLearners } = await this.repo.durations(ref.scope, ref.period);
    const sessions = bands.reduce((a, b) => a + b, 0);
    const list = DURATION_EDGES.map((from, i): PracticeDurationBand => ({
      fromSeconds: from,
      toSeconds: DURATION_EDGES[i + 1] ?? null,
      sessions: bands[i] ?? 0,
      share: ratio(bands[i] ?? 0, sessions),
    }));
    if (!needsLearnerCounts(ref.scope)) return list;
    const cells = list.map((_b, i) => ({ key: [String(i)], learners: bandLearners[i] ?? 0 }));
    const hidden = suppressedCells(cells, ref.scope.minLearners);
    // Empty bands are withheld only next to a withheld band holding someone: when every band with
    // anyone is shown, the period's sessions minus the shown bands say the others are 0 anyway.
    const protecting = [...hidden].some((i) => cells[i].learners > 0);
    return dropAndBlank(list, new Set(), protecting ? hidden : new Set(), [...BAND_FIGURES]);
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
