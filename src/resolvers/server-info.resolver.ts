import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { ServerInfo } from '../schema/server-info.type';
import { VERSION } from '../version';

@Resolver(() => ServerInfo)
export class ServerInfoResolver {
  @Query(() => ServerInfo, { description: 'Version of the API and of the ClickHouse engine behind it.' })
  async serverInfo(@Ctx() ctx: Context): Promise<ServerInfo> {
    return {
      version: VERSION,
      engine: ctx.services.db.engine,
      clickhouseVersion: await ctx.services.system.version(),
      database: ctx.services.db.database,
    };
  }
}
