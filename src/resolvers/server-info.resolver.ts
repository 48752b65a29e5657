import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { ServerInfo } from '../schema/server-info.type';
import { VERSION } from '../version';
import { COST } from '../limits/costs';

@Resolver(() => ServerInfo)
export class ServerInfoResolver {
  @Query(() => ServerInfo, { complexity: COST.TRIVIAL, description: 'Version of the API and of the ClickHouse engine behind it.' })
  async serverInfo(@Ctx() ctx: Context): Promise<ServerInfo> {
    return {
      version: VERSION,
      engine: ctx.services.db.engine,
      clickhouseVersion: await ctx.services.system.version(),
      database: ctx.services.db.database,
    };
  }
}
