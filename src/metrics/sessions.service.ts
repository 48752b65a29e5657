import type { ClickHouse } from '../clickhouse/client';
import { SessionsRepository } from '../clickhouse/repositories/sessions.repository';
import type { DailyPoint } from './active-users.service';
import { bucketLabels, resolvePeriod, type PeriodArgs, type PeriodLimits } from './period';
import type { TenantScope } from './scope';

/**
 * Sessions: distinct non-empty session_id among all events of a day (exact, uniqExact). A
 * session that spans midnight counts on both days; events without a session are not counted.
 */
export class SessionsService {
  private readonly repo: SessionsRepository;

  constructor(db: ClickHouse, private readonly limits: PeriodLimits) {
    this.repo = new SessionsRepository(db);
  }

  /** One point per day of the period, zero-filled. */
  async perDay(scope: TenantScope, periodArgs: PeriodArgs): Promise<DailyPoint[]> {
    const period = resolvePeriod(periodArgs, this.limits);
    const values = await this.repo.perBucket(scope, period, 'DAY');
    return bucketLabels(period, 'DAY').map((date) => ({ date, value: values.get(date) ?? 0 }));
  }
}
