import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { Dimension } from '../schema/dimension.enum';
import { FunnelCountByEnum, FunnelModeEnum, FunnelStepInput } from '../schema/funnel.input';
import { Funnel } from '../schema/funnel.type';
import { PeriodInput } from '../schema/period.input';
import { COST } from '../limits/costs';

@Resolver()
export class FunnelResolver {
  @Query(() => Funnel, {
    complexity: COST.RAW_QUERY,
    description:
      'Conversion funnel over RAW events (ClickHouse windowFunnel; exact counts). An entity (user or session, see countBy) reaches step k when it did steps 1..k within `window` seconds as `mode` requires; each step count is the entities that reached at least that step. Only events in [period.from, period.to) count, and with companyId only that company\'s events. Timestamps are cut to whole seconds: a step exactly `window` seconds after the first still counts, and events in the same second count in step order (ORDERED, STRICT_ORDER). An event that matches several steps counts for each of them.',
  })
  funnel(
    @Arg('steps', () => [FunnelStepInput], { description: '2 to 20 steps, in funnel order.' }) steps: FunnelStepInput[],
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Arg('window', () => Int, { defaultValue: 86400, description: 'Conversion window in seconds, 1 to 7776000 (90 days), measured from the event that starts the chain (the first step for ORDERED and STRICT_ORDER, the earliest event of the span for UNORDERED).' })
    window: number,
    @Arg('mode', () => FunnelModeEnum, { defaultValue: FunnelModeEnum.ORDERED }) mode: FunnelModeEnum,
    @Arg('countBy', () => FunnelCountByEnum, { defaultValue: FunnelCountByEnum.USER }) countBy: FunnelCountByEnum,
    @Arg('companyId', () => ID, { nullable: true, description: 'Only events of this company.' }) companyId: string | null,
    @Arg('breakdownBy', () => Dimension, { nullable: true, description: 'Also compute the funnel per value of this dimension, taken from each entity\'s first step-1 event in the period.' })
    breakdownBy: Dimension | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.funnel.funnel(ctx.scopeFor(companyId), { steps, period, window, mode, countBy, breakdownBy: breakdownBy ?? null });
  }
}
