import { Field, Int, ObjectType } from 'type-graphql';
import type { IngestError as IngestErrorModel, IngestResult as IngestResultModel } from '../ingest/ingest.service';

@ObjectType({ description: 'One problem with one submitted event.' })
export class IngestError implements IngestErrorModel {
  @Field(() => Int, { description: '1-based position of the event in the request (NDJSON line, array index + 1).' })
  line: number;

  @Field(() => String, { description: 'The envelope field at fault (snake_case), or empty for the event as a whole.' })
  field: string;

  @Field(() => String, { description: 'What was wrong and what is expected.' })
  message: string;
}

@ObjectType({ description: 'What happened to a batch of events. Valid events are acknowledged only after ClickHouse confirmed the write.' })
export class IngestResult implements IngestResultModel {
  @Field(() => Int, { description: 'Valid events acknowledged: written now, or already stored (counted in `duplicates`).' })
  accepted: number;

  @Field(() => Int, { description: 'Invalid events; none of them were stored.' })
  rejected: number;

  @Field(() => Int, {
    description: 'Accepted events not written again: repeated in this request, or with an event_id received within the dedup window (default 24 h).',
  })
  duplicates: number;

  @Field(() => [IngestError], { description: 'Every problem found, per event and field.' })
  errors: IngestError[];

  @Field(() => [String], { description: 'Notes that rejected nothing, e.g. that server-assigned event ids cannot be deduplicated.' })
  warnings: string[];
}
