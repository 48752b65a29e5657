import { Field, ObjectType } from 'type-graphql';
import type { ServerInfoModel } from '../metrics/server-info.service';

@ObjectType({ description: 'What is serving this API: proves the whole path from GraphQL to ClickHouse.' })
export class ServerInfo implements ServerInfoModel {
  @Field(() => String, { description: 'LearnMetrics version (package.json).' })
  version: string;

  @Field(() => String, { description: '`embedded` (chDB, ClickHouse inside the API process) or `server` (a ClickHouse server over HTTP).' })
  engine: string;

  @Field(() => String, { description: 'The version ClickHouse reports from `SELECT version()`.' })
  clickhouseVersion: string;

  @Field(() => String, { description: 'The ClickHouse database holding events and rollups.' })
  database: string;
}
