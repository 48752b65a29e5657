import { ArgsType, Field, ID } from 'type-graphql';
import { PeriodInput } from './period.input';

/** The arguments nearly every metric takes: the period and an optional company. */
@ArgsType()
export class PeriodCompanyArgs {
  @Field(() => PeriodInput, { description: 'The half-open period [from, to) of calendar days, cut in its timezone.' })
  period: PeriodInput;

  @Field(() => ID, { nullable: true, description: "Only this company's learners and their events (a partner token always reads its own company)." })
  companyId?: string | null;
}
