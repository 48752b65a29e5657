import type { ClickHouse } from '../clickhouse/client';
import { CampaignsRepository, type CampaignRow } from '../clickhouse/repositories/campaigns.repository';
import { checkRowLimit } from './argument-rules';
import { resolvePeriod, type PeriodArgs, type PeriodLimits } from './period';
import type { TenantScope } from './scope';

export type CampaignPerformance = CampaignRow;

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
    return this.repo.performance(scope, period, limit);
  }
}
