import type { ClickHouse } from '../clickhouse/client';
import { LearnerRepository, type LearnerMetricsRow } from '../clickhouse/repositories/learner.repository';
import { checkUserId } from './argument-rules';
import { resolvePeriod, type PeriodArgs, type PeriodLimits } from './period';
import type { TenantScope } from './scope';

/** A learner found within a scope; the scope travels with it so nested fields stay inside it. */
export interface LearnerRef {
  userId: string;
  scope: TenantScope;
}

export type LearnerMetrics = LearnerMetricsRow;

/** Per-learner metrics from raw events. */
export class LearnerService {
  private readonly repo: LearnerRepository;

  constructor(db: ClickHouse, private readonly limits: PeriodLimits) {
    this.repo = new LearnerRepository(db);
  }

  /** The learner, or null when the user has no event at all within the scope. */
  async find(scope: TenantScope, userId: string): Promise<LearnerRef | null> {
    checkUserId('userId', userId);
    return (await this.repo.exists(scope, userId)) ? { userId, scope } : null;
  }

  async metrics(learner: LearnerRef, periodArgs: PeriodArgs): Promise<LearnerMetrics> {
    const period = resolvePeriod(periodArgs, this.limits);
    return this.repo.metrics(learner.scope, learner.userId, period);
  }
}
