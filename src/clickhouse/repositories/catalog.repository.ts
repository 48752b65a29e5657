import type { CatalogCourseTree, CatalogQuestion, CatalogQuiz, Curriculum, LessonType, QuestionType, StoredCatalogCourse } from '../../domain/catalog';
import type { ClickHouse } from '../client';
import { param, sql } from '../sql';

type Numeric = number | string;

interface CourseRow {
  course_id: string;
  version: Numeric;
  title: string;
  description: string;
  pass_threshold: number | null;
  content_hash: string;
  received_at: string;
}

interface LessonRow {
  module_id: string;
  module_title: string;
  module_position: Numeric;
  topic_id: string;
  topic_title: string;
  lesson_id: string;
  title: string;
  lesson_type: string;
  expected_duration_seconds: Numeric | null;
}

interface QuizRow {
  quiz_id: string;
  lesson_id: string;
  title: string;
  pass_threshold: number | null;
  max_attempts: Numeric | null;
  time_limit_seconds: Numeric | null;
}

interface QuestionRow {
  quiz_id: string;
  question_id: string;
  question_type: string;
  text: string;
  points: number;
  answer_ids: string[];
  answer_texts: string[];
  answer_correct: boolean[];
}

const numberOrNull = (v: Numeric | null) => (v === null ? null : Number(v));

/**
 * The course structure store (0040_catalog.sql). Not tenant data: the curriculum is the same
 * for every company, so these methods take no TenantScope; the metrics that join it do.
 */
export class CatalogRepository {
  constructor(private readonly db: ClickHouse) {}

  /** The newest version's number and hash, or null for a course never stored. */
  async latestVersion(courseId: string): Promise<{ version: number; contentHash: string } | null> {
    const rows = await this.db.query<{ version: Numeric; content_hash: string }>(
      'catalog.latest_version',
      sql`SELECT version, content_hash FROM ${this.db.table('catalog_courses')} FINAL
          WHERE course_id = ${courseId} ORDER BY version DESC LIMIT 1`,
    );
    return rows.length === 0 ? null : { version: Number(rows[0].version), contentHash: rows[0].content_hash };
  }

  /** The hash stored for one version, or null when that version does not exist. */
  async hashOf(courseId: string, version: number): Promise<string | null> {
    const rows = await this.db.query<{ content_hash: string }>(
      'catalog.hash_of',
      sql`SELECT content_hash FROM ${this.db.table('catalog_courses')} FINAL
          WHERE course_id = ${courseId} AND version = ${param(version, 'UInt32')} LIMIT 1`,
    );
    return rows.length === 0 ? null : rows[0].content_hash;
  }

  /**
   * Writes one version: lessons, quizzes and questions first, the course row last (it makes the
   * version visible). Every insert carries a token of (course, version, hash, table), so a retry
   * after a failure adds nothing twice.
   */
  async store(tree: CatalogCourseTree, version: number, contentHash: string): Promise<void> {
    const key = { course_id: tree.courseId, version };
    const token = (table: string) => ({
      insert_deduplicate: 1 as const,
      insert_deduplication_token: `catalog:${tree.courseId}:${version}:${contentHash}:${table}`,
    });
    let position = 0;
    const lessons = tree.modules.flatMap((m, mi) =>
      m.lessons.map((l) => ({
        ...key,
        position: ++position,
        module_id: m.id,
        module_title: m.title,
        module_position: mi + 1,
        topic_id: l.topicId,
        topic_title: l.topicTitle,
        lesson_id: l.id,
        title: l.title,
        lesson_type: l.type,
        expected_duration_seconds: l.expectedDurationSeconds,
      })),
    );
    const quizzes = tree.quizzes.map((q, i) => ({
      ...key,
      position: i + 1,
      quiz_id: q.id,
      lesson_id: q.lessonId,
      title: q.title,
      pass_threshold: q.passThreshold,
      max_attempts: q.maxAttempts,
      time_limit_seconds: q.timeLimitSeconds,
    }));
    const questions = tree.quizzes.flatMap((q) =>
      q.questions.map((question, i) => ({
        ...key,
        quiz_id: q.id,
        position: i + 1,
        question_id: question.id,
        question_type: question.type,
        text: question.text,
        points: question.points,
        answer_ids: question.answers.map((a) => a.id),
        answer_texts: question.answers.map((a) => a.text),
        answer_correct: question.answers.map((a) => a.correct),
      })),
    );
    await this.db.insert('catalog.store_lessons', 'catalog_lessons', lessons, token('lessons'));
    if (quizzes.length > 0) await this.db.insert('catalog.store_quizzes', 'catalog_quizzes', quizzes, token('quizzes'));
    if (questions.length > 0) await this.db.insert('catalog.store_questions', 'catalog_questions', questions, token('questions'));
    await this.db.insert(
      'catalog.store_course',
      'catalog_courses',
      [
        {
          ...key,
          title: tree.title,
          description: tree.description,
          pass_threshold: tree.passThreshold,
          lesson_count: lessons.length,
          quiz_count: quizzes.length,
          content_hash: contentHash,
        },
      ],
      token('course'),
    );
  }

  /** One stored version (the newest when `version` is null), or null. */
  async course(courseId: string, version: number | null = null): Promise<StoredCatalogCourse | null> {
    const which = version === null ? sql`ORDER BY version DESC LIMIT 1` : sql`AND version = ${param(version, 'UInt32')} LIMIT 1`;
    const rows = await this.db.query<CourseRow>(
      'catalog.course',
      sql`SELECT course_id, version, title, description, pass_threshold, content_hash, toString(received_at) AS received_at
          FROM ${this.db.table('catalog_courses')} FINAL WHERE course_id = ${courseId} ${which}`,
    );
    if (rows.length === 0) return null;
    const c = rows[0];
    const v = param(Number(c.version), 'UInt32');
    const [lessons, quizzes, questions] = await Promise.all([
      this.db.query<LessonRow>(
        'catalog.lessons',
        sql`SELECT module_id, module_title, module_position, topic_id, topic_title, lesson_id, title, lesson_type, expected_duration_seconds
            FROM ${this.db.table('catalog_lessons')} FINAL WHERE course_id = ${courseId} AND version = ${v} ORDER BY position`,
      ),
      this.db.query<QuizRow>(
        'catalog.quizzes',
        sql`SELECT quiz_id, lesson_id, title, pass_threshold, max_attempts, time_limit_seconds
            FROM ${this.db.table('catalog_quizzes')} FINAL WHERE course_id = ${courseId} AND version = ${v} ORDER BY position`,
      ),
      this.db.query<QuestionRow>(
        'catalog.questions',
        sql`SELECT quiz_id, question_id, question_type, text, points, answer_ids, answer_texts, answer_correct
            FROM ${this.db.table('catalog_questions')} FINAL WHERE course_id = ${courseId} AND version = ${v} ORDER BY quiz_id, position`,
      ),
    ]);
    const modules: StoredCatalogCourse['modules'] = [];
    for (const l of lessons) {
      let module = modules[modules.length - 1];
      if (module === undefined || module.id !== l.module_id) modules.push((module = { id: l.module_id, title: l.module_title, lessons: [] }));
      module.lessons.push({
        id: l.lesson_id,
        title: l.title,
        type: l.lesson_type as LessonType,
        expectedDurationSeconds: numberOrNull(l.expected_duration_seconds),
        topicId: l.topic_id,
        topicTitle: l.topic_title,
      });
    }
    const questionsOf = new Map<string, CatalogQuestion[]>();
    for (const q of questions) {
      const list = questionsOf.get(q.quiz_id) ?? [];
      list.push({
        id: q.question_id,
        type: q.question_type as QuestionType,
        text: q.text,
        points: Number(q.points),
        answers: q.answer_ids.map((id, i) => ({ id, text: q.answer_texts[i] ?? '', correct: q.answer_correct[i] === true })),
      });
      questionsOf.set(q.quiz_id, list);
    }
    return {
      courseId: c.course_id,
      version: Number(c.version),
      title: c.title,
      description: c.description,
      passThreshold: c.pass_threshold === null ? null : Number(c.pass_threshold),
      contentHash: c.content_hash,
      receivedAt: new Date(`${c.received_at.replace(' ', 'T')}Z`),
      modules,
      quizzes: quizzes.map((q): CatalogQuiz => ({
        id: q.quiz_id,
        lessonId: q.lesson_id,
        title: q.title,
        passThreshold: q.pass_threshold === null ? null : Number(q.pass_threshold),
        maxAttempts: numberOrNull(q.max_attempts),
        timeLimitSeconds: numberOrNull(q.time_limit_seconds),
        questions: questionsOf.get(q.quiz_id) ?? [],
      })),
    };
  }

  /**
   * The newest version's curriculum of each course (no question texts): three small queries for
   * any number of courses. Courses never catalogued are absent.
   */
  async curricula(courseIds: string[]): Promise<Map<string, Curriculum>> {
    const courses = this.db.table('catalog_courses');
    const newest = sql`(course_id, version) IN (SELECT course_id, max(version) FROM ${courses} FINAL WHERE course_id IN ${courseIds} GROUP BY course_id)`;
    const [heads, lessons, thresholds] = await Promise.all([
      this.db.query<{ course_id: string; version: Numeric; title: string; pass_threshold: number | null }>(
        'catalog.curricula.courses',
        sql`SELECT course_id, version, title, pass_threshold FROM ${courses} FINAL WHERE ${newest}`,
      ),
      this.db.query<LessonRow & { course_id: string; position: Numeric }>(
        'catalog.curricula.lessons',
        sql`SELECT course_id, position, module_id, module_title, module_position, topic_id, topic_title, lesson_id, title, lesson_type, expected_duration_seconds
            FROM ${this.db.table('catalog_lessons')} FINAL WHERE ${newest} ORDER BY course_id, position`,
      ),
      this.db.query<{ course_id: string; highest: number | null }>(
        'catalog.curricula.quiz_thresholds',
        sql`SELECT course_id, max(pass_threshold) AS highest FROM ${this.db.table('catalog_quizzes')} FINAL WHERE ${newest} GROUP BY course_id`,
      ),
    ]);
    const highest = new Map(thresholds.map((t) => [t.course_id, t.highest === null ? null : Number(t.highest)]));
    const result = new Map<string, Curriculum>();
    for (const h of heads) {
      const own = h.pass_threshold === null ? null : Number(h.pass_threshold);
      result.set(h.course_id, {
        courseId: h.course_id,
        version: Number(h.version),
        title: h.title,
        passThreshold: own ?? highest.get(h.course_id) ?? null,
        lessons: [],
      });
    }
    for (const l of lessons) {
      result.get(l.course_id)?.lessons.push({
        position: Number(l.position),
        lessonId: l.lesson_id,
        title: l.title,
        type: l.lesson_type,
        moduleId: l.module_id,
        moduleTitle: l.module_title,
        modulePosition: Number(l.module_position),
        expectedDurationSeconds: numberOrNull(l.expected_duration_seconds),
      });
    }
    return result;
  }

  /** Every stored version of a course, newest first. */
  async versions(courseId: string): Promise<{ version: number; contentHash: string; receivedAt: Date }[]> {
    const rows = await this.db.query<{ version: Numeric; content_hash: string; received_at: string }>(
      'catalog.versions',
      sql`SELECT version, content_hash, toString(received_at) AS received_at FROM ${this.db.table('catalog_courses')} FINAL
          WHERE course_id = ${courseId} ORDER BY version DESC`,
    );
    return rows.map((r) => ({ version: Number(r.version), contentHash: r.content_hash, receivedAt: new Date(`${r.received_at.replace(' ', 'T')}Z`) }));
  }
}

/** A quiz of a course's newest catalogue version, with its questions in order (quizItems joins it). */
export interface CataloguedQuiz {
  courseId: string;
  quizId: string;
  lessonId: string;
  title: string;
  /** 1-based place in the course's quiz list. */
  position: number;
  passThreshold: number | null;
  maxAttempts: number | null;
  questions: { questionId: string; position: number; text: string }[];
}

/**
 * The catalogued quizzes of a selection: one quiz id (in every course whose newest version lists
 * it), or every quiz of one course. Reads the newest version of each course only.
 */
export async function cataloguedQuizzes(db: ClickHouse, selection: { quizId: string } | { courseId: string }): Promise<CataloguedQuiz[]> {
  const courses = db.table('catalog_courses');
  const which = 'quizId' in selection ? sql`quiz_id = ${selection.quizId}` : sql`course_id = ${selection.courseId}`;
  const newest = sql`(course_id, version) IN (SELECT course_id, max(version) FROM ${courses} FINAL GROUP BY course_id)`;
  const [quizzes, questions] = await Promise.all([
    db.query<{
      course_id: string;
      quiz_id: string;
      lesson_id: string;
      title: string;
      position: Numeric;
      pass_threshold: number | null;
      max_attempts: Numeric | null;
    }>(
      'catalog.quiz_items.quizzes',
      sql`SELECT course_id, quiz_id, lesson_id, title, position, pass_threshold, max_attempts
          FROM ${db.table('catalog_quizzes')} FINAL WHERE ${which} AND ${newest} ORDER BY course_id, position`,
    ),
    db.query<{ course_id: string; quiz_id: string; question_id: string; position: Numeric; text: string }>(
      'catalog.quiz_items.questions',
      sql`SELECT course_id, quiz_id, question_id, position, text
          FROM ${db.table('catalog_questions')} FINAL WHERE ${which} AND ${newest} ORDER BY course_id, quiz_id, position`,
    ),
  ]);
  return quizzes.map((q) => ({
    courseId: q.course_id,
    quizId: q.quiz_id,
    lessonId: q.lesson_id,
    title: q.title,
    position: Number(q.position),
    passThreshold: q.pass_threshold === null ? null : Number(q.pass_threshold),
    maxAttempts: numberOrNull(q.max_attempts),
    questions: questions
      .filter((x) => x.course_id === q.course_id && x.quiz_id === q.quiz_id)
      .map((x) => ({ questionId: x.question_id, position: Number(x.position), text: x.text })),
  }));
}
