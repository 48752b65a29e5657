import { Field, Int, ObjectType } from 'type-graphql';
import { withheld, WITHHELD_GROUPS } from './privacy.description';
import type { CampaignPerformance as CampaignPerformanceModel } from '../metrics/campaigns.service';

@ObjectType({
  description:
    'Traffic and conversions of one UTM source / medium / campaign in the period. Events are attributed to the UTM fields they carry; events without utm_source are not campaign traffic. Served from the daily rollup rollup_acquisition_daily for periods of whole UTC days, otherwise from the hourly rollup rollup_acquisition (raw events for zones off the whole hour); every figure is exact from every source (uniqExact / count: error 0).',
})
export class CampaignPerformance implements CampaignPerformanceModel {
  @Field(() => String, { description: 'utm_source of the events.' })
  utmSource: string;

  @Field(() => String, { description: 'utm_medium of the events (empty when not sent).' })
  utmMedium: string;

  @Field(() => String, { description: 'utm_campaign of the events (empty when not sent).' })
  utmCampaign: string;

  @Field(() => Int, {
    nullable: true,
    description: withheld(
      'Distinct session_id among the attributed events in the period (events without a session are not counted). From the rollup; exact (uniqExact, error 0).',
    ),
  })
  sessions: number | null;

  @Field(() => Int, {
    nullable: true,
    description: withheld(
      'Distinct user_id among the attributed events in the period (anonymous visitors are not counted). From the rollup; exact (uniqExact, error 0).',
    ),
  })
  users: number | null;

  @Field(() => Int, { nullable: true, description: withheld('Attributed `user.registered` events in the period. From the rollup; exact (a count).') })
  signups: number | null;

  @Field(() => Int, { nullable: true, description: withheld('Attributed `course.enrolled` events in the period. From the rollup; exact (a count).') })
  enrollments: number | null;
}

export const CAMPAIGN_PERFORMANCE_QUERY =
  'Sessions, users, signups and enrollments per UTM source / medium / campaign in the period, most users first (then most sessions, then by name). Served from the daily or hourly rollup (rollup_acquisition_daily / rollup_acquisition); exact (error 0).' +
  ' ' +
  WITHHELD_GROUPS;
