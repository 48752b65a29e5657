import { DIMENSION_COLUMNS } from '../clickhouse/dimension-columns';
import { EventTypesRepository } from '../clickhouse/repositories/event-types.repository';
import { FunnelRepository, type FunnelGroup } from '../clickhouse/repositories/funnel.repository';
import { checkFunnelSteps, checkWindow, type FunnelStepArgs } from '../domain/arguments';
import { resolvePeriod, type PeriodArgs } from '../domain/period';
import { needsLearnerCounts, withholdSmallGroup } from '../domain/privacy';
import type { Dimension, FunnelCountBy, FunnelMode } from '../domain/vocabulary';
import { attachWarnings } from '../domain/warnings';
import { unknownTypeWarnings } from './event-types.service';
import type { ServiceDeps } from './request-services';

export type FunnelReader = Pick<FunnelRepository, 'reachedPerGroup'>;

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
    /**
     * Privacy threshold (partner views): step k describes the learners who reached it: its own
     * count for a USER funnel, the distinct user_id behind the sessions for a SESSION funnel.
     * Conversions to step k go with it (the steps before have at least as many learners);
     * overallConversion goes with the last step.
     */
    const describe = (reached: number[], learners: readonly number[]): { steps: FunnelStepResult[]; overallConversion: number | null } => {
      const last = steps.length - 1;
      const result = {
        steps: steps.map((step, k) =>
          withholdSmallGroup(
            scope,
            learners[k] ?? 0,
            {
              index: k + 1,
              name: step.name,
              eventType: step.eventType,
              count: reached[k],
              conversionFromStart: ratio(reached[k], reached[0]),
              conversionFromPrevious: ratio(reached[k], reached[k === 0 ? 0 : k - 1]),
            } as FunnelStepResult,
            ['count', 'conversionFromStart', 'conversionFromPrevious'],
          ),
        ),
        overallConversion: ratio(reached[last], reached[0]) as number | null,
      };
      return withholdSmallGroup(scope, learners[last] ?? 0, result, ['overallConversion']);
    };
    const total = sumReached(groups, steps.length);
    return attachWarnings(
      {
        ...describe(total, bySession ? (totalLearners ?? []) : total),
        breakdown:
          breakdown === null
            ? null
            : capBreakdown(groups, steps.length).map((g) => ({ value: g.value, ...describe(g.reached, bySession ? (g.learners ?? []) : g.reached) })),
      },
      warnings,
    );
  }
}
