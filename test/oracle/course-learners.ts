/**
 * learners(courseId, status), from the LearnerStatus and CourseLearners descriptions: learners
 * are distinct non-empty user_id with a learning event on the course up to the end of asOf's
 * hour; the rule is applied in the documented order.
 */
import type { LearningEvent } from '../../src/domain/event';
import { isLearning, ofCompany } from './common';
import { eventMs } from './period';

export interface CourseLearnersArgs {
  courseId: string;
  companyId?: string | null;
  asOf: Date;
  atRiskAfterDays: number;
  inactiveAfterDays: number;
  passThreshold: number | null;
  /** The catalogue's lesson ids (empty: not catalogued). */
  catalogLessons: string[];
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

export function courseLearners(events: readonly LearningEvent[], args: CourseLearnersArgs) {
  const endOfHour = Math.floor(args.asOf.getTime() / HOUR) * HOUR + HOUR;
  const mine = events.filter(
    (e) => ofCompany(e, args.companyId) && e.course_id === args.courseId && e.user_id !== '' && isLearning(e.type) && eventMs(e) < endOfHour,
  );
  const isLesson = (e: LearningEvent) => e.type.startsWith('lesson.') && e.lesson_id !== '';
  const lessons = new Set([...args.catalogLessons, ...mine.filter(isLesson).map((e) => e.lesson_id)]);
  const users = [...new Set(mine.map((e) => e.user_id))];
  const asOf = args.asOf.getTime();
  return users.map((userId) => {
    const own = mine.filter((e) => e.user_id === userId);
    const last = Math.max(...own.map(eventMs));
    const scored = own.filter((e) => e.type === 'quiz.completed' && e.score !== null && e.score !== undefined);
    const average = scored.length === 0 ? null : scored.reduce((a, e) => a + Number(e.score), 0) / scored.length;
    const enrolled = own.some((e) => e.type === 'course.enrolled');
    const completed = own.some((e) => e.type === 'course.completed');
    const done = new Set(own.filter((e) => isLesson(e) && e.type === 'lesson.completed').map((e) => e.lesson_id)).size;
    const silentFor = (days: number) => last <= asOf - days * DAY;
    const status = completed
      ? 'COMPLETED'
      : silentFor(args.inactiveAfterDays)
        ? 'INACTIVE'
        : enrolled && (silentFor(args.atRiskAfterDays) || (args.passThreshold !== null && average !== null && average < args.passThreshold))
          ? 'AT_RISK'
          : 'ON_TRACK';
    return {
      userId,
      status,
      enrolled,
      lessonsCompleted: done,
      progress: lessons.size === 0 ? null : done / lessons.size,
      lastActivityAt: new Date(last).toISOString(),
      daysSinceLastActivity: Math.floor((asOf - last) / DAY),
      averageQuizScore: average,
      quizzesScored: scored.length,
    };
  });
}

/** The documented order: lastActivityAt ascending, then userId. */
export function inListOrder<T extends { lastActivityAt: string; userId: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) =>
    a.lastActivityAt < b.lastActivityAt ? -1 : a.lastActivityAt > b.lastActivityAt ? 1 : a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0,
  );
}
