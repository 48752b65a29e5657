import { Field, Float, Int, ObjectType } from 'type-graphql';
import { withheld, WITHHELD_GROUPS } from './privacy.description';
import type { FunnelBreakdownResult, FunnelResult, FunnelStepResult } from '../metrics/funnel.service';

@ObjectType({ description: 'One step of a funnel and how many got that far.' })
export class FunnelStep implements FunnelStepResult {
  @Field(() => Int, { description: 'Position of the step, from 1.' })
  index: number;

  @Field(() => String, { description: 'The step name (its eventType unless a name was given).' })
  name: string;

  @Field(() => String, { description: 'The event type of the step.' })
  eventType: string;

  @Field(() => Int, {
    nullable: true,
    description: withheld('Users or sessions that reached at least this step (exact); with mode EACH_STEP, those with an event of this step.'),
  })
  count: number | null;

  @Field(() => Float, { nullable: true, description: withheld('count / count of step 1, from 0 to 1 (1 for step 1 itself); 0 when nobody did step 1.') })
  conversionFromStart: number | null;

  @Field(() => Float, {
    nullable: true,
    description: withheld('count / count of the step before, from 0 to 1 (1 for step 1 itself); 0 when nobody reached the step before.'),
  })
  conversionFromPrevious: number | null;
}

@ObjectType({ description: 'The funnel of the users or sessions that share one value of the breakdown dimension.' })
export class FunnelBreakdown implements FunnelBreakdownResult {
  @Field(() => String, {
    description:
      'The dimension value on the entity\'s first step-1 event in the period (empty string: the event had none; "(other)": every group beyond the 49 largest).',
  })
  value: string;

  @Field(() => [FunnelStep])
  steps: FunnelStep[];

  @Field(() => Float, { nullable: true, description: withheld('Count of the last step / count of step 1 in this group (0 when the group is empty).') })
  overallConversion: number | null;
}

@ObjectType({ description: 'A conversion funnel computed from raw events.' })
export class Funnel implements FunnelResult {
  @Field(() => [FunnelStep], { description: 'Every step in the order asked for.' })
  steps: FunnelStep[];

  @Field(() => Float, { nullable: true, description: withheld('Count of the last step / count of step 1, from 0 to 1 (0 when nobody did step 1).') })
  overallConversion: number | null;

  @Field(() => [FunnelBreakdown], {
    nullable: true,
    description:
      'One funnel per value of breakdownBy, largest step-1 count first (then by value); null without breakdownBy. At most 50 groups: with more values, the 49 largest and "(other)" summing the rest. The groups partition the entities, so their counts add up to the totals. ' +
      WITHHELD_GROUPS.replace('a group with', 'a group whose step 1 has') +
      ' Within a shown group, a step after a withheld step is withheld too.',
  })
  breakdown: FunnelBreakdown[] | null;
}

export const FUNNEL_QUERY =
  "Conversion funnel over RAW events (ClickHouse windowFunnel; exact counts). An entity (user or session, see countBy) reaches step k when it did steps 1..k within `window` seconds as `mode` requires; each step count is the entities that reached at least that step. Only events in [period.from, period.to) count, and with companyId only that company's events. Timestamps are cut to whole seconds: a step exactly `window` seconds after the first still counts, and events in the same second count in step order (ORDERED, STRICT_ORDER). An event that matches several steps counts for each of them.";

export const FUNNEL_ARGS = {
  window:
    'Conversion window in seconds, 1 to 7776000 (90 days), measured from the event that starts the chain (the first step for ORDERED and STRICT_ORDER, the earliest event of the span for UNORDERED).',
  breakdownBy: "Also compute the funnel per value of this dimension, taken from each entity's first step-1 event in the period.",
} as const;
