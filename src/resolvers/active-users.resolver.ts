import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { ActiveUsersSummary } from '../schema/active-users.type';
import { CompareToEnum, GranularityEnum } from '../schema/enums';
import { PeriodInput } from '../schema/period.input';
import { BucketValue, DailyValue } from '../schema/series.type';
import { COST } from '../limits/costs';

@Resolver()
export class ActiveUsersResolver {
  @Query(() => [DailyValue], {
    complexity: COST.ROLLUP_QUERY,
    description:
      'Daily active users: distinct user_id with at least one event per day of the period (days in the period timezone), one row per day, zero-filled. From the hourly rollup; exact (uniqExact).',
  })
  dau(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Arg('companyId', () => ID, { nullable: true, description: 'Only learners of this company.' }) companyId: string | null,
    @Arg('platform', () => String, { nullable: true, description: 'Only events from this platform: web, ios or android.' }) platform: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.activeUsers.dau(ctx.scopeFor(companyId), period, platform ?? null);
  }

  @Query(() => [BucketValue], {
    complexity: COST.ROLLUP_QUERY,
    description: 'Distinct active users per calendar bucket (hour, day, week, month, year) of the period, zero-filled. From the hourly rollup; exact.',
  })
  activeUsers(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Arg('granularity', () => GranularityEnum, { defaultValue: GranularityEnum.DAY }) granularity: GranularityEnum,
    @Arg('companyId', () => ID, { nullable: true, description: 'Only learners of this company.' }) companyId: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.activeUsers.perBucket(ctx.scopeFor(companyId), period, granularity);
  }

  @Query(() => ActiveUsersSummary, { complexity: COST.ROLLUP_QUERY, description: 'Average DAU, WAU, MAU and stickiness for the period, optionally with a comparison period.' })
  activeUsersSummary(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Arg('companyId', () => ID, { nullable: true, description: 'Only learners of this company.' }) companyId: string | null,
    @Arg('compareTo', () => CompareToEnum, { nullable: true }) compareTo: CompareToEnum | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.activeUsers.summary(ctx.scopeFor(companyId), period, compareTo ?? null);
  }
}
