import { Field, Float, Int, ObjectType } from 'type-graphql';
import { withheld } from './privacy.description';

@ObjectType({
  description:
    'Active users: distinct user_id with at least one event. Served from hourly rollups (rollup_active_users) with uniqExact states, so every count is exact.',
})
export class ActiveUsersSummary {
  @Field(() => Float, { nullable: true, description: withheld('Mean daily active users over the days of the period.') })
  dailyAverage: number | null;

  @Field(() => Int, { nullable: true, description: withheld('WAU: distinct active users in the 7 days ending at `to`.') })
  weekly: number | null;

  @Field(() => Int, { nullable: true, description: withheld('MAU: distinct active users in the 30 days ending at `to`.') })
  monthly: number | null;

  @Field(() => Float, { nullable: true, description: withheld('Stickiness: mean DAU over the 30 days ending at `to`, divided by MAU (0 to 1; 0 when nobody was active).') })
  stickiness: number | null;

  @Field(() => ActiveUsersSummary, { nullable: true, description: 'The same figures for the comparison period (compareTo), else null.' })
  comparison?: ActiveUsersSummary;
}
