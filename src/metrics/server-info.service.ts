import { SystemRepository } from '../clickhouse/repositories/system.repository';
import { VERSION } from '../version';
import type { ServiceDeps } from './request-services';

export interface ServerInfoModel {
  version: string;
  engine: string;
  clickhouseVersion: string;
  database: string;
}

/** What serves this API: the version, the engine and the ClickHouse version behind it. */
export class ServerInfoService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly system: Pick<SystemRepository, 'version'> = new SystemRepository(deps.db),
  ) {}

  async info(): Promise<ServerInfoModel> {
    return { version: VERSION, engine: this.deps.db.engine, clickhouseVersion: await this.system.version(), database: this.deps.db.database };
  }
}
