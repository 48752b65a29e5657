import { SessionsRepository } from '../clickhouse/repositories/sessions.repository';
import { bucketLabels, resolvePeriod, type PeriodArgs } from '../domain/period';
import type { DailyPoint } from './active-users.service';
import type { ServiceDeps } from './request-services';

export type SessionsReader = Pick<SessionsRepository, 'perBucket'>;

/**
 * Sessions: distinct non-empty session_id among all events of a day (exact, uniqExact). A
 * session that spans midnight counts on both days; events without a session are not counted.
 */
export class SessionsService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: SessionsReader = new SessionsRepository(deps.db),
  ) {}

  /** One point per day of the period, zero-filled. */
  async perDay(periodArgs: PeriodArgs, companyId: string | null): Promise<DailyPoint[]> {
    const scope = this.deps.tenancy.scopeFor(companyId);
    const period = resolvePeriod(periodArgs, this.deps.periodLimits);
    const values = await this.repo.perBucket(scope, period, 'DAY');
    return bucketLabels(period, 'DAY').map((date) => ({ date, value: values.get(date) ?? 0 }));
  }
}
