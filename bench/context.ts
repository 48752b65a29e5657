import type { ClickHouseSettings } from '@clickhouse/client';
import type { ClickHouse } from '../src/clickhouse/client';
import type { Services } from '../src/services';
import type { GraphQLClient } from './graphql-client';
import type { ProgressFactory } from './progress';
import type { Repeat } from './stats';

/** What every measuring section gets: the loaded database, the running server and how long to measure. */
export interface BenchContext {
  db: ClickHouse;
  services: Services;
  /** An admin client of the bench's own server (GraphQL over HTTP on loopback). */
  graphql: GraphQLClient;
  /** Settings of the statements the bench sends directly: what ClickHouse.run sends for an admin request. */
  directSettings: ClickHouseSettings;
  repeat: Repeat;
  progress: ProgressFactory;
  log(message: string): void;
}
