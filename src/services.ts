import type { ClickHouse } from './clickhouse/client';
import { EventsRepository } from './clickhouse/repositories/events.repository';
import { SystemRepository } from './clickhouse/repositories/system.repository';
import type { Config } from './config';
import { IngestService } from './ingest/ingest.service';
import { ActiveUsersService } from './metrics/active-users.service';

/** Process-wide services, built once at start and shared by every request. */
export interface Services {
  db: ClickHouse;
  config: Config;
  system: SystemRepository;
  ingest: IngestService;
  activeUsers: ActiveUsersService;
}

export function createServices(db: ClickHouse, config: Config): Services {
  const limits = { maxDays: config.maxPeriodDays, maxHourDays: config.maxHourPeriodDays };
  return {
    db,
    config,
    system: new SystemRepository(db),
    ingest: new IngestService(new EventsRepository(db), { strict: config.ingestStrict, dedupWindowSeconds: config.dedupWindowSeconds }),
    activeUsers: new ActiveUsersService(db, limits),
  };
}
