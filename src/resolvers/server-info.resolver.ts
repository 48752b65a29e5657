import { Ctx, Query, Resolver } from 'type-graphql';
import { COST } from '../limits/costs';
import { ServerInfoService } from '../metrics/server-info.service';
import { ServerInfo } from '../schema/server-info.type';
import type { Context } from './context';

@Resolver(() => ServerInfo)
export class ServerInfoResolver {
  @Query(() => ServerInfo, { complexity: COST.TRIVIAL, description: 'Version of the API and of the ClickHouse engine behind it.' })
  serverInfo(@Ctx() ctx: Context): Promise<ServerInfo> {
    return ctx.services.get(ServerInfoService).info();
  }
}
