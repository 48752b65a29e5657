import { GraphQLError } from 'graphql';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from './context';
import { IngestUnavailableError } from '../ingest/ingest.service';
import { IdempotencyKeyReusedError, sha256Hex } from '../ingest/idempotency';
import { EventInput } from '../schema/event.input';
import { IngestResult } from '../schema/ingest-result.type';

@Resolver()
export class IngestResolver {
  @Mutation(() => IngestResult, {
    description:
      'Stores platform events through the same path as POST /v1/events: validated, deduplicated by event_id and by request, acknowledged only after ClickHouse confirmed the write.',
  })
  async ingestEvents(
    @Arg('events', () => [EventInput], { description: 'The events, at most INGEST_MAX_EVENTS (default 50,000).' }) events: EventInput[],
    @Arg('idempotencyKey', () => String, {
      nullable: true,
      description:
        'A retry with the same key and the same events adds nothing and gets the first answer; the same key with other events is refused (IDEMPOTENCY_KEY_REUSED). Kept for the dedup window.',
    })
    idempotencyKey: string | null,
    @Arg('allOrNothing', () => Boolean, { defaultValue: false, description: 'Store nothing unless every event is valid.' }) allOrNothing: boolean,
    @Ctx() { app: services, viewer }: Context,
  ): Promise<IngestResult> {
    if (events.length > services.config.ingestMaxEvents) {
      throw new GraphQLError(`events: at most ${services.config.ingestMaxEvents} per request, got ${events.length}; send smaller batches`, {
        extensions: { code: 'BAD_USER_INPUT', argumentName: 'events' },
      });
    }
    // Plain objects without absent fields: what the validator would get from a JSON body.
    const records = events.map((event, i) => ({
      line: i + 1,
      value: Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined && v !== null)),
    }));
    // The events as the validator sees them, with the mode: what an idempotency key binds to.
    const requestHash = sha256Hex(JSON.stringify({ records, allOrNothing }));
    try {
      const answer = await services.ingest.ingest(records, { allOrNothing, requestHash, idempotencyKey: idempotencyKey ?? undefined, writer: viewer });
      return answer.result;
    } catch (error) {
      if (error instanceof IngestUnavailableError) {
        throw new GraphQLError(error.message, { extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: error.retryAfterSeconds } });
      }
      if (error instanceof IdempotencyKeyReusedError) {
        throw new GraphQLError(error.message, { extensions: { code: 'IDEMPOTENCY_KEY_REUSED', argumentName: 'idempotencyKey' } });
      }
      throw error;
    }
  }
}
