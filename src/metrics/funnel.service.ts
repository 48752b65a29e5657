import { DIMENSION_COLUMNS, type DimensionColumn } from '../clickhouse/dimension-columns';
import { EventTypesRepository } from '../clickhouse/repositories/event-types.repository';
import { FunnelRepository, type FunnelGroup, type FunnelQuery, type StepValueKey } from '../clickhouse/repositories/funnel.repository';
import { checkFunnelSteps, checkWindow, MAX_GROUP_BY, type FunnelStep, type FunnelStepArgs } from '../domain/arguments';
import { resolvePeriod, type PeriodArgs } from '../domain/period';
import { isSmallGroup, markDroppedGroups, markWithheld, needsLearnerCounts } from '../domain/privacy';
import { suppressedCells } from '../domain/suppression';
import type { TenantScope } from '../domain/tenant-scope';
import type { Dimension, FunnelCountBy, FunnelMode } from '../domain/vocabulary';
import { attachWarnings } from '../domain/warnings';
import { unknownTypeWarnings } from './event-types.service';
import type { ServiceDeps } from './request-services';
import { visibleGroupsWhere } from './visible-groups';

export type FunnelReader = Pick<FunnelRepository, 'reachedPerGroup' | 'stepValues'>;

export interface FunnelArgs {
  steps: readonly FunnelStepArgs[];
  period: PeriodArgs;
  window: number;
  mode: FunnelMode;
  countBy: FunnelCountBy;
  breakdownBy: Dimension | null;
}

/** Figures are null when withheld by the privacy threshold (partner views). */
export interface FunnelStepResult {
  /** 1-based. */
  index: number;
  name: string;
  eventType: string;
  count: number | null;
  conversionFromStart: number | null;
  conversionFromPrevious: number | null;
}

export interface FunnelBreakdownResult {
  value: string;
  steps: FunnelStepResult[];
  overallConversion: number | null;
}

export interface FunnelResult {
  steps: FunnelStepResult[];
  overallConversion: number | null;
  breakdown: FunnelBreakdownResult[] | null;
}

/** At most this many breakdown groups: the largest ones, the rest summed into OTHER_GROUP. */
export const MAX_BREAKDOWN_GROUPS = 50;
export const OTHER_GROUP = '(other)';

/** 0 when nobody reached the step the rate is relative to. */
const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

function sumReached(groups: readonly FunnelGroup[], steps: number): number[] {
  return Array.from({ length: steps }, (_, k) => groups.reduce((sum, g) => sum + (g.reached[k] ?? 0), 0));
}

/** The largest groups by step-1 count (then by value); beyond the cap, the rest become one group. */
export function capBreakdown(groups: readonly FunnelGroup[], steps: number, max = MAX_BREAKDOWN_GROUPS): FunnelGroup[] {
  const sorted = [...groups].sort((a, b) => b.reached[0] - a.reached[0] || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  if (sorted.length <= max) return sorted;
  const rest = sorted.slice(max - 1);
  const other: FunnelGroup = { value: OTHER_GROUP, reached: sumReached(rest, steps) };
  // Learners behind sessions: one learner's sessions may sit in several groups, so the most of
  // any merged group is the count that is sure not to overstate (the privacy threshold's side).
  if (rest.some((g) => g.learners)) other.learners = Array.from({ length: steps }, (_, k) => Math.max(...rest.map((g) => g.learners?.[k] ?? 0)));
  return [...sorted.slice(0, max - 1), other];
}

/**
 * The steps to withhold in each breakdown group (partner views), issue 13:
 * - step k of a group describes the learners who reached it (USER: its count; SESSION: the
 *   distinct users behind the sessions); under k it is withheld;
 * - a step after a withheld step is withheld too, so conversions (step k over step 1 or step
 *   k-1) never reveal a withheld count;
 * - complementary suppression along the groups of each step: the total funnel (or the same
 *   funnel without breakdownBy) minus the visible groups never gives one withheld group's count.
 * The two rules feed each other, so they run until nothing changes.
 */
export function hiddenBreakdownSteps(
  scope: TenantScope,
  learners: readonly (readonly number[])[],
  stepCount: number,
  labels: readonly string[] = learners.map((_l, g) => String(g)),
  firstStepWithheld: ReadonlySet<number> = new Set(),
): Set<number>[] {
  // Keyed by the group's value: complements are chosen by size, then label (src/domain/suppression.ts),
  // the same choice eventMetrics makes for the same groups of the same learners.
  const cells = learners.flatMap((l, g) => Array.from({ length: stepCount }, (_s, k) => ({ key: [labels[g], String(k)], learners: l[k] ?? 0 })));
  const at = (g: number, k: number) => g * stepCount + k;
  let hidden = new Set<number>([...firstStepWithheld].map((g) => at(g, 0)));
  for (;;) {
    const next = suppressedCells(cells, scope.minLearners, { withheld: hidden, additiveDimensions: [0] });
    learners.forEach((_l, g) => {
      for (let k = 1; k < stepCount; k++) if (next.has(at(g, k - 1))) next.add(at(g, k));
    });
    if (next.size === hidden.size) break;
    hidden = next;
  }
  return learners.map((_l, g) => new Set(Array.from({ length: stepCount }, (_s, k) => k).filter((k) => hidden.has(at(g, k)))));
}

/** The steps and overall conversion of one funnel (total or group), figures of `hidden` steps null and marked. */
function describe(
  steps: readonly FunnelStep[],
  reached: number[],
  hidden: ReadonlySet<number>,
): { steps: FunnelStepResult[]; overallConversion: number | null } {
  const last = steps.length - 1;
  const FIGURES = ['count', 'conversionFromStart', 'conversionFromPrevious'] as const;
  const result = {
    steps: steps.map((step, k) => {
      const shown: FunnelStepResult = {
        index: k + 1,
        name: step.name,
        eventType: step.eventType,
        count: reached[k],
        conversionFromStart: ratio(reached[k], reached[0]),
        conversionFromPrevious: ratio(reached[k], reached[k === 0 ? 0 : k - 1]),
      };
      return hidden.has(k) ? markWithheld({ ...shown, count: null, conversionFromStart: null, conversionFromPrevious: null }, FIGURES) : shown;
    }),
    overallConversion: ratio(reached[last], reached[0]) as number | null,
  };
  return hidden.has(last) ? markWithheld({ ...result, overallConversion: null }, ['overallConversion']) : result;
}

/** Funnels over raw events (windowFunnel); see the `funnel` query's description for the rules. */
export class FunnelService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: FunnelReader = new FunnelRepository(deps.db),
    private readonly types: Pick<EventTypesRepository, 'seen'> = new EventTypesRepository(deps.db),
  ) {}

  async funnel(companyId: string | null, args: FunnelArgs): Promise<FunnelResult> {
    const scope = this.deps.tenancy.scopeFor(companyId);
    const steps = checkFunnelSteps(args.steps);
    const windowSeconds = checkWindow(args.window);
    const period = resolvePeriod(args.period, this.deps.periodLimits);
    const breakdown = args.breakdownBy === null ? null : DIMENSION_COLUMNS[args.breakdownBy];
    const bySession = args.countBy === 'SESSION';
    const named = steps.map((s, i) => ({ argument: `steps[${i}].eventType`, eventType: s.eventType }));
    const [{ groups, totalLearners }, warnings] = await Promise.all([
      this.repo.reachedPerGroup(scope, {
        period,
        steps,
        windowSeconds,
        mode: args.mode,
        entity: bySession ? 'session_id' : 'user_id',
        breakdown,
        withLearners: bySession && needsLearnerCounts(scope),
      }),
      unknownTypeWarnings(this.types, scope, named),
    ]);
    const learnersOf = (g: FunnelGroup): readonly number[] => (bySession ? (g.learners ?? []) : g.reached);
    const total = sumReached(groups, steps.length);
    const totalLearners_ = bySession ? (totalLearners ?? []) : total;
    const totalHidden = new Set(steps.flatMap((_s, k) => (isSmallGroup(scope, totalLearners_[k] ?? 0) ? [k] : [])));
    const overall = describe(steps, total, totalHidden);
    if (breakdown === null) return attachWarnings({ ...overall, breakdown: null }, warnings);
    const capped = capBreakdown(groups, steps.length);
    const hidden = hiddenBreakdownSteps(
      scope,
      capped.map(learnersOf),
      steps.length,
      capped.map((g) => g.value),
      await this.firstStepWithheld(scope, period, args, steps[0], breakdown, capped),
    );
    // Withheld groups are absent: a group whose first step is under k is left out entirely (its
    // label would say someone there started the funnel); the others show their visible steps.
    const shown = capped.flatMap((g, i) => (isSmallGroup(scope, learnersOf(g)[0] ?? 0) ? [] : [{ value: g.value, ...describe(steps, g.reached, hidden[i]) }]));
    return attachWarnings({ ...overall, breakdown: markDroppedGroups(shown, capped.length - shown.length) }, warnings);
  }

  /**
   * Partner views, issue 13: a first step restricted by equalities (courseId, lessonId, `where`
   * EQ conditions) breaks its learners down into eventMetrics' cells of
   * [breakdown, course_id, lesson_id, properties.path...], whose decision is made on the whole
   * company's cube. The funnel's own line of groups would choose another complement, and the two
   * together gave a lone group by subtraction; so the groups eventMetrics withholds are withheld
   * at step 1 here too (src/metrics/visible-groups.ts).
   *
   * A `pagePrefix` or another `where` operator has no eventMetrics shape, but when only one value
   * satisfies it among the step's events (a prefix of one page, CONTAINS or NEQ that one track
   * passes), the step's events are exactly those with that value: the cells of an equality,
   * decided as such. Satisfied by several values, the step's groups are unions of several cells
   * (distinct learners, which do not add up) and are decided on the funnel's own groups. A
   * restriction of more than MAX_GROUP_BY - 1 entries has no eventMetrics shape either.
   */
  private async firstStepWithheld(
    scope: TenantScope,
    period: FunnelQuery['period'],
    args: FunnelArgs,
    first: FunnelStep,
    breakdown: DimensionColumn,
    groups: readonly FunnelGroup[],
  ): Promise<Set<number>> {
    if (!needsLearnerCounts(scope)) return new Set();
    const fixed: Record<string, string> = {};
    // Two values for one key: the step matches no event, nobody to protect.
    const fix = (key: string, value: string) => {
      if (key in fixed && fixed[key] !== value) return false;
      fixed[key] = value;
      return true;
    };
    if (first.courseId !== null) fix('course_id', first.courseId);
    if (first.lessonId !== null) fix('lesson_id', first.lessonId);
    for (const w of first.where) if (w.op === 'EQ' && !fix(`properties.${w.property}`, w.value)) return new Set();
    const open: { key: string; value: StepValueKey }[] = [
      ...(first.pagePrefix === null ? [] : [{ key: 'page', value: { column: 'page' as const } }]),
      ...first.where.filter((w) => w.op !== 'EQ').map((w) => ({ key: `properties.${w.property}`, value: { property: w.property } })),
    ];
    const values = await this.repo.stepValues(
      scope,
      period,
      first,
      open.map((o) => o.value),
    );
    for (const [i, o] of open.entries()) {
      if (values[i].length !== 1 || !fix(o.key, values[i][0])) return new Set();
    }
    const n = Object.keys(fixed).length;
    if (n === 0 || n + 1 > MAX_GROUP_BY) return new Set();
    const visible = await visibleGroupsWhere(this.deps, scope, args.period, first.eventType, breakdown, fixed);
    return new Set(groups.flatMap((g, i) => (visible.has(g.value) ? [] : [i])));
  }
}
