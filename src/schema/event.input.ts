import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, InputType, Int } from 'type-graphql';

/**
 * One event for the ingestEvents mutation: the envelope of POST /v1/events with camelCase
 * names. Values are checked by the same validator as the HTTP endpoint (types, ranges,
 * required fields per type), so errors come back per event in the result, not as GraphQL errors.
 */
@InputType({ description: 'One platform event (design.md event model). See POST /v1/events for the rules per type.' })
export class EventInput {
  @Field(() => String, {
    nullable: true,
    description: 'UUID chosen by the producer: the idempotency key of the event. Assigned by the server when absent (then a resend cannot be recognised).',
  })
  eventId?: string;

  @Field(() => String, {
    description: 'Event type in dot.case, e.g. `lesson.completed`. Types outside the catalogue are stored as custom events unless strict mode is on.',
  })
  type: string;

  @Field(() => String, { nullable: true, description: 'ISO-8601 with a timezone (`Z` or `±hh:mm`); at most 24 h in the future. Defaults to the receive time.' })
  timestamp?: string;

  @Field(() => String, { nullable: true, description: 'Producing service: iam, course-catalog, learner-progress, billing, booking, feedback, web, mobile.' })
  source?: string;

  @Field(() => String, { nullable: true }) userId?: string;
  @Field(() => String, { nullable: true }) anonymousId?: string;
  @Field(() => String, { nullable: true }) sessionId?: string;
  @Field(() => String, { nullable: true, description: 'Enterprise customer; empty for solo learners.' }) companyId?: string;
  @Field(() => String, { nullable: true }) courseId?: string;
  @Field(() => String, { nullable: true }) moduleId?: string;
  @Field(() => String, { nullable: true }) lessonId?: string;
  @Field(() => String, { nullable: true }) quizId?: string;
  @Field(() => String, { nullable: true, description: 'web, ios or android.' }) platform?: string;
  @Field(() => String, { nullable: true, description: 'ISO-3166 alpha-2.' }) country?: string;
  @Field(() => String, { nullable: true }) page?: string;
  @Field(() => String, { nullable: true }) referrer?: string;
  @Field(() => String, { nullable: true }) utmSource?: string;
  @Field(() => String, { nullable: true }) utmMedium?: string;
  @Field(() => String, { nullable: true }) utmCampaign?: string;
  @Field(() => String, { nullable: true }) utmTerm?: string;
  @Field(() => String, { nullable: true }) utmContent?: string;
  @Field(() => Int, { nullable: true, description: 'Time spent, seconds (0 to 604800).' }) durationSeconds?: number;
  @Field(() => Float, { nullable: true, description: 'Quiz or practice score, percent (0 to 100).' }) score?: number;
  @Field(() => Boolean, { nullable: true, description: 'Quiz result.' }) passed?: boolean;
  @Field(() => String, { nullable: true, description: 'Decimal amount as a string (exact), e.g. "49.90"; at most 4 decimals.' }) amount?: string;
  @Field(() => String, { nullable: true, description: 'ISO-4217, e.g. USD.' }) currency?: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Anything else, stored as ClickHouse JSON.' }) properties?: Record<string, unknown>;
}
