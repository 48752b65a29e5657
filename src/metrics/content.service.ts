import type { ClickHouse } from '../clickhouse/client';
import { ContentRepository, type ContentKind } from '../clickhouse/repositories/content.repository';
import { checkRowLimit } from './argument-rules';
import { resolvePeriod, type PeriodArgs, type PeriodLimits } from './period';
import { withholdSmallGroups } from './privacy';
import type { TenantScope } from './scope';

export type ContentKindName = 'COURSE' | 'LESSON' | 'PAGE';

/** Figures are null when withheld by the privacy threshold (partner views). */
export interface ContentStats {
  kind: ContentKindName;
  id: string;
  views: number | null;
  uniqueViewers: number | null;
  completions: number | null;
  averageTimeSeconds: number | null;
  averageScore: number | null;
}

export const MAX_CONTENT_ROWS = 1000;

const STORED_KIND: Record<ContentKindName, ContentKind> = { COURSE: 'course', LESSON: 'lesson', PAGE: 'page' };

/** Most viewed courses, lessons and pages, from the hourly content rollup. */
export class ContentService {
  private readonly repo: ContentRepository;

  constructor(db: ClickHouse, private readonly limits: PeriodLimits) {
    this.repo = new ContentRepository(db);
  }

  /** averageTimeSeconds: all duration_seconds recorded on the content, divided by its unique viewers. */
  async top(scope: TenantScope, periodArgs: PeriodArgs, kind: ContentKindName, limit: number): Promise<ContentStats[]> {
    checkRowLimit('limit', limit, MAX_CONTENT_ROWS);
    const period = resolvePeriod(periodArgs, this.limits);
    const rows = await this.repo.top(scope, period, STORED_KIND[kind], limit);
    const stats: ContentStats[] = rows.map(({ timeSeconds, ...r }) => ({ kind, ...r, averageTimeSeconds: r.uniqueViewers === 0 ? null : timeSeconds / r.uniqueViewers }));
    // Privacy threshold: a row describes its unique viewers (uniqExact in the rollup).
    return withholdSmallGroups(scope, stats, (s) => s.uniqueViewers ?? 0, ['views', 'uniqueViewers', 'completions', 'averageTimeSeconds', 'averageScore']);
  }
}
