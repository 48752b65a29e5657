/**
 * courseEngagement (+ series, cohortCompletionRate) and courses, from the CourseEngagement
 * descriptions. "On the course" = the event's course_id is the course; counts are of events;
 * activeLearners are distinct non-empty user_id with a learning event on the course.
 */
import type { LearningEvent } from '../../src/domain/event';
import { distinct, groupBy, isLearning, ofCompany, scoped, sum } from './common';
import { bucketLabels, bucketOf, bucketStart, eventMs, period, type Granularity, type PeriodArg } from './period';

export interface CourseEngagementFigures {
  courseId: string;
  activeLearners: number;
  averageQuizScore: number | null;
  averageTimeSpentSeconds: number | null;
  completionRate: number | null;
  completions: number;
  enrollments: number;
  learningTimeSeconds: number;
  lessonCompletions: number;
  quizPassRate: number | null;
}

export interface CourseEngagementPoint {
  bucket: string;
  start: string;
  activeLearners: number;
  completions: number;
  enrollments: number;
  learningTimeSeconds: number;
  lessonCompletions: number;
}

export interface CourseArgs {
  period: PeriodArg;
  courseId: string;
  companyId?: string | null;
}

function figures(courseId: string, onCourse: readonly LearningEvent[]): CourseEngagementFigures {
  const learning = onCourse.filter((e) => isLearning(e.type));
  const count = (type: string) => onCourse.filter((e) => e.type === type).length;
  const quizzes = onCourse.filter((e) => e.type === 'quiz.completed');
  const scored = quizzes.filter((e) => e.score !== null);
  const activeLearners = distinct(learning.map((e) => e.user_id));
  const learningTimeSeconds = sum(learning.map((e) => e.duration_seconds));
  const enrollments = count('course.enrolled');
  const completions = count('course.completed');
  return {
    courseId,
    activeLearners,
    averageQuizScore: scored.length === 0 ? null : sum(scored.map((e) => e.score as number)) / scored.length,
    averageTimeSpentSeconds: activeLearners === 0 ? null : learningTimeSeconds / activeLearners,
    completionRate: enrollments === 0 ? null : completions / enrollments,
    completions,
    enrollments,
    learningTimeSeconds,
    lessonCompletions: count('lesson.completed'),
    quizPassRate: quizzes.length === 0 ? null : quizzes.filter((e) => e.passed === true).length / quizzes.length,
  };
}

export function courseEngagement(events: readonly LearningEvent[], args: CourseArgs): CourseEngagementFigures {
  const p = period(args.period);
  return figures(
    args.courseId,
    scoped(events, p, args.companyId).filter((e) => e.course_id === args.courseId),
  );
}

export function courseEngagementSeries(events: readonly LearningEvent[], args: CourseArgs & { granularity?: Granularity }): CourseEngagementPoint[] {
  const p = period(args.period);
  const granularity = args.granularity ?? 'DAY';
  const byBucket = groupBy(scoped(events, p, args.companyId), (e) => (e.course_id === args.courseId ? bucketOf(eventMs(e), granularity, p.timezone) : null));
  return bucketLabels(p, granularity).map((bucket) => {
    const f = figures(args.courseId, byBucket.get(bucket) ?? []);
    return {
      bucket,
      start: bucketStart(bucket, p.timezone),
      activeLearners: f.activeLearners,
      completions: f.completions,
      enrollments: f.enrollments,
      learningTimeSeconds: f.learningTimeSeconds,
      lessonCompletions: f.lessonCompletions,
    };
  });
}

/**
 * Of the distinct learners with a course.enrolled of the course in the period, the share with a
 * course.completed of the course at any time up to `nowMs`. With companyId, both the
 * enrollments and the completions are that company's events.
 */
export function cohortCompletionRate(events: readonly LearningEvent[], args: CourseArgs, nowMs = Date.now()): number | null {
  const p = period(args.period);
  const enrolled = new Set(
    scoped(events, p, args.companyId)
      .filter((e) => e.type === 'course.enrolled' && e.course_id === args.courseId && e.user_id !== '')
      .map((e) => e.user_id),
  );
  if (enrolled.size === 0) return null;
  const completed = new Set(
    events
      .filter((e) => e.type === 'course.completed' && e.course_id === args.courseId && ofCompany(e, args.companyId) && eventMs(e) <= nowMs)
      .map((e) => e.user_id),
  );
  let done = 0;
  for (const user of enrolled) if (completed.has(user)) done++;
  return done / enrolled.size;
}

export type CourseOrder = 'ACTIVE_LEARNERS_DESC' | 'COMPLETIONS_DESC' | 'COURSE_ID_ASC' | 'ENROLLMENTS_DESC' | 'LEARNING_TIME_DESC';

export interface CoursesArgs {
  period: PeriodArg;
  companyId?: string | null;
  ids?: string[] | null;
  limit?: number;
  orderBy?: CourseOrder;
}

export function courses(events: readonly LearningEvent[], args: CoursesArgs): { id: string; engagement: CourseEngagementFigures }[] {
  const p = period(args.period);
  const inScope = scoped(events, p, args.companyId);
  const byCourse = groupBy(inScope, (e) => (e.course_id === '' ? null : e.course_id));
  const engagement = (id: string) => figures(id, byCourse.get(id) ?? []);
  if (args.ids) {
    // Exactly those courses in the order given; a repeated id is listed once.
    return [...new Set(args.ids)].map((id) => ({ id, engagement: engagement(id) }));
  }
  // The courses with any learning event in the period.
  const listed = [...byCourse.keys()].filter((id) => byCourse.get(id)!.some((e) => isLearning(e.type))).map(engagement);
  const key: Record<CourseOrder, (f: CourseEngagementFigures) => number> = {
    ACTIVE_LEARNERS_DESC: (f) => f.activeLearners,
    COMPLETIONS_DESC: (f) => f.completions,
    ENROLLMENTS_DESC: (f) => f.enrollments,
    LEARNING_TIME_DESC: (f) => f.learningTimeSeconds,
    COURSE_ID_ASC: () => 0,
  };
  const orderBy = args.orderBy ?? 'ENROLLMENTS_DESC';
  listed.sort((a, b) => key[orderBy](b) - key[orderBy](a) || (a.courseId < b.courseId ? -1 : a.courseId > b.courseId ? 1 : 0));
  return listed.slice(0, args.limit ?? 50).map((f) => ({ id: f.courseId, engagement: f }));
}
