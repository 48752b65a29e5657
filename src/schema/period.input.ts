import { GraphQLDate, GraphQLTimeZone } from './scalars';
import { Field, InputType } from 'type-graphql';

@InputType({
  description:
    'A half-open period [from, to) of calendar days in `timezone` (any IANA name: whole-hour zones, and +05:30 / +05:45 / +09:30 ones such as Asia/Kolkata, Asia/Kathmandu and Australia/Adelaide, exactly; their days are cut at quarter hours). Default limits: 400 days, 31 at HOUR granularity.',
})
export class PeriodInput {
  @Field(() => GraphQLDate, { description: 'First day, included (YYYY-MM-DD).' })
  from: Date;

  @Field(() => GraphQLDate, { description: 'Day after the last day, excluded (YYYY-MM-DD).' })
  to: Date;

  // No schema default: a partner's default is its company's reporting timezone (src/domain/period.ts).
  @Field(() => GraphQLTimeZone, {
    nullable: true,
    description:
      "IANA timezone the days are cut in; default UTC. Partner views: only the company's reporting timezone (PARTNER_REPORTING_TIMEZONES, default UTC), which is also their default.",
  })
  timezone?: string | null;
}
