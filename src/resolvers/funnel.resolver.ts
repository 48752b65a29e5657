import { Arg, Args, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Dimension, FunnelCountBy, FunnelMode } from '../domain/vocabulary';
import { COST } from '../limits/costs';
import { FunnelService } from '../metrics/funnel.service';
import { DimensionEnum, FunnelCountByEnum, FunnelModeEnum } from '../schema/enums';
import { FunnelStepInput } from '../schema/funnel.input';
import { Funnel, FUNNEL_ARGS, FUNNEL_QUERY } from '../schema/funnel.type';
import { PeriodCompanyArgs } from '../schema/period-company.args';
import type { Context } from './context';

@Resolver()
export class FunnelResolver {
  @Query(() => Funnel, { complexity: COST.RAW_QUERY, description: FUNNEL_QUERY })
  funnel(
    @Arg('steps', () => [FunnelStepInput], { description: '2 to 20 steps, in funnel order.' }) steps: FunnelStepInput[],
    @Args() { period, companyId }: PeriodCompanyArgs,
    @Arg('window', () => Int, { defaultValue: 86400, description: FUNNEL_ARGS.window }) window: number,
    @Arg('mode', () => FunnelModeEnum, { defaultValue: FunnelModeEnum.ORDERED }) mode: FunnelMode,
    @Arg('countBy', () => FunnelCountByEnum, { defaultValue: FunnelCountByEnum.USER }) countBy: FunnelCountBy,
    @Arg('breakdownBy', () => DimensionEnum, { nullable: true, description: FUNNEL_ARGS.breakdownBy }) breakdownBy: Dimension | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.get(FunnelService).funnel(companyId ?? null, { steps, period, window, mode, countBy, breakdownBy: breakdownBy ?? null });
  }
}
