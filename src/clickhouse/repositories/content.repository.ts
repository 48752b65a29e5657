import type { Period } from '../../domain/period';
import type { TenantScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { scopeCondition } from '../conditions';
import { rawContent } from '../raw-rollup-states';
import { rollupSource, type RollupTiers } from '../rollup-source';
import { param, sql } from '../sql';

/**
 * Daily states (0081) for periods of whole UTC days; hourly states for days in other whole-hour
 * zones; periods whose days a UTC hour cannot cut (India, Nepal, Adelaide) are recomputed from
 * raw events per quarter hour. Exact from every tier.
 */
const TIERS: RollupTiers = { daily: 'rollup_content_daily', hourly: 'rollup_content', raw: rawContent };

/** The `kind` values the content rollups store (migrations 0007, 0081). */
export type StoredContentKind = 'course' | 'lesson' | 'page';

export interface ContentRow {
  id: string;
  views: number;
  uniqueViewers: number;
  completions: number;
  timeSeconds: number;
  averageScore: number | null;
}

/** Views, viewers, completions, time and scores per piece of content, from rollup_content. */
export class ContentRepository {
  constructor(private readonly db: ClickHouse) {}

  /** Content of one kind viewed at least once in the period, most views first. */
  async top(scope: TenantScope, period: Period, kind: StoredContentKind, limit: number): Promise<ContentRow[]> {
    const source = rollupSource(this.db, TIERS, [period], 'DAY');
    const rows = await this.db.query<{ id: string; views: string; viewers: string; completions: string; time_seconds: string; score: number | null }>(
      'metrics.content.top',
      // avgMerge over hours with no scored event is nan, not NULL; turn it into NULL here.
      sql`SELECT content_id AS id, countMerge(views) AS views, uniqExactMerge(viewers) AS viewers,
                 countMerge(completions) AS completions, sumMerge(time_seconds) AS time_seconds,
                 if(isFinite(avgMerge(score)), avgMerge(score), NULL) AS score
          FROM ${source.from}
          WHERE kind = ${kind} AND ${source.within(period)} AND ${scopeCondition(scope)}
          GROUP BY id
          HAVING views > 0
          ORDER BY views DESC, id
          LIMIT ${param(limit, 'UInt32')}`,
    );
    return rows.map((r) => ({
      id: r.id,
      views: Number(r.views),
      uniqueViewers: Number(r.viewers),
      completions: Number(r.completions),
      timeSeconds: Number(r.time_seconds),
      averageScore: r.score === null ? null : Number(r.score),
    }));
  }
}
