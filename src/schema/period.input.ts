import { GraphQLDate, GraphQLTimeZone } from './scalars';
import { Field, InputType } from 'type-graphql';

@InputType({
  description:
    'A half-open period [from, to) of calendar days in `timezone` (any IANA name with a whole-hour offset; half-hour zones are rejected because rollups are hourly). Default limits: 400 days, 31 at HOUR granularity.',
})
export class PeriodInput {
  @Field(() => GraphQLDate, { description: 'First day, included (YYYY-MM-DD).' })
  from: Date;

  @Field(() => GraphQLDate, { description: 'Day after the last day, excluded (YYYY-MM-DD).' })
  to: Date;

  @Field(() => GraphQLTimeZone, { defaultValue: 'UTC', description: 'IANA timezone the days are cut in.' })
  timezone: string;
}
