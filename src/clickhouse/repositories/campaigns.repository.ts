import type { Period } from '../../domain/period';
import type { TenantScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { scopeCondition } from '../conditions';
import { rawAcquisition } from '../raw-rollup-states';
import { rollupSource, type RollupTiers } from '../rollup-source';
import { param, sql } from '../sql';

/**
 * Daily states (0082) for periods of whole UTC days; hourly states for days in other whole-hour
 * zones; periods whose days a UTC hour cannot cut (India, Nepal, Adelaide) are recomputed from
 * raw events per quarter hour. Exact from every tier.
 */
const TIERS: RollupTiers = { daily: 'rollup_acquisition_daily', hourly: 'rollup_acquisition', raw: rawAcquisition };

export interface CampaignRow {
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  sessions: number;
  users: number;
  signups: number;
  enrollments: number;
}

/** UTM attribution from the acquisition rollups (daily or hourly uniqExact and count states: exact). */
export class CampaignsRepository {
  constructor(private readonly db: ClickHouse) {}

  /** One row per (utm_source, utm_medium, utm_campaign), most users first. */
  async performance(scope: TenantScope, period: Period, limit: number): Promise<CampaignRow[]> {
    const source = rollupSource(this.db, TIERS, [period], 'DAY');
    const rows = await this.db.query<Record<'source' | 'medium' | 'campaign' | 'sessions' | 'users' | 'signups' | 'enrollments', string>>(
      'metrics.campaigns.performance',
      sql`SELECT toString(utm_source) AS source, toString(utm_medium) AS medium, toString(utm_campaign) AS campaign,
                 uniqExactMerge(sessions) AS sessions, uniqExactMerge(users) AS users,
                 countMerge(signups) AS signups, countMerge(enrollments) AS enrollments
          FROM ${source.from}
          WHERE ${source.within(period)} AND ${scopeCondition(scope)}
          GROUP BY source, medium, campaign
          ORDER BY users DESC, sessions DESC, source, medium, campaign
          LIMIT ${param(limit, 'UInt32')}`,
    );
    return rows.map((r) => ({
      utmSource: r.source,
      utmMedium: r.medium,
      utmCampaign: r.campaign,
      sessions: Number(r.sessions),
      users: Number(r.users),
      signups: Number(r.signups),
      enrollments: Number(r.enrollments),
    }));
  }
}
