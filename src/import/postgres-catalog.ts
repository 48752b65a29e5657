import { Client } from 'pg';
import type { ClickHouse } from '../clickhouse/client';
import { parseCatalogCourse } from '../domain/catalog';
import { CatalogIngestService } from '../ingest/catalog-ingest.service';

/** One course's outcome: stored as a new version, unchanged (the newest version is equal), or refused. */
export interface CatalogImportResult {
  courseId: string;
  outcome: 'created' | 'unchanged' | 'refused';
  version: number | null;
  problems: string[];
}

type Row = Record<string, unknown>;

const LESSON_TYPES = new Set(['video', 'text', 'contest']);
const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const byOrder = (a: Row, b: Row) => Number(a.order ?? 0) - Number(b.order ?? 0) || text(a.id).localeCompare(text(b.id));

/**
 * The course platform's curriculum tables (courses -> modules -> topics -> classes, the
 * Prisma models of its database notes) as catalogue trees, one per course. Each module's
 * lessons are the classes of its topics, in topic then class `order`; a class keeps its topic as
 * topicId/topicTitle, `contentType` as type (video, text, contest; anything else `other`) and
 * `duration` (seconds) as expectedDurationSeconds. Topics without a module go to one module
 * `<courseId>-topics-without-module` at the end; modules without classes are left out (a
 * catalogue module holds at least one lesson). The platform has no quizzes of its own: contests
 * are classes.
 */
export function catalogTrees(courses: Row[], modules: Row[], topics: Row[], classes: Row[]): { courseId: string; body: Row }[] {
  return [...courses]
    .sort((a, b) => text(a.id).localeCompare(text(b.id)))
    .map((course) => {
      const courseId = text(course.id);
      const lessonsOf = (topicRows: Row[]) =>
        topicRows.sort(byOrder).flatMap((topic) =>
          classes
            .filter((c) => text(c.topicId) === text(topic.id))
            .sort(byOrder)
            .map((c) => ({
              id: text(c.id),
              title: text(c.title),
              type: LESSON_TYPES.has(text(c.contentType)) ? text(c.contentType) : 'other',
              ...(c.duration === null || c.duration === undefined ? {} : { expectedDurationSeconds: Number(c.duration) }),
              topicId: text(topic.id),
              topicTitle: text(topic.title),
            })),
        );
      const courseTopics = topics.filter((t) => text(t.courseId) === courseId);
      const treeModules = modules
        .filter((m) => text(m.courseId) === courseId)
        .sort(byOrder)
        .map((m) => ({ id: text(m.id), title: text(m.title), lessons: lessonsOf(courseTopics.filter((t) => text(t.moduleId) === text(m.id))) }));
      const moduleIds = new Set(treeModules.map((m) => m.id));
      const loose = lessonsOf(courseTopics.filter((t) => !moduleIds.has(text(t.moduleId))));
      if (loose.length > 0) treeModules.push({ id: `${courseId}-topics-without-module`, title: 'Topics without a module', lessons: loose });
      return {
        courseId,
        body: { title: text(course.title), description: text(course.description), modules: treeModules.filter((m) => m.lessons.length > 0), quizzes: [] },
      };
    });
}

/**
 * `npm run import:postgres -- --catalog`: reads the curriculum tables and stores each course's
 * tree like PUT /v1/catalog/courses/{id} (same validation, same versioning): a run over
 * unchanged tables stores nothing (every course `unchanged`), a changed course gets a new version.
 */
export async function importCatalog(url: string, db: ClickHouse): Promise<CatalogImportResult[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const read = async (sql: string) => (await client.query<Row>(sql)).rows;
    // One connection runs one query at a time: read the four tables in turn.
    const courses = await read('SELECT id, title, description FROM courses');
    const modules = await read('SELECT id, "courseId", title, "order" FROM modules');
    const topics = await read('SELECT id, "moduleId", "courseId", title, "order" FROM topics');
    const classes = await read('SELECT id, "topicId", title, "contentType", duration, "order" FROM classes');
    const ingest = CatalogIngestService.on(db);
    const results: CatalogImportResult[] = [];
    for (const { courseId, body } of catalogTrees(courses, modules, topics, classes)) {
      const parsed = parseCatalogCourse(courseId, body);
      if ('problems' in parsed) {
        results.push({ courseId, outcome: 'refused', version: null, problems: parsed.problems.map((p) => `${p.path}: ${p.message}`) });
        continue;
      }
      const stored = await ingest.put(parsed.tree, null);
      results.push({ courseId, outcome: stored.outcome === 'created' ? 'created' : 'unchanged', version: stored.version, problems: [] });
    }
    return results;
  } finally {
    await client.end().catch(() => {});
  }
}
