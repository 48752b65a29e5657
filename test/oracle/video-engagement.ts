/** videoEngagement, from the VideoStats descriptions: plain TypeScript over the events. */
import type { LearningEvent } from '../../src/domain/event';
import { groupBy, scoped } from './common';
import { period, type PeriodArg } from './period';

export interface OracleVideo {
  lessonId: string;
  courseId: string;
  plays: number;
  uniqueViewers: number;
  averageShareWatched: number | null;
  completions: number;
  completionRate: number | null;
  viewersRemaining: number[];
}

function point(e: LearningEvent): number | null {
  const { percent, position_seconds: position, length_seconds: length } = e.properties as Record<string, number | undefined>;
  const raw = typeof percent === 'number' ? percent / 100 : typeof position === 'number' && typeof length === 'number' && length > 0 ? position / length : null;
  return raw === null ? null : Math.min(1, Math.max(0, raw));
}

export function videoEngagement(
  events: readonly LearningEvent[],
  args: { period: PeriodArg; companyId?: string | null; courseId?: string; lessonId?: string; limit?: number },
): OracleVideo[] {
  const list = scoped(events, period(args.period), args.companyId).filter(
    (e) =>
      e.type === 'video.progressed' &&
      e.user_id !== '' &&
      e.lesson_id !== '' &&
      (args.courseId !== undefined ? e.course_id === args.courseId : e.lesson_id === args.lessonId),
  );
  const videos: OracleVideo[] = [];
  for (const [lessonId, ofVideo] of groupBy(list, (e) => e.lesson_id)) {
    const viewers = [...groupBy(ofVideo, (e) => e.user_id).values()];
    const furthest = viewers.map((l) => Math.max(...l.map((e) => point(e) ?? -Infinity)));
    const plays = viewers.reduce((s, l) => s + new Set(l.map((e) => (e.session_id !== '' ? e.session_id : e.timestamp.slice(0, 10)))).size, 0);
    const completions = furthest.filter((f) => f >= 0.9).length;
    videos.push({
      lessonId,
      courseId: ofVideo.find((e) => e.course_id !== '')?.course_id ?? '',
      plays,
      uniqueViewers: viewers.length,
      averageShareWatched: furthest.reduce((s, f) => s + Math.max(0, f), 0) / viewers.length,
      completions,
      completionRate: completions / viewers.length,
      viewersRemaining: Array.from({ length: 10 }, (_, k) => furthest.filter((f) => f >= (k + 1) / 10).length),
    });
  }
  videos.sort((a, b) => b.uniqueViewers - a.uniqueViewers || (a.lessonId < b.lessonId ? -1 : 1));
  return videos.slice(0, args.limit ?? 50);
}
