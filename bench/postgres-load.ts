import pg from 'pg';
import type { LearningEvent } from '../src/domain/event';
import { buildWorld } from '../src/generator/world';
import { chunks, forEachConcurrently, generatorOptions } from './dataset';
import type { ProgressFactory } from './progress';

/**
 * The platform's current analytics store, rebuilt in the local PostgreSQL from the same
 * events: `analytics_events` with the columns and indexes of the course platform's database
 * documentation (../shared/seeds/003_*.txt), plus the relational tables its completion query
 * joins (courses, modules, topics, classes, course_access, user_progress), derived from the
 * generator's catalogue and from the events the way the platform's services would write them.
 *
 * Column names are snake_case because that is what the documented SQL uses (`user_id`,
 * `is_logged_in`, `event_action`...): the Prisma models' camelCase fields are @map-ped.
 */

export const PG_CONNECTION = { host: '127.0.0.1', port: 5432, user: 'postgres' };

/** One pool per database; dates come back as text and every session runs in UTC, like the platform's. */
export function pgPool(database: string, max = 2): pg.Pool {
  const pool = new pg.Pool({
    ...PG_CONNECTION,
    database,
    max,
    options: '-c TimeZone=UTC',
    types: {
      getTypeParser: ((oid: number, format: string) =>
        oid === 1082 ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  return pool;
}

/** null when PostgreSQL answers, else why not. */
export async function postgresUnavailable(): Promise<string | null> {
  const client = new pg.Client({ ...PG_CONNECTION, database: 'postgres', connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return `PostgreSQL at ${PG_CONNECTION.host}:${PG_CONNECTION.port} did not answer (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Drops and recreates the bench database (never any other). */
export async function recreateDatabase(database: string): Promise<void> {
  await onBenchDatabase(database, [`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`, `CREATE DATABASE ${database}`]);
}

/** Drops the bench database (never any other), e.g. a test's own when it is done. */
export async function dropDatabase(database: string): Promise<void> {
  await onBenchDatabase(database, [`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
}

async function onBenchDatabase(database: string, statements: string[]): Promise<void> {
  if (!/^learnmetrics_bench\w*$/.test(database)) throw new Error(`refusing to drop database ${database}: only learnmetrics_bench* databases are the bench's`);
  const admin = new pg.Client({ ...PG_CONNECTION, database: 'postgres' });
  await admin.connect();
  try {
    for (const statement of statements) await admin.query(statement);
  } finally {
    await admin.end();
  }
}

// The documented table, as Prisma creates it (String -> text, DateTime -> timestamp(3), Json -> jsonb).
const ANALYTICS_EVENTS = `
CREATE TABLE analytics_events (
  id text NOT NULL,
  user_id text,
  session_id text,
  event_type text NOT NULL,
  event_action text,
  button_name text,
  page text,
  destination text,
  course_id text,
  class_id text,
  utm_source text,
  utm_medium text,
  utm_campaign text,
  utm_term text,
  utm_content text,
  platform text DEFAULT 'web',
  is_logged_in boolean NOT NULL DEFAULT false,
  user_email text,
  custom_data jsonb,
  "timestamp" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  created_at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
)`;

// Created after the load (the usual bulk-load order); the same indexes as documented.
const ANALYTICS_INDEXES = [
  `ALTER TABLE analytics_events ADD PRIMARY KEY (id)`,
  `CREATE INDEX analytics_events_user_id_idx ON analytics_events (user_id)`,
  `CREATE INDEX analytics_events_event_type_idx ON analytics_events (event_type)`,
  `CREATE INDEX analytics_events_event_action_idx ON analytics_events (event_action)`,
  `CREATE INDEX analytics_events_timestamp_idx ON analytics_events ("timestamp")`,
  `CREATE INDEX analytics_events_utm_idx ON analytics_events (utm_source, utm_medium, utm_campaign)`,
];

const CATALOGUE_TABLES = `
CREATE TABLE courses (
  id text PRIMARY KEY, title text NOT NULL, description text NOT NULL, thumbnail text, instructor text,
  duration integer NOT NULL, level text NOT NULL, type text NOT NULL,
  created_at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, updated_at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE modules (
  id text PRIMARY KEY, course_id text NOT NULL REFERENCES courses(id) ON DELETE CASCADE, title text NOT NULL,
  description text NOT NULL, "order" integer NOT NULL, learning_outcomes text[] NOT NULL DEFAULT '{}');
CREATE INDEX modules_course_id_idx ON modules (course_id);
CREATE TABLE topics (
  id text PRIMARY KEY, module_id text REFERENCES modules(id) ON DELETE CASCADE, course_id text NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  title text NOT NULL, "order" integer NOT NULL);
CREATE TABLE classes (
  id text PRIMARY KEY, topic_id text NOT NULL REFERENCES topics(id) ON DELETE CASCADE, title text NOT NULL, description text,
  content_type text DEFAULT 'video', video_url text, text_content text, contest_url text, duration integer NOT NULL, "order" integer NOT NULL);
CREATE TABLE course_access (
  id text PRIMARY KEY, user_id text NOT NULL, course_id text NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  granted_at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, UNIQUE (user_id, course_id));
CREATE TABLE user_progress (
  id text PRIMARY KEY, user_id text NOT NULL, class_id text NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
  watched_duration integer NOT NULL, last_position integer, is_completed boolean NOT NULL DEFAULT false,
  last_watched_at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, completed_at timestamp(3), UNIQUE (user_id, class_id));`;

// Enrollment and progress as the platform's services keep them: one access row per (user,
// course), one progress row per (user, class) with the time watched and whether it was completed.
const DERIVED = [
  `INSERT INTO course_access (id, user_id, course_id, granted_at)
   SELECT md5(user_id || '|' || course_id), user_id, course_id, min("timestamp")
   FROM analytics_events WHERE event_action = 'course_enrolled' AND user_id IS NOT NULL
   GROUP BY user_id, course_id`,
  `INSERT INTO user_progress (id, user_id, class_id, watched_duration, is_completed, last_watched_at, completed_at)
   SELECT md5(user_id || '|' || class_id), user_id, class_id, COALESCE(sum((custom_data->>'durationSeconds')::int), 0),
          bool_or(event_action = 'class_completed'), max("timestamp"), min("timestamp") FILTER (WHERE event_action = 'class_completed')
   FROM analytics_events WHERE event_type IN ('class_event', 'video_event') AND user_id IS NOT NULL AND class_id IS NOT NULL
   GROUP BY user_id, class_id`,
  `VACUUM ANALYZE`,
];

const ACTIONS: Record<string, [string, string]> = {
  'user.logged_in': ['auth_event', 'login_success'],
  'user.registered': ['auth_event', 'signup_success'],
  'course.viewed': ['course_event', 'course_viewed'],
  'course.enrolled': ['course_event', 'course_enrolled'],
  'course.completed': ['course_event', 'course_completed'],
  'certificate.issued': ['course_event', 'certificate_issued'],
  'module.started': ['course_event', 'module_started'],
  'module.completed': ['course_event', 'module_completed'],
  'lesson.started': ['class_event', 'class_started'],
  'lesson.completed': ['class_event', 'class_completed'],
  'lesson.progressed': ['video_event', 'video_progress'],
  'quiz.completed': ['contest_event', 'contest_completed'],
  'practice_session.completed': ['contest_event', 'practice_completed'],
};

/**
 * Our event type -> the platform's (eventType, eventAction). Page views are `we_page_load`
 * without an action, clicks `gtm_custom_click` with the clicked element as action and button
 * name (so the login form steps get the documented actions), errors `error_event`; the rest
 * `<area>_event` / `<area>_<verb>` (e.g. payment_event / payment_succeeded).
 */
export function platformEventType(e: LearningEvent): { eventType: string; eventAction: string | null; buttonName: string | null } {
  if (e.type === 'page.viewed') return { eventType: 'we_page_load', eventAction: null, buttonName: null };
  if (e.type === 'ui.clicked') {
    const element = typeof e.properties.element === 'string' ? e.properties.element : null;
    return { eventType: 'gtm_custom_click', eventAction: element, buttonName: element };
  }
  if (e.type === 'error.occurred')
    return { eventType: 'error_event', eventAction: typeof e.properties.code === 'string' ? e.properties.code : 'error', buttonName: null };
  const known = ACTIONS[e.type];
  if (known) return { eventType: known[0], eventAction: known[1], buttonName: null };
  const [area] = e.type.split('.');
  return { eventType: `${area}_event`, eventAction: e.type.replace(/\./g, '_'), buttonName: null };
}

const orNull = (s: string) => (s === '' ? null : s);

/** Our envelope's fields that analytics_events has no column for go to customData, as the platform's SDK does. */
function customData(e: LearningEvent): string | null {
  const data: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    if (value !== '' && value !== null && value !== undefined) data[key] = value;
  };
  put('source', e.source);
  put('anonymousId', e.anonymous_id);
  put('companyId', e.company_id);
  put('moduleId', e.module_id);
  put('quizId', e.quiz_id);
  put('country', e.country);
  put('referrer', e.referrer);
  if (e.duration_seconds > 0) put('durationSeconds', e.duration_seconds);
  put('score', e.score);
  put('passed', e.passed);
  put('amount', e.amount);
  put('currency', e.currency);
  if (Object.keys(e.properties).length > 0) put('properties', e.properties);
  return Object.keys(data).length === 0 ? null : JSON.stringify(data);
}

const COLUMNS = [
  ['id', 'text'],
  ['user_id', 'text'],
  ['session_id', 'text'],
  ['event_type', 'text'],
  ['event_action', 'text'],
  ['button_name', 'text'],
  ['page', 'text'],
  ['course_id', 'text'],
  ['class_id', 'text'],
  ['utm_source', 'text'],
  ['utm_medium', 'text'],
  ['utm_campaign', 'text'],
  ['utm_term', 'text'],
  ['utm_content', 'text'],
  ['platform', 'text'],
  ['is_logged_in', 'boolean'],
  ['custom_data', 'jsonb'],
  ['timestamp', 'timestamp'],
] as const;

// One parameter per column (arrays), so a batch of any size is one statement with 18 parameters.
const INSERT = `INSERT INTO analytics_events (${COLUMNS.map(([c]) => `"${c}"`).join(', ')})
  SELECT * FROM unnest(${COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')})`;

function columnsOf(batch: LearningEvent[]): unknown[][] {
  const cols: unknown[][] = COLUMNS.map(() => new Array(batch.length));
  batch.forEach((e, i) => {
    const { eventType, eventAction, buttonName } = platformEventType(e);
    const values = [
      e.event_id,
      orNull(e.user_id),
      orNull(e.session_id),
      eventType,
      eventAction,
      buttonName,
      orNull(e.page),
      orNull(e.course_id),
      orNull(e.lesson_id),
      orNull(e.utm_source),
      orNull(e.utm_medium),
      orNull(e.utm_campaign),
      orNull(e.utm_term),
      orNull(e.utm_content),
      e.platform || 'web',
      e.user_id !== '',
      customData(e),
      e.timestamp.replace('T', ' ').replace('Z', ''),
    ];
    values.forEach((v, c) => (cols[c][i] = v));
  });
  return cols;
}

/** The course catalogue of the data set, in the platform's Course > Module > Topic > Class shape (one topic per module, a lesson is a class). */
async function loadCatalogue(pool: pg.Pool, events: number): Promise<void> {
  const world = buildWorld(generatorOptions(events));
  const rows = { courses: [] as unknown[][], modules: [] as unknown[][], topics: [] as unknown[][], classes: [] as unknown[][] };
  for (const c of world.courses) {
    // The id in the title keeps titles unique, so the documented query's course_name identifies the course.
    rows.courses.push([
      c.id,
      `${c.title} [${c.id}]`,
      `${c.category} course`,
      c.modules.reduce((n, m) => n + m.lessons.reduce((a, l) => a + l.minutes, 0), 0),
      c.level,
      c.category,
    ]);
    c.modules.forEach((m, mi) => {
      rows.modules.push([m.id, c.id, `Module ${mi + 1}`, '', mi + 1]);
      rows.topics.push([`${m.id}-t1`, m.id, c.id, `Topic ${mi + 1}.1`, 1]);
      m.lessons.forEach((l, li) => rows.classes.push([l.id, `${m.id}-t1`, `Lesson ${li + 1}`, l.minutes * 60, li + 1]));
    });
  }
  const insert = async (table: string, columns: string[], values: unknown[][]) => {
    for (const batch of chunks(values, 1000)) {
      const placeholders = batch.map((row, r) => `(${row.map((_, c) => `$${r * row.length + c + 1}`).join(', ')})`).join(', ');
      await pool.query(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${placeholders}`, batch.flat());
    }
  };
  await insert('courses', ['id', 'title', 'description', 'duration', 'level', 'type'], rows.courses);
  await insert('modules', ['id', 'course_id', 'title', 'description', 'order'], rows.modules);
  await insert('topics', ['id', 'module_id', 'course_id', 'title', 'order'], rows.topics);
  await insert('classes', ['id', 'topic_id', 'title', 'duration', 'order'], rows.classes);
}

export interface PostgresLoad {
  database: string;
  events: number;
  /** Rows through unnest() INSERTs, two connections, no index yet. */
  loadSeconds: number;
  eventsPerSecond: number;
  /** Primary key and the five documented indexes. */
  indexSeconds: number;
  /** course_access, user_progress, VACUUM ANALYZE. */
  derivedSeconds: number;
  tableBytes: number;
}

/** Recreates `database` and loads the data set into it. */
export async function loadPostgres(
  database: string,
  events: () => Iterable<LearningEvent>,
  total: number,
  generated: number,
  progress: ProgressFactory,
): Promise<PostgresLoad> {
  await recreateDatabase(database);
  const pool = pgPool(database, 2);
  try {
    await pool.query(ANALYTICS_EVENTS);
    await pool.query(CATALOGUE_TABLES);
    await loadCatalogue(pool, generated);

    const bar = progress('PostgreSQL load', total);
    let loaded = 0;
    const started = performance.now();
    await forEachConcurrently(chunks(events(), 10_000), 2, async (batch) => {
      await pool.query(INSERT, columnsOf(batch));
      loaded += batch.length;
      bar.update(loaded);
    });
    const loadSeconds = (performance.now() - started) / 1000;
    bar.stop();
    if (loaded !== total) throw new Error(`PostgreSQL load: ${loaded} of ${total} events`);

    const indexStarted = performance.now();
    for (const ddl of ANALYTICS_INDEXES) await pool.query(ddl);
    const indexSeconds = (performance.now() - indexStarted) / 1000;
    const derivedStarted = performance.now();
    for (const statement of DERIVED) await pool.query(statement);
    const derivedSeconds = (performance.now() - derivedStarted) / 1000;
    const size = await pool.query<{ bytes: string }>(`SELECT pg_total_relation_size('analytics_events') AS bytes`);
    return { database, events: total, loadSeconds, eventsPerSecond: total / loadSeconds, indexSeconds, derivedSeconds, tableBytes: Number(size.rows[0].bytes) };
  } finally {
    await pool.end();
  }
}
