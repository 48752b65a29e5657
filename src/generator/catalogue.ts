import type { CatalogCourseTree, LessonType } from '../domain/catalog';
import { PASS_MARK } from './journeys';
import { CHOICES, examQuestions } from './learning-items';
import type { GeneratorOptions } from './options';
import { buildWorld, type World } from './world';

/** The generator's final exams allow this many attempts (journeys.ts stops after the fourth fail). */
const EXAM_MAX_ATTEMPTS = 4;

/** Lesson types cycle through a module like a typical course: watch, read, watch, practise. */
const TYPES: readonly LessonType[] = ['video', 'text', 'video', 'assignment'];

/**
 * The course trees of a generated data set, as the course platform would PUT them to
 * /v1/catalog/courses/{id}: every course of the world with its modules and lessons in the
 * order learners take them, each lesson's nominal length, and the final exam (pass mark 70,
 * four attempts) with its 10 questions as the generator's learners answer them (the ids of
 * `properties.answers` on quiz.completed, choices a-d, the correct one marked). The demo loads
 * them so courseProgress, learners and quizItems (per question: text, position, share correct)
 * show names, order and thresholds on `npm start`.
 */
export function catalogueOf(options: GeneratorOptions, world: World = buildWorld(options)): CatalogCourseTree[] {
  return world.courses.map((course) => ({
    courseId: course.id,
    title: course.title,
    description: `A ${course.level} ${course.category} course`,
    passThreshold: PASS_MARK,
    modules: course.modules.map((m, mi) => ({
      id: m.id,
      title: `Module ${mi + 1}`,
      lessons: m.lessons.map((l, li) => ({
        id: l.id,
        title: `Lesson ${mi + 1}.${li + 1}`,
        type: TYPES[li % TYPES.length],
        expectedDurationSeconds: l.minutes * 60,
        topicId: '',
        topicTitle: '',
      })),
    })),
    quizzes: [
      {
        id: course.examQuizId,
        lessonId: '',
        title: `${course.title}: final exam`,
        passThreshold: PASS_MARK,
        maxAttempts: EXAM_MAX_ATTEMPTS,
        timeLimitSeconds: null,
        questions: examQuestions(course.examQuizId).map((q, qi) => ({
          id: q.id,
          type: 'single_choice' as const,
          text: `${course.title}, final exam, question ${qi + 1}`,
          points: 1,
          answers: CHOICES.map((choice) => ({ id: choice, text: `Choice ${choice.toUpperCase()}`, correct: choice === q.correct })),
        })),
      },
    ],
  }));
}
