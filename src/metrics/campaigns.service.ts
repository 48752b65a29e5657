import type { ClickHouse } from '../clickhouse/client';
import { CampaignsRepository, type CampaignRow } from '../clickhouse/repositories/campaigns.repository';
import { checkRowLimit } from './argument-rules';
import { resolvePeriod, type PeriodArgs, type PeriodLimits } from './period';
import { withholdSmallGroups, type MaybeWithheld } from './privacy';
import type { TenantScope } from './scope';

/** Figures are null when withheld by the privacy threshold (partner views). */
export type CampaignPerformance = Pick<CampaignRow, 'utmSource' | 'utmMedium' | 'utmCampaign'> & MaybeWithheld<Pick<CampaignRow, 'sessions' | 'users' | 'signups' | 'enrollments'>>;

export const MAX_CAMPAIGN_ROWS = 1000;

/** Campaign (UTM) performance, from the hourly acquisition rollup. */
export class CampaignsService {
  private readonly repo: CampaignsRepository;

  constructor(db: ClickHouse, private readonly limits: PeriodLimits) {
    this.repo = new CampaignsRepository(db);
  }

  async performance(scope: TenantScope, periodArgs: PeriodArgs, limit: number): Promise<CampaignPerformance[]> {
    checkRowLimit('limit', limit, MAX_CAMPAIGN_ROWS);
    const period = resolvePeriod(periodArgs, this.limits);
    const rows: CampaignPerformance[] = await this.repo.performance(scope, period, limit);
    // Privacy threshold: a row describes its attributed users (users, uniqExact in the rollup).
    return withholdSmallGroups(scope, rows, (r) => r.users ?? 0, ['sessions', 'users', 'signups', 'enrollments']);
  }
}
