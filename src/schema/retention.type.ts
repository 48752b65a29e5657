import { GraphQLDate } from './scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { withheld } from './privacy.description';
import type { RetentionCohort as RetentionCohortModel } from '../metrics/retention.service';

@ObjectType({
  description: 'The users who did the cohort event for the first time in one calendar bucket, and how many of them came back in each bucket after.',
})
export class RetentionCohort implements RetentionCohortModel {
  @Field(() => GraphQLDate, {
    description: 'First day of the cohort bucket in the period timezone (a Monday for WEEK, the 1st for MONTH; may lie before period.from).',
  })
  cohortStart: string;

  @Field(() => Int, { nullable: true, description: withheld('Distinct users whose first cohort event ever falls in this bucket (and in the period).') })
  size: number | null;

  @Field(() => [Int], {
    nullable: 'items',
    description: withheld(
      "retained[i]: cohort members with a return event in the i-th bucket after the cohort bucket, i = 0 being the cohort bucket itself. Only return events at or after the member's first cohort event count. Always `periods` entries; buckets not over yet are partial and future ones 0.",
    ),
  })
  retained: (number | null)[];

  @Field(() => [Float], { nullable: 'items', description: withheld('retained[i] / size, from 0 to 1 (0 for an empty cohort).') })
  rates: (number | null)[];
}

export const RETENTION_QUERY =
  "Cohort retention over RAW events (exact, uniqExact). A cohort is the distinct users whose first cohortEventType event ever falls in the period, grouped by the calendar bucket (period timezone) of that event; one cohort per bucket of the period, zero-filled. retained[i] counts the members with a returnEventType event (any event when null) in the i-th bucket after their cohort bucket, i = 0 being the cohort bucket itself, counting only events at or after the member's first cohort event (so with any event, rates[0] is 1); return events after period.to count too. With companyId, only that company's events count, for the cohort and the returns.";
