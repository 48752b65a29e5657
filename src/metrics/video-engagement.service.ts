import { VideoEngagementRepository, type VideoSelection } from '../clickhouse/repositories/video-engagement.repository';
import { checkRowLimit } from '../domain/arguments';
import { badUserInput } from '../domain/errors';
import { resolvePeriod, type PeriodArgs } from '../domain/period';
import { dropAndBlank, droppedGroups, isSmallGroup, markDroppedGroups, needsLearnerCounts, withheldNames } from '../domain/privacy';
import type { ServiceDeps } from './request-services';
import { visibleGroups } from './visible-groups';

export type VideoEngagementReader = Pick<VideoEngagementRepository, 'videos'>;

/** One video. Partner views leave out videos under k viewers; figures are null on a video withheld as a complement. */
export interface VideoStats {
  lessonId: string;
  courseId: string;
  plays: number | null;
  uniqueViewers: number | null;
  averageShareWatched: number | null;
  completions: number | null;
  completionRate: number | null;
  viewersRemaining: number[] | null;
}

export const MAX_VIDEO_ROWS = 500;

const FIGURES = ['plays', 'uniqueViewers', 'averageShareWatched', 'completions', 'completionRate', 'viewersRemaining'] as const;

/** videoEngagement: how the videos of a course (or one lesson's video) were watched, most viewers first. */
export class VideoEngagementService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: VideoEngagementReader = new VideoEngagementRepository(deps.db),
  ) {}

  async videos(
    periodArgs: PeriodArgs,
    companyId: string | null,
    ids: { courseId?: string | null; lessonId?: string | null },
    limit: number,
  ): Promise<VideoStats[]> {
    const scope = this.deps.tenancy.scopeFor(companyId);
    const courseId = ids.courseId ?? null;
    const lessonId = ids.lessonId ?? null;
    if ((courseId === null) === (lessonId === null)) {
      throw badUserInput(courseId === null ? 'courseId' : 'lessonId', 'give exactly one of courseId (every video of the course) and lessonId (one video)');
    }
    for (const [name, value] of [['courseId', courseId] as const, ['lessonId', lessonId] as const]) {
      if (value !== null && (value === '' || value.length > 128)) throw badUserInput(name, 'must be a non-empty id of at most 128 characters');
    }
    checkRowLimit('limit', limit, MAX_VIDEO_ROWS);
    const period = resolvePeriod(periodArgs, this.deps.periodLimits);
    const selection: VideoSelection = courseId !== null ? { courseId } : { lessonId: lessonId as string };
    const rows = await this.repo.videos(scope, period, selection);
    const stats = rows
      .map((r): VideoStats => ({
        lessonId: r.lessonId,
        courseId: r.courseId,
        plays: r.plays,
        uniqueViewers: r.viewers,
        averageShareWatched: r.viewers === 0 ? null : r.furthestSum / r.viewers,
        completions: r.completers,
        completionRate: r.viewers === 0 ? null : r.completers / r.viewers,
        viewersRemaining: r.remaining,
      }))
      .sort((a, b) => (b.uniqueViewers as number) - (a.uniqueViewers as number) || (a.lessonId < b.lessonId ? -1 : a.lessonId > b.lessonId ? 1 : 0));
    if (!needsLearnerCounts(scope)) return stats.slice(0, limit);
    // Privacy threshold: a video row describes its viewers. Partner views decide on the whole list
    // before `limit` (issue 13): videos under k are left out (a row says someone watched it, and
    // its rank in the most-viewers-first order bounds its viewer count); a complement withheld
    // next to a lone one is listed last, so its rank says nothing either. Plays add up to the
    // video.progressed count eventMetrics gives per course, so the complements are eventMetrics'
    // (by [course_id, lesson_id], or [lesson_id] for one lesson: src/metrics/visible-groups.ts).
    const visible = await visibleGroups(this.deps, scope, periodArgs, 'video.progressed', 'lesson_id', courseId);
    const small = new Set(stats.flatMap((v, i) => (isSmallGroup(scope, v.uniqueViewers ?? 0) ? [i] : [])));
    const blank = new Set(stats.flatMap((v, i) => (!small.has(i) && !visible.has(v.lessonId) ? [i] : [])));
    const suppressed = dropAndBlank(stats, small, blank, [...FIGURES]);
    const ordered = [...suppressed.filter((v) => withheldNames(v).length === 0), ...suppressed.filter((v) => withheldNames(v).length > 0)];
    return markDroppedGroups(ordered.slice(0, limit), droppedGroups(suppressed));
  }
}
