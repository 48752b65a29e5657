import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Info, Query, Resolver } from 'type-graphql';
import type { CompareTo, Granularity } from '../domain/vocabulary';
import { COST } from '../limits/costs';
import { ActiveUsersService } from '../metrics/active-users.service';
import { ACTIVE_USERS_QUERIES, ActiveUsersSummary } from '../schema/active-users.type';
import { CompareToEnum, GranularityEnum } from '../schema/enums';
import { PeriodCompanyArgs } from '../schema/period-company.args';
import { BucketValue, DailyValue } from '../schema/series.type';
import type { Context } from './context';
import { selectedFields } from './selected-fields';

@Resolver()
export class ActiveUsersResolver {
  @Query(() => [DailyValue], { complexity: COST.ROLLUP_QUERY, description: ACTIVE_USERS_QUERIES.dau })
  dau(
    @Args() { period, companyId }: PeriodCompanyArgs,
    @Arg('platform', () => String, { nullable: true, description: 'Only events from this platform: web, ios or android.' }) platform: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.get(ActiveUsersService).dau(period, companyId ?? null, platform ?? null);
  }

  @Query(() => [BucketValue], { complexity: COST.ROLLUP_QUERY, description: ACTIVE_USERS_QUERIES.activeUsers })
  activeUsers(
    @Args() { period, companyId }: PeriodCompanyArgs,
    @Arg('granularity', () => GranularityEnum, { defaultValue: GranularityEnum.DAY }) granularity: Granularity,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.get(ActiveUsersService).perBucket(period, companyId ?? null, granularity);
  }

  @Query(() => ActiveUsersSummary, { complexity: COST.ROLLUP_QUERY, description: ACTIVE_USERS_QUERIES.activeUsersSummary })
  activeUsersSummary(
    @Args() { period, companyId }: PeriodCompanyArgs,
    @Arg('compareTo', () => CompareToEnum, { nullable: true }) compareTo: CompareTo | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    // Only the figures asked for (here or in `comparison`) are computed.
    const wanted = new Set([...selectedFields(info), ...selectedFields(info, ['comparison'])]);
    return ctx.services.get(ActiveUsersService).summary(period, companyId ?? null, compareTo ?? null, wanted);
  }
}
