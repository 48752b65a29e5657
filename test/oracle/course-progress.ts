/**
 * courseProgress, from the CourseProgress descriptions in schema.graphql, over plain events:
 * lesson events are lesson.* with a lesson_id on the course; learners are distinct non-empty
 * user_id; the lesson list is the catalogue's lessons then uncatalogued lessons with events in
 * the period (by id).
 */
import type { LearningEvent } from '../../src/domain/event';
import { ofCompany } from './common';
import { eventMs, inPeriod, period as oraclePeriod, type PeriodArg } from './period';

export interface OracleCatalogLesson {
  lessonId: string;
  title: string;
  moduleId: string;
}

export interface CourseProgressArgs {
  courseId: string;
  period: PeriodArg;
  companyId?: string | null;
  /** The catalogue's lessons in curriculum order (empty: not catalogued). */
  catalog: OracleCatalogLesson[];
}

const isLessonEvent = (e: LearningEvent, courseId: string) =>
  e.course_id === courseId && e.user_id !== '' && e.type.startsWith('lesson.') && e.lesson_id !== '';

/** The mean of the two middle values for an even count. */
function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function courseProgress(events: readonly LearningEvent[], args: CourseProgressArgs) {
  const p = oraclePeriod(args.period);
  const mine = events.filter((e) => ofCompany(e, args.companyId));
  const inP = mine.filter((e) => isLessonEvent(e, args.courseId) && inPeriod(e, p));
  const known = new Set(args.catalog.map((l) => l.lessonId));
  const extra = [...new Set(inP.map((e) => e.lesson_id).filter((id) => !known.has(id)))].sort();
  const list = [...args.catalog.map((l) => l.lessonId), ...extra];

  const lessons = list.map((lessonId, i) => {
    const own = inP.filter((e) => e.lesson_id === lessonId);
    const users = new Set(own.map((e) => e.user_id));
    const completedUsers = new Set(own.filter((e) => e.type === 'lesson.completed').map((e) => e.user_id));
    const seconds = [...users].map((u) => own.filter((e) => e.user_id === u).reduce((a, e) => a + e.duration_seconds, 0));
    const cat = args.catalog.find((l) => l.lessonId === lessonId);
    return {
      position: i + 1,
      lessonId,
      inCatalog: cat !== undefined,
      title: cat?.title ?? null,
      moduleId: cat?.moduleId ?? null,
      started: users.size,
      completed: completedUsers.size,
      completionRate: users.size === 0 ? null : completedUsers.size / users.size,
      medianTimeSpentSeconds: users.size === 0 ? null : median(seconds),
      dropOffFromPrevious: null as number | null,
    };
  });
  lessons.forEach((l, i) => {
    if (i > 0 && lessons[i - 1].started > 0) l.dropOffFromPrevious = 1 - l.started / lessons[i - 1].started;
  });
  let largest: { lessonId: string; dropOffFromPrevious: number } | null = null;
  for (const l of lessons) {
    if (l.dropOffFromPrevious !== null && (largest === null || l.dropOffFromPrevious > largest.dropOffFromPrevious))
      largest = { lessonId: l.lessonId, dropOffFromPrevious: l.dropOffFromPrevious };
  }

  // Progress: learners with a lesson event in the period; completions up to the end of the period.
  const learners = [...new Set(inP.map((e) => e.user_id))];
  const listSet = new Set(list);
  const deciles = Array.from({ length: 10 }, () => 0);
  let completedAll = 0;
  let shareSum = 0;
  for (const u of learners) {
    const done = new Set(
      mine
        .filter((e) => isLessonEvent(e, args.courseId) && e.user_id === u && e.type === 'lesson.completed' && eventMs(e) < p.endMs && listSet.has(e.lesson_id))
        .map((e) => e.lesson_id),
    ).size;
    deciles[Math.min(9, Math.floor((10 * done) / list.length))] += 1;
    if (done === list.length) completedAll += 1;
    shareSum += done / list.length;
  }

  // Enrollment cohort: course.enrolled in the period; the rest at any time.
  const onCourse = mine.filter((e) => e.course_id === args.courseId && e.user_id !== '');
  const enrolled = new Set(onCourse.filter((e) => e.type === 'course.enrolled' && inPeriod(e, p)).map((e) => e.user_id));
  const did = (pred: (e: LearningEvent) => boolean) => [...enrolled].filter((u) => onCourse.some((e) => e.user_id === u && pred(e))).length;
  const startedALesson = did((e) => e.type.startsWith('lesson.') && e.lesson_id !== '');
  const completedALesson = did((e) => e.type === 'lesson.completed' && e.lesson_id !== '');
  const completedCourse = did((e) => e.type === 'course.completed');
  const rate = (n: number) => (enrolled.size === 0 ? null : n / enrolled.size);

  return {
    lessons,
    largestDropOff: largest,
    progressDistribution: {
      lessonCount: list.length,
      learners: learners.length,
      completedAllLessons: completedAll,
      averageProgress: learners.length === 0 ? null : shareSum / learners.length,
      deciles: deciles.map((n, i) => ({ from: i / 10, to: (i + 1) / 10, learners: n })),
    },
    enrollmentCohort: {
      enrolled: enrolled.size,
      startedALesson,
      completedALesson,
      completedCourse,
      startRate: rate(startedALesson),
      lessonCompletionRate: rate(completedALesson),
      courseCompletionRate: rate(completedCourse),
    },
  };
}
