import type { NonEmptyArray } from 'type-graphql';
import { ActiveUsersResolver } from './active-users.resolver';
import { IngestResolver } from './ingest.resolver';
import { ServerInfoResolver } from './server-info.resolver';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [ServerInfoResolver, IngestResolver, ActiveUsersResolver];
