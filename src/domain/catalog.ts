/**
 * The curriculum as data: one course's whole tree (modules, lessons in curriculum order,
 * quizzes with their questions), as the course platform sends it to `PUT /v1/catalog/courses/{id}`
 * and as `npm run import:postgres -- --catalog` reads it from the platform's tables.
 *
 * The order of every array IS the curriculum order (a platform's `display_order` / `order`
 * columns are sorted by before sending), so nothing has to reconcile two orders. Ids use the
 * event model's id alphabet, because metrics match them against the events' lesson_id and
 * quiz_id.
 */
import { createHash } from 'node:crypto';
import { EVENT_LIMITS, ID_RE } from './event-rules';
import type { Viewer } from './viewer';

export const LESSON_TYPES = ['video', 'text', 'quiz', 'contest', 'assignment', 'live', 'other'] as const;
export type LessonType = (typeof LESSON_TYPES)[number];

export const QUESTION_TYPES = ['single_choice', 'multiple_choice', 'true_false', 'short_answer', 'other'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const CATALOG_LIMITS = {
  maxModules: 200,
  maxLessons: 2000,
  maxQuizzes: 500,
  maxQuestionsPerQuiz: 500,
  maxAnswersPerQuestion: 50,
  maxTitleLength: 500,
  maxTextLength: 10_000,
  /** A week: no lesson is expected to take longer. */
  maxDurationSeconds: 604_800,
  /** version is a UInt32 in ClickHouse. */
  maxVersion: 4_294_967_295,
} as const;

export interface CatalogLesson {
  id: string;
  title: string;
  type: LessonType;
  /** The platform's expected length; null when it does not say. */
  expectedDurationSeconds: number | null;
  /** The course platform's topics (module > topic > class) are kept on their lessons. */
  topicId: string;
  topicTitle: string;
}

export interface CatalogModule {
  id: string;
  title: string;
  lessons: CatalogLesson[];
}

export interface CatalogAnswer {
  id: string;
  text: string;
  correct: boolean;
}

export interface CatalogQuestion {
  id: string;
  type: QuestionType;
  text: string;
  points: number;
  answers: CatalogAnswer[];
}

export interface CatalogQuiz {
  id: string;
  /** The lesson that holds the quiz, or '' for a course-level quiz (a final exam). */
  lessonId: string;
  title: string;
  /** Percent (0-100) a learner needs to pass; null when the platform sets none. */
  passThreshold: number | null;
  maxAttempts: number | null;
  timeLimitSeconds: number | null;
  questions: CatalogQuestion[];
}

/** One version of a course's structure. */
export interface CatalogCourseTree {
  courseId: string;
  title: string;
  description: string;
  /** Percent (0-100) of quiz score the course asks for (LearnExpert's min_quiz_score_for_cert); null when none. */
  passThreshold: number | null;
  modules: CatalogModule[];
  quizzes: CatalogQuiz[];
}

/** A stored version: the tree plus what the store adds. */
export interface StoredCatalogCourse extends CatalogCourseTree {
  version: number;
  /** SHA-256 of the tree's canonical JSON: a PUT of the same tree is recognised by it. */
  contentHash: string;
  receivedAt: Date;
}

/** The ids, order and thresholds metrics need (courseProgress, learners): no question texts. */
export interface CurriculumLesson {
  /** 1-based position in the course's curriculum order. */
  position: number;
  lessonId: string;
  title: string;
  type: string;
  moduleId: string;
  moduleTitle: string;
  /** 1-based position of the module. */
  modulePosition: number;
  expectedDurationSeconds: number | null;
}

export interface Curriculum {
  courseId: string;
  version: number;
  title: string;
  /** The course's own threshold, else the highest of its quizzes' thresholds; null without either. */
  passThreshold: number | null;
  lessons: CurriculumLesson[];
}

/** The course's pass threshold as learners(...) documents it. */
export function coursePassThreshold(tree: Pick<CatalogCourseTree, 'passThreshold' | 'quizzes'>): number | null {
  if (tree.passThreshold !== null) return tree.passThreshold;
  const thresholds = tree.quizzes.flatMap((q) => (q.passThreshold === null ? [] : [q.passThreshold]));
  return thresholds.length === 0 ? null : Math.max(...thresholds);
}

/** The course's lessons in curriculum order with their 1-based positions. */
export function curriculumOf(course: StoredCatalogCourse): Curriculum {
  let position = 0;
  const lessons: CurriculumLesson[] = course.modules.flatMap((m, mi) =>
    m.lessons.map((l) => ({
      position: ++position,
      lessonId: l.id,
      title: l.title,
      type: l.type,
      moduleId: m.id,
      moduleTitle: m.title,
      modulePosition: mi + 1,
      expectedDurationSeconds: l.expectedDurationSeconds,
    })),
  );
  return { courseId: course.courseId, version: course.version, title: course.title, passThreshold: coursePassThreshold(course), lessons };
}

/** admin and ingest (the platform's service tokens) may write the catalogue, as they write events. */
export function canWriteCatalog(viewer: Viewer): boolean {
  return viewer.role === 'admin' || viewer.role === 'ingest';
}

/** admin, analyst and ingest may read a stored tree back; partners read figures, not the store. */
export function canReadCatalog(viewer: Viewer): boolean {
  return viewer.role === 'admin' || viewer.role === 'analyst' || viewer.role === 'ingest';
}

/** SHA-256 of the tree without its course id: the same tree always has the same hash. */
export function contentHash(tree: CatalogCourseTree): string {
  const { title, description, passThreshold, modules, quizzes } = tree;
  return createHash('sha256').update(JSON.stringify({ title, description, passThreshold, modules, quizzes })).digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Validation of a PUT body: every problem is reported with its JSON path, none is guessed.

export interface CatalogProblem {
  path: string;
  message: string;
}

export type CatalogParse = { tree: CatalogCourseTree; version: number | null } | { problems: CatalogProblem[] };

type Json = Record<string, unknown>;

const MAX_PROBLEMS = 50;

class Checker {
  readonly problems: CatalogProblem[] = [];

  fail(path: string, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ path, message });
  }

  object(value: unknown, path: string, allowed: readonly string[]): Json | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, `must be an object, got ${describe(value)}`);
      return null;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(`${path}.${key}`, `is not a field of this object; the fields are ${allowed.join(', ')}`);
    }
    return value as Json;
  }

  id(value: unknown, path: string): string {
    if (typeof value !== 'string' || value.length === 0 || value.length > EVENT_LIMITS.maxIdLength || !ID_RE.test(value)) {
      this.fail(path, `must be an id of 1 to ${EVENT_LIMITS.maxIdLength} letters, digits and _ . : - (the same id the events carry), got ${describe(value)}`);
      return '';
    }
    return value;
  }

  text(value: unknown, path: string, max: number, required: boolean): string {
    if (value === undefined || value === null) {
      if (required) this.fail(path, 'is required');
      return '';
    }
    if (typeof value !== 'string') {
      this.fail(path, `must be a string, got ${describe(value)}`);
      return '';
    }
    if (required && value.trim() === '') this.fail(path, 'must not be empty');
    if (value.length > max) this.fail(path, `is ${value.length} characters long; at most ${max}`);
    return value;
  }

  number(value: unknown, path: string, min: number, max: number, integer: boolean): number | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      this.fail(path, `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${describe(value)}`);
      return null;
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, values: readonly T[], fallback: T): T {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'string' || !values.includes(value as T)) {
      this.fail(path, `must be one of ${values.join(', ')}, got ${describe(value)}`);
      return fallback;
    }
    return value as T;
  }

  list(value: unknown, path: string, max: number, required: boolean): unknown[] {
    if (value === undefined || value === null) {
      if (required) this.fail(path, 'is required (an array)');
      return [];
    }
    if (!Array.isArray(value)) {
      this.fail(path, `must be an array, got ${describe(value)}`);
      return [];
    }
    if (value.length > max) this.fail(path, `has ${value.length} items; at most ${max}`);
    return value.slice(0, max);
  }

  unique(ids: readonly string[], path: (i: number) => string, what: string): void {
    const seen = new Map<string, number>();
    ids.forEach((id, i) => {
      if (id === '') return;
      const first = seen.get(id);
      if (first !== undefined) this.fail(path(i), `${what} id ${JSON.stringify(id)} is also at ${path(first)}: ids must be unique in the course`);
      else seen.set(id, i);
    });
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const COURSE_FIELDS = ['courseId', 'version', 'title', 'description', 'passThreshold', 'modules', 'quizzes'] as const;
const MODULE_FIELDS = ['id', 'title', 'lessons'] as const;
const LESSON_FIELDS = ['id', 'title', 'type', 'expectedDurationSeconds', 'topicId', 'topicTitle'] as const;
const QUIZ_FIELDS = ['id', 'lessonId', 'title', 'passThreshold', 'maxAttempts', 'timeLimitSeconds', 'questions'] as const;
const QUESTION_FIELDS = ['id', 'type', 'text', 'points', 'answers'] as const;
const ANSWER_FIELDS = ['id', 'text', 'correct'] as const;

/**
 * A PUT body (already JSON-parsed) for course `courseId` -> the tree and the version it names
 * (null: the store numbers it), or every problem found. A `courseId` in the body must match the path.
 */
export function parseCatalogCourse(courseId: string, body: unknown): CatalogParse {
  const c = new Checker();
  c.id(courseId, 'courseId (path)');
  const root = c.object(body, '$', COURSE_FIELDS);
  if (root === null) return { problems: c.problems };
  if (root.courseId !== undefined && root.courseId !== courseId)
    c.fail('$.courseId', `is ${describe(root.courseId)} but the path names ${JSON.stringify(courseId)}`);
  const version = c.number(root.version, '$.version', 1, CATALOG_LIMITS.maxVersion, true);
  const modules = c.list(root.modules, '$.modules', CATALOG_LIMITS.maxModules, true).map((value, mi): CatalogModule => {
    const path = `$.modules[${mi}]`;
    const m = c.object(value, path, MODULE_FIELDS) ?? {};
    const lessons = c.list(m.lessons, `${path}.lessons`, CATALOG_LIMITS.maxLessons, true);
    if (Array.isArray(m.lessons) && m.lessons.length === 0) c.fail(`${path}.lessons`, 'is empty: a module holds at least one lesson (leave empty modules out)');
    return {
      id: c.id(m.id, `${path}.id`),
      title: c.text(m.title, `${path}.title`, CATALOG_LIMITS.maxTitleLength, true),
      lessons: lessons.map((lv, li): CatalogLesson => {
        const lp = `${path}.lessons[${li}]`;
        const l = c.object(lv, lp, LESSON_FIELDS) ?? {};
        return {
          id: c.id(l.id, `${lp}.id`),
          title: c.text(l.title, `${lp}.title`, CATALOG_LIMITS.maxTitleLength, true),
          type: c.oneOf(l.type, `${lp}.type`, LESSON_TYPES, 'other'),
          expectedDurationSeconds: c.number(l.expectedDurationSeconds, `${lp}.expectedDurationSeconds`, 0, CATALOG_LIMITS.maxDurationSeconds, true),
          topicId: l.topicId === undefined || l.topicId === null || l.topicId === '' ? '' : c.id(l.topicId, `${lp}.topicId`),
          topicTitle: c.text(l.topicTitle, `${lp}.topicTitle`, CATALOG_LIMITS.maxTitleLength, false),
        };
      }),
    };
  });
  if (Array.isArray(root.modules) && root.modules.length === 0) c.fail('$.modules', 'is empty: a course holds at least one module');
  const lessonCount = modules.reduce((n, m) => n + m.lessons.length, 0);
  if (lessonCount > CATALOG_LIMITS.maxLessons) c.fail('$.modules', `hold ${lessonCount} lessons; at most ${CATALOG_LIMITS.maxLessons} per course`);
  const lessonPaths = modules.flatMap((m, mi) => m.lessons.map((_, li) => `$.modules[${mi}].lessons[${li}].id`));
  const lessonIds = modules.flatMap((m) => m.lessons.map((l) => l.id));
  c.unique(
    modules.map((m) => m.id),
    (i) => `$.modules[${i}].id`,
    'module',
  );
  c.unique(lessonIds, (i) => lessonPaths[i], 'lesson');

  const quizzes = c.list(root.quizzes, '$.quizzes', CATALOG_LIMITS.maxQuizzes, false).map((value, qi): CatalogQuiz => {
    const path = `$.quizzes[${qi}]`;
    const q = c.object(value, path, QUIZ_FIELDS) ?? {};
    // '' (as GET answers) means the same as leaving it out: a course-level quiz.
    const lessonId = q.lessonId === undefined || q.lessonId === null || q.lessonId === '' ? '' : c.id(q.lessonId, `${path}.lessonId`);
    if (lessonId !== '' && !lessonIds.includes(lessonId)) c.fail(`${path}.lessonId`, `names lesson ${JSON.stringify(lessonId)}, which is not in $.modules`);
    const questions = c.list(q.questions, `${path}.questions`, CATALOG_LIMITS.maxQuestionsPerQuiz, false).map((qv, i): CatalogQuestion => {
      const qp = `${path}.questions[${i}]`;
      const question = c.object(qv, qp, QUESTION_FIELDS) ?? {};
      const answers = c.list(question.answers, `${qp}.answers`, CATALOG_LIMITS.maxAnswersPerQuestion, false).map((av, ai): CatalogAnswer => {
        const ap = `${qp}.answers[${ai}]`;
        const a = c.object(av, ap, ANSWER_FIELDS) ?? {};
        if (a.correct !== undefined && typeof a.correct !== 'boolean') c.fail(`${ap}.correct`, `must be true or false, got ${describe(a.correct)}`);
        return { id: c.id(a.id, `${ap}.id`), text: c.text(a.text, `${ap}.text`, CATALOG_LIMITS.maxTextLength, false), correct: a.correct === true };
      });
      c.unique(
        answers.map((a) => a.id),
        (ai) => `${qp}.answers[${ai}].id`,
        'answer',
      );
      return {
        id: c.id(question.id, `${qp}.id`),
        type: c.oneOf(question.type, `${qp}.type`, QUESTION_TYPES, 'other'),
        text: c.text(question.text, `${qp}.text`, CATALOG_LIMITS.maxTextLength, false),
        points: c.number(question.points, `${qp}.points`, 0, 10_000, false) ?? 1,
        answers,
      };
    });
    c.unique(
      questions.map((x) => x.id),
      (i) => `${path}.questions[${i}].id`,
      'question',
    );
    return {
      id: c.id(q.id, `${path}.id`),
      lessonId,
      title: c.text(q.title, `${path}.title`, CATALOG_LIMITS.maxTitleLength, false),
      passThreshold: c.number(q.passThreshold, `${path}.passThreshold`, 0, 100, false),
      maxAttempts: c.number(q.maxAttempts, `${path}.maxAttempts`, 1, 10_000, true),
      timeLimitSeconds: c.number(q.timeLimitSeconds, `${path}.timeLimitSeconds`, 1, CATALOG_LIMITS.maxDurationSeconds, true),
      questions,
    };
  });
  c.unique(
    quizzes.map((q) => q.id),
    (i) => `$.quizzes[${i}].id`,
    'quiz',
  );

  const tree: CatalogCourseTree = {
    courseId,
    title: c.text(root.title, '$.title', CATALOG_LIMITS.maxTitleLength, true),
    description: c.text(root.description, '$.description', CATALOG_LIMITS.maxTextLength, false),
    passThreshold: c.number(root.passThreshold, '$.passThreshold', 0, 100, false),
    modules,
    quizzes,
  };
  return c.problems.length > 0 ? { problems: c.problems } : { tree, version };
}

// ---------------------------------------------------------------------------------------------
// learners(courseId, status): the status rule's vocabulary and defaults.

export const LEARNER_STATUSES = ['ON_TRACK', 'AT_RISK', 'INACTIVE', 'COMPLETED'] as const;
export type LearnerStatus = (typeof LEARNER_STATUSES)[number];

/** Days without learning activity on the course after which an enrolled learner is at risk. */
export const DEFAULT_AT_RISK_AFTER_DAYS = 7;
/** Days without learning activity on the course after which a learner counts as gone (INACTIVE). */
export const DEFAULT_INACTIVE_AFTER_DAYS = 30;
/** Most learners one learners(...) call lists. */
export const MAX_LEARNERS_LIMIT = 1000;
