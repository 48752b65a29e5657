import { ContentRepository, type StoredContentKind } from '../clickhouse/repositories/content.repository';
import { checkRowLimit } from '../domain/arguments';
import { resolvePeriod, type PeriodArgs } from '../domain/period';
import { partnerFetchLimit, suppressThenLimit } from '../domain/privacy';
import type { ContentKind } from '../domain/vocabulary';
import type { ServiceDeps } from './request-services';

export type ContentReader = Pick<ContentRepository, 'top'>;

/** Figures are null when withheld by the privacy threshold (partner views). */
export interface ContentStats {
  kind: ContentKind;
  id: string;
  views: number | null;
  uniqueViewers: number | null;
  completions: number | null;
  averageTimeSeconds: number | null;
  averageScore: number | null;
}

export const MAX_CONTENT_ROWS = 1000;

const STORED_KIND: Record<ContentKind, StoredContentKind> = { COURSE: 'course', LESSON: 'lesson', PAGE: 'page' };

/** Most viewed courses, lessons and pages, from the hourly content rollup. */
export class ContentService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: ContentReader = new ContentRepository(deps.db),
  ) {}

  /** averageTimeSeconds: all duration_seconds recorded on the content, divided by its unique viewers. */
  async top(periodArgs: PeriodArgs, companyId: string | null, kind: ContentKind, limit: number): Promise<ContentStats[]> {
    const scope = this.deps.tenancy.scopeFor(companyId);
    checkRowLimit('limit', limit, MAX_CONTENT_ROWS);
    const period = resolvePeriod(periodArgs, this.deps.periodLimits);
    const rows = await this.repo.top(scope, period, STORED_KIND[kind], partnerFetchLimit(scope, limit));
    const stats: ContentStats[] = rows.map(({ timeSeconds, ...r }) => ({
      kind,
      ...r,
      averageTimeSeconds: r.uniqueViewers === 0 ? null : timeSeconds / r.uniqueViewers,
    }));
    // Privacy threshold: a row describes its unique viewers (uniqExact in the rollup); rows
    // under k are left out, and a complement blanked (views add up to eventCounts totals).
    // Decided on the whole list, then cut at `limit`.
    return suppressThenLimit(scope, stats, limit, (s) => s.uniqueViewers ?? 0, ['views', 'uniqueViewers', 'completions', 'averageTimeSeconds', 'averageScore']);
  }
}
