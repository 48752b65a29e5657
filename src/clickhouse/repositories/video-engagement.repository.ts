import type { Period } from '../../domain/period';
import type { TenantScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { periodCondition, scopeCondition } from '../conditions';
import { coversWholeUtcDays, onDay } from '../rollup-source';
import { sql } from '../sql';

/** Which videos: every video of a course, or one lesson's video. */
export type VideoSelection = { courseId: string } | { lessonId: string };

export interface VideoRow {
  lessonId: string;
  courseId: string;
  plays: number;
  viewers: number;
  /** Sum over viewers of the furthest share (0..1) each reached. */
  furthestSum: number;
  /** Viewers whose furthest share is at least 0.9. */
  completers: number;
  /** remaining[k]: viewers whose furthest share is at least (k + 1) / 10. */
  remaining: number[];
}

/**
 * video.progressed per video (lesson_id): the furthest point of each viewer over the whole period
 * is a per-viewer maximum, which group states of hours cannot merge into; so the rows are one per
 * viewer, from rollup_video_viewers_daily (0092: a viewer's furthest point and plays per UTC day,
 * merged here over the period's days) or, for periods that are not whole UTC days, from raw
 * events. An event's point is properties.percent / 100 when sent, else position_seconds /
 * length_seconds, capped at 1 (the rollup's view computes the same expression).
 */
export class VideoEngagementRepository {
  constructor(private readonly db: ClickHouse) {}

  /** `source` is chosen from the period; a benchmark may ask for raw events on a period the rollup could answer. */
  async videos(
    scope: TenantScope,
    period: Period,
    selection: VideoSelection,
    source: 'rollup' | 'raw' = coversWholeUtcDays(period) ? 'rollup' : 'raw',
  ): Promise<VideoRow[]> {
    if (source === 'rollup' && !coversWholeUtcDays(period)) throw new Error('rollup_video_viewers_daily answers periods of whole UTC days only');
    const which = 'courseId' in selection ? sql`course_id = ${selection.courseId}` : sql`lesson_id = ${selection.lessonId}`;
    const fromRollup = source === 'rollup';
    const viewers = fromRollup
      ? sql`SELECT lesson_id, user_id, anyIf(course_id, course_id != '') AS viewer_course, uniqExactMerge(plays) AS sessions, max(furthest) AS furthest
            FROM ${this.db.table('rollup_video_viewers_daily')}
            WHERE ${onDay(period)} AND ${scopeCondition(scope)} AND ${which}
            GROUP BY lesson_id, user_id`
      : sql`SELECT lesson_id, user_id, anyIf(course_id, course_id != '') AS viewer_course,
                   uniqExact(if(session_id != '', session_id, toString(toDate(timestamp)))) AS sessions,
                   max(least(1, greatest(0, ifNull(
                     toFloat64OrNull(toString(getSubcolumn(properties, 'percent'))) / 100,
                     toFloat64OrNull(toString(getSubcolumn(properties, 'position_seconds')))
                       / nullIf(toFloat64OrNull(toString(getSubcolumn(properties, 'length_seconds'))), 0))))) AS furthest
            FROM ${this.db.table('events')}
            WHERE type = 'video.progressed' AND ${periodCondition(period, 'timestamp')} AND ${scopeCondition(scope)} AND ${which}
              AND user_id != '' AND lesson_id != ''
            GROUP BY lesson_id, user_id`;
    const rows = await this.db.query<{
      lesson_id: string;
      video_course: string;
      plays: string;
      viewers: string;
      furthest_sum: number;
      completers: string;
      remaining: string[];
    }>(
      fromRollup ? 'metrics.video_engagement.videos_rollup' : 'metrics.video_engagement.videos',
      sql`SELECT lesson_id, anyIf(viewer_course, viewer_course != '') AS video_course, sum(sessions) AS plays, count() AS viewers,
                 sum(furthest) AS furthest_sum, countIf(furthest >= 0.9) AS completers,
                 sumForEach(arrayMap(k -> toUInt64(furthest >= (k + 1) / 10), range(10))) AS remaining
          FROM (${viewers})
          GROUP BY lesson_id`,
    );
    return rows.map((r) => ({
      lessonId: r.lesson_id,
      courseId: r.video_course,
      plays: Number(r.plays),
      viewers: Number(r.viewers),
      furthestSum: Number(r.furthest_sum),
      completers: Number(r.completers),
      remaining: r.remaining.map(Number),
    }));
  }
}
