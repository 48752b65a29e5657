import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { COST } from '../limits/costs';
import { EventTypesService } from '../metrics/event-types.service';
import { EVENT_TYPES_QUERY, EventTypeInfo } from '../schema/event-type.type';
import { PeriodInput } from '../schema/period.input';
import type { Context } from './context';

@Resolver()
export class EventTypesResolver {
  @Query(() => [EventTypeInfo], { complexity: COST.ROLLUP_QUERY, description: EVENT_TYPES_QUERY })
  eventTypes(
    @Arg('period', () => PeriodInput, { nullable: true, description: 'Count the events of this period only; leave out to count every stored event.' })
    period: PeriodInput | null,
    @Arg('companyId', () => ID, {
      nullable: true,
      description: "Only this company's events (a partner token always reads its own company).",
    })
    companyId: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.get(EventTypesService).eventTypes(companyId ?? null, period ?? null);
  }
}
