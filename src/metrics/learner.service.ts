import { LearnerRepository, type LearnerMetricsRow } from '../clickhouse/repositories/learner.repository';
import { checkUserId } from '../domain/arguments';
import { resolvePeriod, type PeriodArgs } from '../domain/period';
import type { LearnerScope } from '../domain/tenant-scope';
import type { ServiceDeps } from './request-services';

export type LearnerReader = Pick<LearnerRepository, 'exists' | 'metrics'>;

/** A learner found within a scope; the scope travels with it so nested fields stay inside it. */
export interface LearnerRef {
  userId: string;
  scope: LearnerScope;
}

export type LearnerMetrics = LearnerMetricsRow;

/** Per-learner metrics from raw events. */
export class LearnerService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: LearnerReader = new LearnerRepository(deps.db),
  ) {}

  /**
   * The learner, or null when the user has no event at all within the scope. A learner-level
   * read: FORBIDDEN without `learners:read` (Tenancy.learnerScopeFor), before any query.
   */
  async find(userId: string, companyId: string | null): Promise<LearnerRef | null> {
    const scope = this.deps.tenancy.learnerScopeFor(companyId);
    checkUserId('userId', userId);
    return (await this.repo.exists(scope, userId)) ? { userId, scope } : null;
  }

  async metrics(learner: LearnerRef, periodArgs: PeriodArgs): Promise<LearnerMetrics> {
    const period = resolvePeriod(periodArgs, this.deps.periodLimits);
    return this.repo.metrics(learner.scope, learner.userId, period);
  }
}
