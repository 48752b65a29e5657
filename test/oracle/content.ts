/**
 * topContent, from the ContentStats descriptions. An event is about a course when it is a
 * course.*, module.* or lesson.* event with that course_id; about a lesson when it is a lesson.*
 * event with that lesson_id; about a page when it is a page.viewed event with that page.
 */
import type { LearningEvent } from '../../src/domain/event';
import { distinct, groupBy, scoped, sum } from './common';
import { period, type PeriodArg } from './period';

export type ContentKind = 'COURSE' | 'LESSON' | 'PAGE';

export interface ContentStats {
  id: string;
  kind: ContentKind;
  views: number;
  uniqueViewers: number;
  completions: number;
  averageScore: number | null;
  averageTimeSeconds: number | null;
}

interface KindRules {
  /** The content the event is about, or null. */
  about(e: LearningEvent): string | null;
  isView(e: LearningEvent): boolean;
  isCompletion(e: LearningEvent): boolean;
}

const RULES: Record<ContentKind, KindRules> = {
  COURSE: {
    about: (e) => (/^(course|module|lesson)\./.test(e.type) && e.course_id !== '' ? e.course_id : null),
    isView: (e) => e.type === 'course.viewed' || e.type === 'lesson.started',
    isCompletion: (e) => e.type === 'course.completed' || e.type === 'lesson.completed',
  },
  LESSON: {
    about: (e) => (e.type.startsWith('lesson.') && e.lesson_id !== '' ? e.lesson_id : null),
    isView: (e) => e.type === 'lesson.started',
    isCompletion: (e) => e.type === 'lesson.completed',
  },
  PAGE: {
    about: (e) => (e.type === 'page.viewed' && e.page !== '' ? e.page : null),
    isView: (e) => e.type === 'page.viewed',
    isCompletion: () => false,
  },
};

/** The viewer of a view event: user_id, or anonymous_id for a visitor not signed in. */
const viewer = (e: LearningEvent) => (e.user_id !== '' ? `u:${e.user_id}` : e.anonymous_id !== '' ? `a:${e.anonymous_id}` : '');

export function topContent(
  events: readonly LearningEvent[],
  args: { period: PeriodArg; kind: ContentKind; companyId?: string | null; limit?: number },
): ContentStats[] {
  const p = period(args.period);
  const rules = RULES[args.kind];
  const byContent = groupBy(scoped(events, p, args.companyId), rules.about);
  const rows: ContentStats[] = [];
  for (const [id, list] of byContent) {
    const views = list.filter(rules.isView);
    if (views.length === 0) continue; // content with at least one view
    const uniqueViewers = distinct(views.map(viewer));
    const scored = list.filter((e) => e.score !== null);
    rows.push({
      id,
      kind: args.kind,
      views: views.length,
      uniqueViewers,
      completions: list.filter(rules.isCompletion).length,
      averageScore: scored.length === 0 ? null : sum(scored.map((e) => e.score as number)) / scored.length,
      averageTimeSeconds: uniqueViewers === 0 ? null : sum(list.map((e) => e.duration_seconds)) / uniqueViewers,
    });
  }
  rows.sort((a, b) => b.views - a.views || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return rows.slice(0, args.limit ?? 10);
}
