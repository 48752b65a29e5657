import { Field, Float, Int, ObjectType } from 'type-graphql';
import { withheld } from './privacy.description';
import type { ActiveUsersSummary as ActiveUsersSummaryModel } from '../metrics/active-users.service';

@ObjectType({
  description:
    'Active users: distinct user_id with at least one event. Served from uniqExact states per UTC day (rollup_active_users_daily) when the days are UTC days, else per quarter hour (rollup_active_users_15m), so every count is exact (error 0) in every zone.',
})
export class ActiveUsersSummary implements ActiveUsersSummaryModel {
  @Field(() => Float, { nullable: true, description: withheld('Mean daily active users over the days of the period.') })
  dailyAverage: number | null;

  @Field(() => Int, { nullable: true, description: withheld('WAU: distinct active users in the 7 days ending at `to`.') })
  weekly: number | null;

  @Field(() => Int, { nullable: true, description: withheld('MAU: distinct active users in the 30 days ending at `to`.') })
  monthly: number | null;

  @Field(() => Float, {
    nullable: true,
    description: withheld('Stickiness: mean DAU over the 30 days ending at `to`, divided by MAU (0 to 1; 0 when nobody was active).'),
  })
  stickiness: number | null;

  @Field(() => ActiveUsersSummary, { nullable: true, description: 'The same figures for the comparison period (compareTo), else null.' })
  comparison?: ActiveUsersSummary;
}

/** Descriptions of the queries that answer active users (src/resolvers/active-users.resolver.ts). */
export const ACTIVE_USERS_QUERIES = {
  dau: 'Daily active users: distinct user_id with at least one event per day of the period (days in the period timezone), one row per day, zero-filled. From daily states for UTC days, 15-minute states in other zones; exact (uniqExact, error 0).',
  activeUsers:
    'Distinct active users per calendar bucket (hour, day, week, month, year) of the period, zero-filled. From daily states for UTC days, weeks, months and years, 15-minute states for hours and other zones; exact (uniqExact, error 0).',
  activeUsersSummary: 'Average DAU, WAU, MAU and stickiness for the period, optionally with a comparison period.',
} as const;
