import { CampaignsRepository, type CampaignRow } from '../clickhouse/repositories/campaigns.repository';
import { checkRowLimit } from '../domain/arguments';
import { resolvePeriod, type PeriodArgs } from '../domain/period';
import { partnerFetchLimit, suppressThenLimit, type MaybeWithheld } from '../domain/privacy';
import type { ServiceDeps } from './request-services';

export type CampaignsReader = Pick<CampaignsRepository, 'performance'>;

/** Figures are null when withheld by the privacy threshold (partner views). */
export type CampaignPerformance = Pick<CampaignRow, 'utmSource' | 'utmMedium' | 'utmCampaign'> &
  MaybeWithheld<Pick<CampaignRow, 'sessions' | 'users' | 'signups' | 'enrollments'>>;

export const MAX_CAMPAIGN_ROWS = 1000;

/** Campaign (UTM) performance, from the hourly acquisition rollup. */
export class CampaignsService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: CampaignsReader = new CampaignsRepository(deps.db),
  ) {}

  async performance(periodArgs: PeriodArgs, companyId: string | null, limit: number): Promise<CampaignPerformance[]> {
    const scope = this.deps.tenancy.scopeFor(companyId);
    checkRowLimit('limit', limit, MAX_CAMPAIGN_ROWS);
    const period = resolvePeriod(periodArgs, this.deps.periodLimits);
    const rows: CampaignPerformance[] = await this.repo.performance(scope, period, partnerFetchLimit(scope, limit));
    // Privacy threshold: a row describes its attributed users (users, uniqExact in the rollup);
    // rows under k are left out, and a complement blanked (signups and enrollments add up to
    // eventCounts totals). Decided on the whole list, then cut at `limit`.
    return suppressThenLimit(scope, rows, limit, (r) => r.users ?? 0, ['sessions', 'users', 'signups', 'enrollments']);
  }
}
