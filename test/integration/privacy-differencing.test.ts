import { getNamedType, isObjectType, type GraphQLField } from 'graphql';
import { buildGraphQLSchema } from '../../src/graphql/build-schema';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson, type EventJson } from '../helpers/events';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';

/**
 * The differencing matrix (issue 13, "Tests"): for every partner-visible query field with a
 * breakdown or a series, found by introspecting the schema, a partner asks for a total and for
 * its parts (with and without the breakdown, over the period and per bucket), on data where
 * every dimension has two groups of 6 learners and one of 1 (day, country, platform, campaign,
 * page). The total minus the visible parts must never isolate exactly one withheld group: the
 * parts the partner cannot see that hold anything (by the admin's answer) are 0 or at least 2.
 * The admin's answer also checks that the parts add up to the total, so the attack is real.
 */

type Gql = { data?: Record<string, unknown> | null; errors?: { message: string }[] };
type Parts = Map<string, number | null>;
interface Answer {
  total: number | null;
  parts: Parts;
}

interface DifferencingCase {
  /** The field whose breakdown or series is differenced, and where its total comes from. */
  field: string;
  /** Both questions in one document (`companyId` filled in for the admin). */
  doc(company: string): string;
  /** The partner's company and the data the case reads (default COMPANY). */
  company?: string;
  read(data: Record<string, unknown>): Answer;
}

const COMPANY = 'diffco';
const DAYS = ['2026-03-01', '2026-03-02', '2026-03-03'];
const PERIOD = '{ from: "2026-03-01", to: "2026-03-04" }';
const GROUPS = [
  { name: 'a', size: 6, country: 'DE', platform: 'web', day: DAYS[0], practiceSeconds: 60 },
  { name: 'b', size: 6, country: 'FR', platform: 'ios', day: DAYS[1], practiceSeconds: 400 },
  { name: 'c', size: 1, country: 'NG', platform: 'android', day: DAYS[2], practiceSeconds: 700 },
];

function events(): EventJson[] {
  return GROUPS.flatMap((g) =>
    Array.from({ length: g.size }, (_, n) => {
      const user = `${g.name}-${n}`;
      const common = { user_id: user, company_id: COMPANY, country: g.country, platform: g.platform, session_id: `${user}-s` };
      const at = (hour: number) => `${g.day}T${String(hour).padStart(2, '0')}:00:00.000Z`;
      return [
        anEvent({ ...common, type: 'user.registered', timestamp: at(8), utm_source: 'mail', utm_medium: 'email', utm_campaign: g.name }),
        anEvent({ ...common, type: 'page.viewed', page: `/p-${g.name}`, timestamp: at(8) }),
        anEvent({ ...common, type: 'course.enrolled', course_id: 'course-001', timestamp: at(9) }),
        anEvent({ ...common, type: 'lesson.completed', course_id: 'course-001', lesson_id: 'l1', timestamp: at(10), duration_seconds: 100 + n }),
        anEvent({
          ...common,
          type: 'practice_session.completed',
          timestamp: at(10),
          duration_seconds: g.practiceSeconds,
          score: 50 + n,
          properties: { scenario_id: `scenario-${g.name}` },
        }),
        anEvent({ ...common, type: 'course.completed', course_id: 'course-001', timestamp: at(11) }),
        anEvent({ ...common, type: 'payment.succeeded', timestamp: at(12), amount: '10.00', currency: 'USD' }),
      ];
    }).flat(),
  );
}

const co = (company: string) => (company === '' ? '' : `, companyId: "${company}"`);
const map = <T>(rows: T[] | null | undefined, label: (r: T) => string, value: (r: T) => number | null): Parts =>
  new Map((rows ?? []).map((r) => [label(r), value(r)]));
type Row = Record<string, unknown>;
const rows = (v: unknown) => v as Row[];
/** The parts of a list: each row's `label` column names it, its `value` column is its figure. */
const byColumns = (list: unknown, label: string, value: string): Parts =>
  map(
    rows(list),
    (r) => r[label] as string,
    (r) => r[value] as number | null,
  );

/**
 * Caller-chosen course lists (issue 13): `courses(ids:)` and `courseEngagement(courseId)` name
 * their courses, so a partner can list every course, or one at a time, next to a company total
 * for the same period. Company `courseco`: four courses, every learner enrolls, completes one
 * lesson (duration 100 + n s) and completes the course on one day:
 *   A 10 (5 on day 1, 5 on day 2), B 10 (5 on day 2, 5 on day 3), C 12 (6 on day 1, 6 on day 3), S 1 (day 3).
 * S is under k in every figure; its complement, decided on every course of the company, is A
 * (10, ties by label before B), whichever courses a question lists.
 */
const COURSE_CO = 'courseco';
const COURSES = [
  { id: 'A', days: [DAYS[0], DAYS[1]], size: 10 },
  { id: 'B', days: [DAYS[1], DAYS[2]], size: 10 },
  { id: 'C', days: [DAYS[0], DAYS[2]], size: 12 },
  { id: 'S', days: [DAYS[2]], size: 1 },
];
function courseEvents(): EventJson[] {
  return COURSES.flatMap((course) =>
    Array.from({ length: course.size }, (_, n) => {
      const day = course.days[n % course.days.length];
      const common = { user_id: `cc-${course.id}-${n}`, company_id: COURSE_CO, course_id: course.id };
      return [
        anEvent({ ...common, type: 'course.enrolled', timestamp: `${day}T09:00:00.000Z` }),
        anEvent({ ...common, type: 'lesson.completed', lesson_id: `${course.id}-l1`, timestamp: `${day}T10:00:00.000Z`, duration_seconds: 100 + n }),
        anEvent({ ...common, type: 'course.completed', timestamp: `${day}T11:00:00.000Z` }),
      ];
    }).flat(),
  );
}
const COURSE_IDS = COURSES.map((c) => c.id);

/** A course figure and the total another field shows for the same company and period. */
const COURSE_TOTALS: { figure: string; total: string; read: (d: Record<string, unknown>) => number | null }[] = [
  { figure: 'completions', total: 'companyLearningSummary.coursesCompleted', read: (d) => (d.total as Row).coursesCompleted as number | null },
  { figure: 'learningTimeSeconds', total: 'companyLearningSummary.learningTimeSeconds', read: (d) => (d.total as Row).learningTimeSeconds as number | null },
  { figure: 'enrollments', total: 'eventCounts of course.enrolled', read: (d) => rows(d.total)[0].count as number | null },
  { figure: 'lessonCompletions', total: 'eventCounts of lesson.completed', read: (d) => rows(d.total)[0].count as number | null },
];
const courseTotalDoc = (figure: string, c: string) => {
  if (figure === 'enrollments' || figure === 'lessonCompletions')
    return `total: eventCounts(period: ${PERIOD}, granularity: MONTH, eventTypes: ["${figure === 'enrollments' ? 'course.enrolled' : 'lesson.completed'}"]${co(c)}) { count }`;
  return `total: companyLearningSummary(companyId: "${COURSE_CO}", period: ${PERIOD}) { ${figure === 'completions' ? 'coursesCompleted' : figure} }`;
};

/** Every course listed together, each alone, and each by courseEngagement: a part is seen if any question shows it. */
const courseListCases: DifferencingCase[] = COURSE_TOTALS.map(({ figure, total, read }) => ({
  field: `courses(ids:) ${figure}, all listed, each alone and by courseEngagement (total: ${total})`,
  company: COURSE_CO,
  doc: (c: string) =>
    `{ ${courseTotalDoc(figure, c)}
       all: courses(ids: ${JSON.stringify(COURSE_IDS)}, period: ${PERIOD}${co(c)}) { id engagement { ${figure} } }
       ${COURSE_IDS.map((id) => `one_${id}: courses(ids: ["${id}"], period: ${PERIOD}${co(c)}) { id engagement { ${figure} } }`).join('\n')}
       ${COURSE_IDS.map((id) => `e_${id}: courseEngagement(courseId: "${id}", period: ${PERIOD}${co(c)}) { courseId ${figure} }`).join('\n')} }`,
  read: (d: Record<string, unknown>) => {
    const parts: Parts = new Map();
    const see = (id: string, v: number | null) => parts.set(id, parts.get(id) ?? v);
    for (const key of ['all', ...COURSE_IDS.map((id) => `one_${id}`)])
      for (const r of rows(d[key])) see(r.id as string, (r.engagement as Row)[figure] as number | null);
    for (const id of COURSE_IDS) see(id, (d[`e_${id}`] as Row)[figure] as number | null);
    return { total: read(d), parts };
  },
}));

/** Per day: the company series' bucket against the courses' series buckets of that day. */
const courseSeriesCases: DifferencingCase[] = DAYS.map((day) => ({
  field: `courses(ids:) series completions on ${day} (total: companyLearningSummary series, that day)`,
  company: COURSE_CO,
  doc: (c: string) =>
    `{ total: companyLearningSummary(companyId: "${COURSE_CO}", period: ${PERIOD}, granularity: DAY) { series { bucket coursesCompleted } }
       all: courses(ids: ${JSON.stringify(COURSE_IDS)}, period: ${PERIOD}${co(c)}) { id engagement { series(granularity: DAY) { bucket completions } } } }`,
  read: (d: Record<string, unknown>) => ({
    total: rows((d.total as Row).series).find((p) => p.bucket === day)?.coursesCompleted as number | null,
    parts: new Map(
      rows(d.all).map((r) => [r.id as string, (rows((r.engagement as Row).series).find((p) => p.bucket === day)?.completions as number | null) ?? null]),
    ),
  }),
}));

/** Per course: the course figure against its own series (a complement withheld in the total must not come back as the sum of its buckets). */
const courseOwnSeriesCases: DifferencingCase[] = COURSE_IDS.filter((id) => id !== 'S').map((id) => ({
  field: `courses(ids:) ${id} series completions (total: its completions, seen in any question)`,
  company: COURSE_CO,
  doc: (c: string) =>
    `{ all: courses(ids: ${JSON.stringify(COURSE_IDS)}, period: ${PERIOD}${co(c)}) { id engagement { completions series(granularity: DAY) { bucket completions } } }
       one: courseEngagement(courseId: "${id}", period: ${PERIOD}${co(c)}) { completions series(granularity: DAY) { bucket completions } } }`,
  read: (d: Record<string, unknown>) => {
    const e = rows(d.all).find((r) => r.id === id)!.engagement as Row;
    const one = d.one as Row;
    const parts: Parts = new Map();
    for (const s of [rows(e.series), rows(one.series)])
      for (const p of s) parts.set(p.bucket as string, parts.get(p.bucket as string) ?? (p.completions as number | null));
    return { total: (e.completions as number | null) ?? (one.completions as number | null), parts };
  },
}));

/**
 * Caller-chosen quizzes (issue 13): `quizItems(courseId:)` lists a course's quizzes, `quizItems(quizId:)`
 * one quiz, and eventMetrics of quiz.completed by course_id gives the course's attempts. Company
 * `quizco`, course X: Q1 6 takers (all pass), Q2 6 (all fail: first in hardest-first order), Q3 7,
 * Qs 1; every taker attempts once. Qs is under k; its complement must be the same quiz in every
 * field and in a list of one: Q1 (6, ties by label), as eventMetrics by [course_id, quiz_id] decides.
 */
const QUIZ_CO = 'quizco';
const QUIZZES = [
  { id: 'Q1', size: 6, passed: true },
  { id: 'Q2', size: 6, passed: false },
  { id: 'Q3', size: 7, passed: true },
  { id: 'Qs', size: 1, passed: true },
];
function quizEvents(): EventJson[] {
  return QUIZZES.flatMap((q) =>
    Array.from({ length: q.size }, (_, n) =>
      anEvent({
        type: 'quiz.completed',
        user_id: `qz-${q.id}-${n}`,
        company_id: QUIZ_CO,
        course_id: 'X',
        quiz_id: q.id,
        passed: q.passed,
        score: q.passed ? 90 : 20,
        timestamp: `${DAYS[1]}T10:00:00.000Z`,
      }),
    ),
  );
}
/**
 * A field that lists a course's items (`list`: by courseId) and gives one item (`one`: by its
 * own id), next to eventMetrics of the items' event type by [course_id, column] and [column]; the
 * total is eventMetrics by course_id (one event per learner and item, so the items add up to it).
 * Each query's rows are read as `{ id value }` (aliases), whichever field answers.
 */
function itemsOfCourseCase(o: {
  field: string;
  company: string;
  eventType: string;
  course: string;
  column: string;
  items: readonly { id: string }[];
  list: (company: string) => string;
  one: (id: string, company: string) => string;
}): DifferencingCase {
  const metrics = (alias: string, groupBy: string[], c: string) =>
    `${alias}: eventMetrics(eventType: "${o.eventType}", period: ${PERIOD}, groupBy: ${JSON.stringify(groupBy)}${co(c)}) { group value }`;
  return {
    field: o.field,
    company: o.company,
    doc: (c: string) =>
      `{ ${metrics('total', ['course_id'], c)}
         list: ${o.list(c)}
         ${o.items.map((i) => `one_${i.id}: ${o.one(i.id, c)}`).join('\n')}
         ${metrics('cx', ['course_id', o.column], c)}
         ${metrics('x', [o.column], c)} }`,
    read: (d: Record<string, unknown>) => {
      const parts: Parts = new Map();
      const see = (id: string, v: number | null) => parts.set(id, parts.get(id) ?? v);
      for (const key of ['list', ...o.items.map((i) => `one_${i.id}`)]) for (const r of rows(d[key])) see(r.id as string, r.value as number | null);
      for (const r of rows(d.cx)) see((r.group as string[])[1], r.value as number | null);
      for (const r of rows(d.x)) see((r.group as string[])[0], r.value as number | null);
      return { total: (rows(d.total).find((r) => (r.group as string[])[0] === o.course)?.value as number | null) ?? null, parts };
    },
  };
}

const quizCases: DifferencingCase[] = [
  itemsOfCourseCase({
    field:
      'quizItems(courseId:) and quizItems(quizId:) attempts, next to eventMetrics by [course_id, quiz_id] and [quiz_id] (total: eventMetrics quiz.completed by course_id)',
    company: QUIZ_CO,
    eventType: 'quiz.completed',
    course: 'X',
    column: 'quiz_id',
    items: QUIZZES,
    list: (c) => `quizItems(courseId: "X", period: ${PERIOD}${co(c)}) { id: quizId value: attempts }`,
    one: (id, c) => `quizItems(quizId: "${id}", period: ${PERIOD}${co(c)}) { id: quizId value: attempts }`,
  }),
];

/**
 * courseProgress lessons (issue 13): a course's lessons with their completers, next to the course's
 * lessonCompletions (every learner completes one lesson once, so they add up). Company `lessonco`,
 * course L: l1 6 learners, l2 6, l3 7, ls 1.
 */
const LESSON_CO = 'lessonco';
const LESSONS = [
  { id: 'l1', size: 6 },
  { id: 'l2', size: 6 },
  { id: 'l3', size: 7 },
  { id: 'ls', size: 1 },
];
function lessonEvents(): EventJson[] {
  return LESSONS.flatMap((l) =>
    Array.from({ length: l.size }, (_, n) => {
      const common = { user_id: `ls-${l.id}-${n}`, company_id: LESSON_CO, course_id: 'L', lesson_id: l.id };
      return [
        anEvent({ ...common, type: 'lesson.started', timestamp: `${DAYS[1]}T09:00:00.000Z` }),
        anEvent({ ...common, type: 'lesson.completed', timestamp: `${DAYS[1]}T10:00:00.000Z`, duration_seconds: 60 }),
      ];
    }).flat(),
  );
}
const lessonCases: DifferencingCase[] = [
  {
    field: 'courseProgress lessons completed (total: courseEngagement lessonCompletions)',
    company: LESSON_CO,
    doc: (c: string) =>
      `{ total: courseEngagement(courseId: "L", period: ${PERIOD}${co(c)}) { lessonCompletions }
         p: courseProgress(courseId: "L", period: ${PERIOD}${co(c)}) { lessons { lessonId completed } } }`,
    read: (d: Record<string, unknown>) => ({
      total: (d.total as Row).lessonCompletions as number | null,
      parts: byColumns((d.p as Row).lessons, 'lessonId', 'completed'),
    }),
  },
];

/**
 * Caller-chosen videos (issue 13): `videoEngagement(courseId:)` lists a course's videos,
 * `videoEngagement(lessonId:)` one, and eventMetrics of video.progressed by course_id gives the
 * course's events (one play per viewer here, so plays add up to it). Company `videoco`, course V:
 * v1 6 viewers, v2 6, v3 7, vs 1.
 */
const VIDEO_CO = 'videoco';
const VIDEOS = [
  { id: 'v1', size: 6 },
  { id: 'v2', size: 6 },
  { id: 'v3', size: 7 },
  { id: 'vs', size: 1 },
];
function videoEvents(): EventJson[] {
  return VIDEOS.flatMap((v) =>
    Array.from({ length: v.size }, (_, n) =>
      anEvent({
        type: 'video.progressed',
        user_id: `vd-${v.id}-${n}`,
        company_id: VIDEO_CO,
        course_id: 'V',
        lesson_id: v.id,
        session_id: `vd-${v.id}-${n}-s`,
        properties: { percent: 50 },
        timestamp: `${DAYS[1]}T10:00:00.000Z`,
      }),
    ),
  );
}
const videoCases: DifferencingCase[] = [
  itemsOfCourseCase({
    field:
      'videoEngagement(courseId:) and videoEngagement(lessonId:) plays, next to eventMetrics by [course_id, lesson_id] and [lesson_id] (total: eventMetrics video.progressed by course_id)',
    company: VIDEO_CO,
    eventType: 'video.progressed',
    course: 'V',
    column: 'lesson_id',
    items: VIDEOS,
    list: (c) => `videoEngagement(courseId: "V", period: ${PERIOD}${co(c)}) { id: lessonId value: plays }`,
    one: (id, c) => `videoEngagement(lessonId: "${id}", period: ${PERIOD}${co(c)}) { id: lessonId value: plays }`,
  }),
];

/**
 * A complement alone on its days (issue 13): company `soloco`, completions: A 6 on day 1 (no other
 * course that day), B 6 and C 7 on day 2, S 1 on day 2. S's complement by size and label is A,
 * but the company's day-1 coursesCompleted is A's completions, and then the company total minus
 * A, B and C is S.
 */
const SOLO_CO = 'soloco';
const SOLO = [
  { id: 'A', day: DAYS[0], size: 6 },
  { id: 'B', day: DAYS[1], size: 6 },
  { id: 'C', day: DAYS[1], size: 7 },
  { id: 'S', day: DAYS[1], size: 1 },
];
function soloEvents(): EventJson[] {
  return SOLO.flatMap((c) =>
    Array.from({ length: c.size }, (_, n) =>
      anEvent({ type: 'course.completed', user_id: `so-${c.id}-${n}`, company_id: SOLO_CO, course_id: c.id, timestamp: `${c.day}T11:00:00.000Z` }),
    ),
  );
}

/** One case per way a partner can put a total next to its parts. */
const CASES: Record<string, DifferencingCase[]> = {
  eventMetrics: [
    {
      field: 'eventMetrics groupBy (total: without groupBy)',
      doc: (c) =>
        `{ total: eventMetrics(eventType: "practice_session.completed", period: ${PERIOD}, measure: SUM, property: "score"${co(c)}) { value }
           parts: eventMetrics(eventType: "practice_session.completed", period: ${PERIOD}, measure: SUM, property: "score", groupBy: ["country"]${co(c)}) { group value } }`,
      read: (d) => ({
        total: (rows(d.total)[0]?.value as number) ?? null,
        parts: map(
          rows(d.parts),
          (r) => (r.group as string[])[0],
          (r) => r.value as number | null,
        ),
      }),
    },
    {
      field: 'eventMetrics granularity (total: the period)',
      doc: (c) =>
        `{ total: eventMetrics(eventType: "lesson.completed", period: ${PERIOD}, measure: SUM, property: "duration_seconds"${co(c)}) { value }
           parts: eventMetrics(eventType: "lesson.completed", period: ${PERIOD}, measure: SUM, property: "duration_seconds", granularity: DAY${co(c)}) { bucket value } }`,
      read: (d) => ({
        total: (rows(d.total)[0]?.value as number) ?? null,
        parts: byColumns(d.parts, 'bucket', 'value'),
      }),
    },
  ],
  funnel: [0, 1].map((k) => ({
    field: `funnel breakdownBy, step ${k + 1} (total: the funnel without breakdown)`,
    doc: (c: string) =>
      `{ total: funnel(steps: [{ eventType: "course.enrolled" }, { eventType: "course.completed" }], period: ${PERIOD}${co(c)}) { steps { count } }
         parts: funnel(steps: [{ eventType: "course.enrolled" }, { eventType: "course.completed" }], period: ${PERIOD}, breakdownBy: COUNTRY${co(c)}) { breakdown { value steps { count } } } }`,
    read: (d: Record<string, unknown>) => ({
      total: rows((d.total as Row).steps)[k].count as number | null,
      parts: map(
        rows((d.parts as Row).breakdown),
        (r) => r.value as string,
        (r) => rows(r.steps)[k].count as number | null,
      ),
    }),
  })),
  companyLearningSummary: ['learningTimeSeconds', 'coursesCompleted', 'activeLearners'].map((figure) => ({
    field: `companyLearningSummary series ${figure} (total: the summary)`,
    doc: () => `{ s: companyLearningSummary(companyId: "${COMPANY}", period: ${PERIOD}, granularity: DAY) { ${figure} series { bucket ${figure} } } }`,
    read: (d: Record<string, unknown>) => {
      const s = d.s as Row;
      return {
        total: s[figure] as number | null,
        parts: map(
          rows(s.series),
          (r) => r.bucket as string,
          (r) => r[figure] as number | null,
        ),
      };
    },
  })),
  courseEngagement: ['enrollments', 'completions', 'learningTimeSeconds'].map((figure) => ({
    field: `courseEngagement series ${figure} (total: the course figure)`,
    doc: (c: string) =>
      `{ e: courseEngagement(courseId: "course-001", period: ${PERIOD}${co(c)}) { ${figure} series(granularity: DAY) { bucket ${figure} } } }`,
    read: (d: Record<string, unknown>) => {
      const e = d.e as Row;
      return {
        total: e[figure] as number | null,
        parts: map(
          rows(e.series),
          (r) => r.bucket as string,
          (r) => r[figure] as number | null,
        ),
      };
    },
  })),
  dau: [
    {
      field: 'dau (total: activeUsersSummary.dailyAverage x days)',
      doc: (c) => `{ s: activeUsersSummary(period: ${PERIOD}${co(c)}) { dailyAverage } parts: dau(period: ${PERIOD}${co(c)}) { date value } }`,
      read: (d) => {
        const avg = (d.s as Row).dailyAverage as number | null;
        return {
          total: avg === null ? null : Math.round(avg * DAYS.length),
          parts: byColumns(d.parts, 'date', 'value'),
        };
      },
    },
  ],
  activeUsers: [
    {
      field: 'activeUsers DAY (total: activeUsersSummary.dailyAverage x days)',
      doc: (c) =>
        `{ s: activeUsersSummary(period: ${PERIOD}${co(c)}) { dailyAverage } parts: activeUsers(period: ${PERIOD}, granularity: DAY${co(c)}) { bucket value } }`,
      read: (d) => {
        const avg = (d.s as Row).dailyAverage as number | null;
        return {
          total: avg === null ? null : Math.round(avg * DAYS.length),
          parts: byColumns(d.parts, 'bucket', 'value'),
        };
      },
    },
  ],
  eventCounts: [
    {
      field: 'eventCounts DAY (total: MONTH)',
      doc: (c) =>
        `{ total: eventCounts(period: ${PERIOD}, granularity: MONTH, eventTypes: ["course.enrolled"]${co(c)}) { count }
           parts: eventCounts(period: ${PERIOD}, granularity: DAY, eventTypes: ["course.enrolled"]${co(c)}) { bucket count } }`,
      read: (d) => ({
        total: rows(d.total)[0].count as number | null,
        parts: byColumns(d.parts, 'bucket', 'count'),
      }),
    },
  ],
  revenue: [
    {
      field: 'revenue series payments (total: totals)',
      doc: (c) => `{ r: revenue(period: ${PERIOD}, granularity: DAY${co(c)}) { series { bucket payments } totals { payments } } }`,
      read: (d) => {
        const r = d.r as Row;
        return {
          total: rows(r.totals)[0].payments as number | null,
          parts: map(
            rows(r.series),
            (p) => p.bucket as string,
            (p) => p.payments as number | null,
          ),
        };
      },
    },
  ],
  retention: [
    {
      field: 'retention cohort sizes per DAY (total: the MONTH cohort)',
      doc: (c) =>
        `{ total: retention(period: ${PERIOD}, granularity: MONTH, periods: 1${co(c)}) { size }
           parts: retention(period: ${PERIOD}, granularity: DAY, periods: 1${co(c)}) { cohortStart size } }`,
      read: (d) => ({
        total: rows(d.total)[0].size as number | null,
        parts: byColumns(d.parts, 'cohortStart', 'size'),
      }),
    },
  ],
  practiceProgress: [
    {
      field: 'practiceProgress scenarios sessions (total: practiceProgress.sessions)',
      doc: (c) => `{ p: practiceProgress(period: ${PERIOD}, granularity: DAY${co(c)}) { sessions scenarios { scenarioId sessions } } }`,
      read: (d) => ({
        total: (d.p as Row).sessions as number | null,
        parts: map(
          rows((d.p as Row).scenarios),
          (r) => r.scenarioId as string,
          (r) => r.sessions as number | null,
        ),
      }),
    },
    {
      field: 'practiceProgress scoreProgression DAY practiceTimeSeconds (total: practiceProgress.practiceTimeSeconds)',
      doc: (c) =>
        `{ p: practiceProgress(period: ${PERIOD}, granularity: DAY${co(c)}) { practiceTimeSeconds scoreProgression { bucket practiceTimeSeconds } } }`,
      read: (d) => ({
        total: (d.p as Row).practiceTimeSeconds as number | null,
        parts: map(
          rows((d.p as Row).scoreProgression),
          (r) => r.bucket as string,
          (r) => r.practiceTimeSeconds as number | null,
        ),
      }),
    },
    {
      field: 'practiceProgress timeDistribution sessions (total: practiceProgress.sessions)',
      doc: (c) => `{ p: practiceProgress(period: ${PERIOD}${co(c)}) { sessions timeDistribution { fromSeconds sessions } } }`,
      read: (d) => ({
        total: (d.p as Row).sessions as number | null,
        parts: map(
          rows((d.p as Row).timeDistribution).filter((r) => r.sessions !== 0),
          (r) => String(r.fromSeconds),
          (r) => r.sessions as number | null,
        ),
      }),
    },
    {
      field: 'practiceProgress scenarios against eventMetrics by properties.scenario_id (total: practiceProgress.sessions)',
      // Two fields of the same sessions: a complement chosen differently in each would give itself away.
      doc: (c) =>
        `{ p: practiceProgress(period: ${PERIOD}${co(c)}) { sessions scenarios { scenarioId sessions } }
           e: eventMetrics(eventType: "practice_session.completed", period: ${PERIOD}, groupBy: ["properties.scenario_id"]${co(c)}) { group value } }`,
      read: (d) => {
        const parts: Parts = new Map();
        for (const r of rows((d.p as Row).scenarios)) parts.set(r.scenarioId as string, r.sessions as number | null);
        for (const r of rows(d.e)) if (r.value !== null) parts.set((r.group as string[])[0], r.value as number);
        return { total: (d.p as Row).sessions as number | null, parts };
      },
    },
  ],
  campaignPerformance: [
    {
      field: 'campaignPerformance signups, partner limit 2 (total: eventCounts of user.registered)',
      doc: (c) =>
        `{ total: eventCounts(period: ${PERIOD}, granularity: MONTH, eventTypes: ["user.registered"]${co(c)}) { count }
           parts: campaignPerformance(period: ${PERIOD}${c === '' ? ', limit: 2' : co(c)}) { utmCampaign signups } }`,
      read: (d) => ({
        total: rows(d.total)[0].count as number | null,
        parts: byColumns(d.parts, 'utmCampaign', 'signups'),
      }),
    },
    {
      field: 'campaignPerformance signups (total: eventCounts of user.registered)',
      doc: (c) =>
        `{ total: eventCounts(period: ${PERIOD}, granularity: MONTH, eventTypes: ["user.registered"]${co(c)}) { count }
           parts: campaignPerformance(period: ${PERIOD}${co(c)}) { utmCampaign signups } }`,
      read: (d) => ({
        total: rows(d.total)[0].count as number | null,
        parts: byColumns(d.parts, 'utmCampaign', 'signups'),
      }),
    },
  ],
  courses: [...courseListCases, ...courseSeriesCases, ...courseOwnSeriesCases],
  quizItems: quizCases,
  courseProgress: lessonCases,
  videoEngagement: videoCases,
  topContent: [
    {
      field: 'topContent PAGE views, partner limit 2 (total: eventCounts of page.viewed; the cut must not hide a group from suppression)',
      doc: (c) =>
        `{ total: eventCounts(period: ${PERIOD}, granularity: MONTH, eventTypes: ["page.viewed"]${co(c)}) { count }
           parts: topContent(period: ${PERIOD}, kind: PAGE${c === '' ? ', limit: 2' : co(c)}) { id views } }`,
      read: (d) => ({
        total: rows(d.total)[0].count as number | null,
        parts: byColumns(d.parts, 'id', 'views'),
      }),
    },
    {
      field: 'topContent PAGE views (total: eventCounts of page.viewed)',
      doc: (c) =>
        `{ total: eventCounts(period: ${PERIOD}, granularity: MONTH, eventTypes: ["page.viewed"]${co(c)}) { count }
           parts: topContent(period: ${PERIOD}, kind: PAGE${co(c)}) { id views } }`,
      read: (d) => ({
        total: rows(d.total)[0].count as number | null,
        parts: byColumns(d.parts, 'id', 'views'),
      }),
    },
  ],
};

/**
 * Fields with a breakdown or a series, from the schema: an argument groupBy, breakdownBy or
 * granularity on the field or on a field of what it returns, or list items with a bucket or date.
 */
function breakdownAndSeriesFields(): string[] {
  const SPLITTING = new Set(['groupBy', 'breakdownBy', 'granularity']);
  const splits = (f: GraphQLField<unknown, unknown>) => f.args.some((a) => SPLITTING.has(a.name));
  return Object.values(buildGraphQLSchema().getQueryType()!.getFields())
    .filter((f) => {
      if (splits(f)) return true;
      const type = getNamedType(f.type);
      if (!isObjectType(type)) return false;
      const fields = Object.values(type.getFields());
      return fields.some((g) => splits(g) || ['bucket', 'date', 'cohortStart'].includes(g.name) || g.name === 'breakdown');
    })
    .map((f) => f.name)
    .sort();
}

/**
 * Fields whose caller names the groups, from the schema: an `ids` or `eventTypes` list, or one
 * course, quiz or lesson id. A list of the caller's choice next to a total is the same attack as a
 * breakdown (the whole list, or one group at a time), so each needs a case too.
 */
function callerChosenFields(): string[] {
  const naming = (name: string) => name === 'ids' || name === 'eventTypes' || (name.endsWith('Id') && name !== 'companyId' && name !== 'userId');
  return Object.values(buildGraphQLSchema().getQueryType()!.getFields())
    .filter((f) => f.args.some((a) => naming(a.name)))
    .map((f) => f.name)
    .sort();
}

/** Fields the schema rules find that a partner cannot difference, and why. */
const NOT_DIFFERENCED: Record<string, string> = {
  practiceLearners: 'a per-learner list (needs learners:read): one person by design, not thresholded',
  learners: 'the learners of a course, a per-learner list (needs learners:read): one person by design, not thresholded',
  companies: 'a partner names only its own company (any other is FORBIDDEN: tenancy.test.ts); no figure adds companies up',
};

/**
 * Cross-shape data (issue 13: a group hidden in one table shape must not show in another):
 * company `crossco`, one lesson completion and one enrollment per learner on 2026-03-02.
 *   country x course: DE/c1 7, FR/c1 6, US/c1 5, US/c2 6, GB/c2 6, NG/c1 1
 * By country alone, NG (1) is withheld and FR (6, the smallest; ties by label before GB) is its
 * complement. Decided table by table, [country, course] withheld NG/c1 and US/c1 (the smallest in
 * course c1) and showed FR/c1: FR's whole figure, so total - DE - US - GB - FR/c1 = NG.
 */
const CROSS = 'crossco';
const CROSS_CELLS = [
  { country: 'DE', course: 'c1', size: 7 },
  { country: 'FR', course: 'c1', size: 6 },
  { country: 'US', course: 'c1', size: 5 },
  { country: 'US', course: 'c2', size: 6 },
  { country: 'GB', course: 'c2', size: 6 },
  { country: 'NG', course: 'c1', size: 1 },
];
function crossEvents(): EventJson[] {
  return CROSS_CELLS.flatMap((cell) =>
    Array.from({ length: cell.size }, (_, n) => {
      const common = { user_id: `x-${cell.country}-${cell.course}-${n}`, company_id: CROSS, country: cell.country, course_id: cell.course };
      return [
        // properties.track and the page repeat the course, so a funnel `where` on track (EQ, or an
        // operator that only c1's value satisfies) or a pagePrefix only c1's page has selects a course too.
        anEvent({
          ...common,
          type: 'course.enrolled',
          page: `/enroll/${cell.course}`,
          timestamp: '2026-03-02T09:00:00.000Z',
          properties: { track: cell.course },
        }),
        anEvent({ ...common, type: 'lesson.completed', lesson_id: `${cell.course}-l1`, timestamp: '2026-03-02T10:00:00.000Z', duration_seconds: 100 + 10 * n }),
      ];
    }).flat(),
  );
}

/** A figure someone can read: the finest cells it sums, and whether the partner saw it. */
interface Figure {
  shape: string;
  label: string;
  cells: string[];
  /** The admin's value (the truth). */
  value: number;
  visible: boolean;
}

/** Whether `target` (0/1 over the finest cells) is a linear combination of `rows`: rank test, Gaussian elimination. */
function inSpan(rows: number[][], target: number[]): boolean {
  const rank = (m: number[][]) => {
    const a = m.map((r) => [...r]);
    let r = 0;
    for (let c = 0; c < (a[0]?.length ?? 0) && r < a.length; c++) {
      let pivot = r;
      for (let i = r; i < a.length; i++) if (Math.abs(a[i][c]) > Math.abs(a[pivot][c])) pivot = i;
      if (Math.abs(a[pivot][c]) < 1e-9) continue;
      [a[r], a[pivot]] = [a[pivot], a[r]];
      for (let i = 0; i < a.length; i++) {
        if (i === r) continue;
        const f = a[i][c] / a[r][c];
        for (let j = c; j < a[i].length; j++) a[i][j] -= f * a[r][j];
      }
      r++;
    }
    return r;
  };
  return rows.length > 0 && rank([...rows, target]) === rank(rows);
}

/**
 * The audit: every figure the partner could not see that holds someone (in any shape) must not be
 * derivable from all the figures it did see, in every shape together (any sums and differences).
 */
function derivableHidden(figures: readonly Figure[], finest: readonly string[]): string[] {
  const vector = (f: Figure) => finest.map((c) => (f.cells.includes(c) ? 1 : 0));
  const seen = figures.filter((f) => f.visible).map(vector);
  return figures.filter((f) => !f.visible && f.value > 0 && inSpan(seen, vector(f))).map((f) => `${f.shape} ${f.label}`);
}

describe('differencing matrix: a total minus the visible parts never isolates one withheld group (partner views, k = 5)', () => {
  let engine: TestEngine;
  let t: TestServer;
  let partner: string;
  const ask = async (token: string, doc: string) => {
    const res = (await t.graphql(doc, undefined, { authorization: `Bearer ${token}` })) as Gql;
    expect(res.errors).toBeUndefined();
    return res.data!;
  };

  beforeAll(async () => {
    engine = await migratedEngine('privacy-differencing', { rateLimitPerMinute: 0 });
    t = await startTestServer(engine);
    const all = [...events(), ...crossEvents(), ...courseEvents(), ...quizEvents(), ...lessonEvents(), ...videoEvents(), ...soloEvents()];
    expect((await t.postEvents(toNdjson(all))).json).toMatchObject({ accepted: all.length, rejected: 0 });
    partner = await tokenFor('partner', COMPANY);
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  it('has a case for every query field with a breakdown or a series (from the schema)', () => {
    const found = breakdownAndSeriesFields();
    expect(found.length).toBeGreaterThanOrEqual(8);
    for (const name of found) expect({ name, covered: name in CASES || name in NOT_DIFFERENCED }).toEqual({ name, covered: true });
  });

  it('has a case for every query field whose caller names the groups (ids, eventTypes, a course, quiz or lesson id; from the schema)', () => {
    const found = callerChosenFields();
    expect(found).toEqual(expect.arrayContaining(['courses', 'courseEngagement', 'quizItems', 'videoEngagement', 'eventCounts']));
    for (const name of found) expect({ name, covered: name in CASES || name in NOT_DIFFERENCED }).toEqual({ name, covered: true });
  });

  const all = Object.values(CASES).flat();
  it.each(all.map((c) => [c.field, c] as const))('%s', async (_name, c) => {
    const token = c.company === undefined ? partner : await tokenFor('partner', c.company);
    const [admin, seen] = await Promise.all([ask(t.adminToken, c.doc(c.company ?? COMPANY)), ask(token, c.doc(''))]);
    const truth = c.read(admin);
    const shown = c.read(seen);
    // The attack is real on this data: the admin's parts add up to the total, and one group is small.
    const sum = [...truth.parts.values()].reduce((a: number, b) => a + (b ?? 0), 0);
    if (!/activeLearners/.test(c.field)) expect(Math.abs(sum - (truth.total ?? 0))).toBeLessThan(1e-6);
    expect(truth.parts.size).toBeGreaterThanOrEqual(3);
    // Parts the partner cannot see that hold something: never exactly one while the total is visible.
    const hidden = [...truth.parts].filter(([label, v]) => (v ?? 0) > 0 && (shown.parts.get(label) ?? null) === null).map(([label]) => label);
    if (shown.total !== null) expect({ hidden, count: hidden.length === 1 ? 1 : 'none or several' }).toEqual({ hidden, count: 'none or several' });
    // Visible parts are the admin's numbers.
    for (const [label, v] of shown.parts) if (v !== null) expect({ label, v }).toEqual({ label, v: truth.parts.get(label) });
  });

  it('courses: the complement of the lone small course is decided on every course of the company, so it is withheld however the courses are listed', async () => {
    const doc = `{ all: courses(ids: ${JSON.stringify(COURSE_IDS)}, period: ${PERIOD}) { id engagement { completions completionRate enrollments } }
                   a: courses(ids: ["A"], period: ${PERIOD}) { id engagement { completions enrollments } }
                   ea: courseEngagement(courseId: "A", period: ${PERIOD}) { completions }
                   listed: courses(period: ${PERIOD}, orderBy: COURSE_ID_ASC, limit: 2) { id engagement { completions } } }`;
    const seen = await ask(await tokenFor('partner', COURSE_CO), doc);
    const completions = (list: unknown) => Object.fromEntries(rows(list).map((r) => [r.id as string, (r.engagement as Row).completions]));
    // S (1 learner) and its complement A (10, ties by label before B); B and C are shown.
    expect(completions(seen.all)).toEqual({ A: null, B: 10, C: 12, S: null });
    expect(rows(seen.all).find((r) => r.id === 'A')!.engagement).toMatchObject({ completionRate: null, enrollments: null });
    expect(completions(seen.a)).toEqual({ A: null });
    expect((seen.ea as Row).completions).toBeNull();
    expect(completions(seen.listed)).toEqual({ A: null, B: 10 });
  });

  // NOT CLOSED (docs/privacy.md, "Beyond lines"): the complement A is chosen on the course line,
  // which does not see that A is the only course on each of its days. Kept as it.failing so the
  // attack stays reproducible; it fails (turn it into it) the day the decision sees the days.
  it.failing(
    'NOT CLOSED: courses next to the company series: a complement course alone on its days is given back by the company buckets (linear audit)',
    async () => {
      const ids = SOLO.map((c) => c.id);
      const doc = (c: string) =>
        `{ s: companyLearningSummary(companyId: "${SOLO_CO}", period: ${PERIOD}, granularity: DAY) { coursesCompleted series { bucket coursesCompleted } }
         all: courses(ids: ${JSON.stringify(ids)}, period: ${PERIOD}${co(c)}) { id engagement { completions series(granularity: DAY) { bucket completions } } } }`;
      const [admin, seen] = await Promise.all([ask(t.adminToken, doc(SOLO_CO)), ask(await tokenFor('partner', SOLO_CO), doc(''))]);
      const finest = SOLO.map((c) => `${c.id}/${c.day}`);
      const cellsOf = (course: string | null, day: string | null) =>
        SOLO.filter((c) => (course === null || c.id === course) && (day === null || c.day === day)).map((c) => `${c.id}/${c.day}`);
      const figures: Figure[] = [];
      const add = (shape: string, label: string, cells: string[], value: unknown, shown: unknown) => {
        if (cells.length > 0) figures.push({ shape, label, cells, value: value as number, visible: shown !== null && shown !== undefined });
      };
      const a = admin.s as Row;
      const v = seen.s as Row;
      add('company', 'total', cellsOf(null, null), a.coursesCompleted, v.coursesCompleted);
      rows(a.series).forEach((p, i) =>
        add('company series', p.bucket as string, cellsOf(null, p.bucket as string), p.coursesCompleted, rows(v.series)[i].coursesCompleted),
      );
      rows(admin.all).forEach((r, i) => {
        const shown = rows(seen.all)[i].engagement as Row;
        add('course', r.id as string, cellsOf(r.id as string, null), (r.engagement as Row).completions, shown.completions);
        rows((r.engagement as Row).series).forEach((p, j) =>
          add(
            'course series',
            `${r.id as string}/${p.bucket as string}`,
            cellsOf(r.id as string, p.bucket as string),
            p.completions,
            rows(shown.series)[j].completions,
          ),
        );
      });
      // The attack is real: S holds someone and is withheld.
      expect(figures.find((f) => f.shape === 'course' && f.label === 'S')).toMatchObject({ visible: false, value: 1 });
      expect(derivableHidden(figures, finest)).toEqual([]);
    },
  );

  describe('across shapes of the same question (one scope, period and filters)', () => {
    const finest = CROSS_CELLS.map((c) => `${c.country}/${c.course}`);
    const cellsOf = (country: string | null, course: string | null) =>
      CROSS_CELLS.filter((c) => (country === null || c.country === country) && (course === null || c.course === course)).map((c) => `${c.country}/${c.course}`);
    const P = '{ from: "2026-03-01", to: "2026-03-04" }';

    /** eventMetrics shapes: no groupBy, [country], [course_id], both in either order. */
    const SHAPES: { name: string; groupBy: string[]; cells: (group: string[]) => string[] }[] = [
      { name: 'total', groupBy: [], cells: () => cellsOf(null, null) },
      { name: 'country', groupBy: ['country'], cells: (g) => cellsOf(g[0], null) },
      { name: 'course', groupBy: ['course_id'], cells: (g) => cellsOf(null, g[0]) },
      { name: 'country,course', groupBy: ['country', 'course_id'], cells: (g) => cellsOf(g[0], g[1]) },
      { name: 'course,country', groupBy: ['course_id', 'country'], cells: (g) => cellsOf(g[1], g[0]) },
    ];
    const metricsDoc = (measure: string, eventType: string, company: string) =>
      `{ ${SHAPES.map((sh) => `${sh.name.replace(',', '_')}: eventMetrics(eventType: "${eventType}", period: ${P}, ${measure}, groupBy: ${JSON.stringify(sh.groupBy)}${co(company)}) { group value }`).join('\n')} }`;
    const metricsFigures = (admin: Record<string, unknown>, seen: Record<string, unknown>): Figure[] =>
      SHAPES.flatMap((sh) => {
        const key = sh.name.replace(',', '_');
        const shown = new Map(rows(seen[key]).map((r) => [JSON.stringify(r.group), r.value as number | null]));
        return rows(admin[key]).map((r) => ({
          shape: `eventMetrics ${sh.name}`,
          label: JSON.stringify(r.group),
          cells: sh.cells(r.group as string[]),
          value: r.value as number,
          visible: (shown.get(JSON.stringify(r.group)) ?? null) !== null,
        }));
      });

    it('eventMetrics by [country], [course_id], [country, course_id] and none: no withheld group is a combination of the visible figures', async () => {
      const measure = 'measure: SUM, property: "duration_seconds"';
      const [admin, seen] = await Promise.all([
        ask(t.adminToken, metricsDoc(measure, 'lesson.completed', CROSS)),
        ask(await tokenFor('partner', CROSS), metricsDoc(measure, 'lesson.completed', '')),
      ]);
      const figures = metricsFigures(admin, seen);
      // The attack is real: NG holds someone, and the admin's shapes add up.
      expect(figures.find((f) => f.shape === 'eventMetrics country' && f.label === '["NG"]')).toMatchObject({ visible: false });
      expect(figures.filter((f) => f.visible).length).toBeGreaterThanOrEqual(5);
      expect(derivableHidden(figures, finest)).toEqual([]);
      // The order of groupBy does not change what is withheld.
      const flip = (g: unknown) => JSON.stringify([...(g as string[])].reverse());
      expect(new Set(rows(seen.course_country).map((r) => `${flip(r.group)}=${r.value}`))).toEqual(
        new Set(rows(seen.country_course).map((r) => `${JSON.stringify(r.group)}=${r.value}`)),
      );
    });

    it('funnel breakdownBy COUNTRY next to eventMetrics UNIQUE_USERS by country (and by country and course) of its first step: nothing derivable', async () => {
      const funnelDoc = (company: string) =>
        `{ f: funnel(steps: [{ eventType: "course.enrolled" }, { eventType: "lesson.completed" }], period: ${P}, breakdownBy: COUNTRY${co(company)}) { steps { count } breakdown { value steps { count } } } }`;
      const measure = 'measure: UNIQUE_USERS';
      const partner = await tokenFor('partner', CROSS);
      const [adminF, seenF, admin, seen] = await Promise.all([
        ask(t.adminToken, funnelDoc(CROSS)),
        ask(partner, funnelDoc('')),
        ask(t.adminToken, metricsDoc(measure, 'course.enrolled', CROSS)),
        ask(partner, metricsDoc(measure, 'course.enrolled', '')),
      ]);
      const shownF = new Map(rows((seenF.f as Row).breakdown).map((r) => [r.value as string, rows(r.steps)[0].count as number | null]));
      const funnelFigures: Figure[] = [
        {
          shape: 'funnel',
          label: 'total',
          cells: cellsOf(null, null),
          value: rows((adminF.f as Row).steps)[0].count as number,
          visible: rows((seenF.f as Row).steps)[0].count !== null,
        },
        ...rows((adminF.f as Row).breakdown).map((r) => ({
          shape: 'funnel breakdown',
          label: r.value as string,
          cells: cellsOf(r.value as string, null),
          value: rows(r.steps)[0].count as number,
          visible: (shownF.get(r.value as string) ?? null) !== null,
        })),
      ];
      const figures = [...funnelFigures, ...metricsFigures(admin, seen)];
      expect(funnelFigures.find((f) => f.label === 'NG')).toMatchObject({ visible: false });
      expect(derivableHidden(figures, finest)).toEqual([]);
    });

    it.each([
      ['courseId: "c1"'],
      ['where: [{ property: "track", value: "c1" }]'],
      // Restrictions eventMetrics cannot ask for, each satisfied by one value only in this data:
      // the same learners as the equality on that value.
      ['pagePrefix: "/enroll/c1"'],
      ['where: [{ property: "track", op: CONTAINS, value: "1" }]'],
      ['where: [{ property: "track", op: NEQ, value: "c2" }]'],
    ])(
      'funnel with %s on its first step, breakdownBy COUNTRY, next to eventMetrics by [country, course_id] and [course_id]: nothing derivable',
      async (restriction) => {
        // The funnel's groups are eventMetrics' (country, c1) cells: the same learners, asked two ways.
        const funnelDoc = (company: string) =>
          `{ f: funnel(steps: [{ eventType: "course.enrolled", ${restriction} }, { eventType: "lesson.completed", courseId: "c1" }], period: ${P}, breakdownBy: COUNTRY${co(company)}) { steps { count } breakdown { value steps { count } } } }`;
        const measure = 'measure: UNIQUE_USERS';
        const partner = await tokenFor('partner', CROSS);
        const [adminF, seenF, admin, seen] = await Promise.all([
          ask(t.adminToken, funnelDoc(CROSS)),
          ask(partner, funnelDoc('')),
          ask(t.adminToken, metricsDoc(measure, 'course.enrolled', CROSS)),
          ask(partner, metricsDoc(measure, 'course.enrolled', '')),
        ]);
        const shownF = new Map(rows((seenF.f as Row).breakdown).map((r) => [r.value as string, rows(r.steps)[0].count as number | null]));
        const funnelFigures: Figure[] = [
          {
            shape: 'funnel c1',
            label: 'total',
            cells: cellsOf(null, 'c1'),
            value: rows((adminF.f as Row).steps)[0].count as number,
            visible: rows((seenF.f as Row).steps)[0].count !== null,
          },
          ...rows((adminF.f as Row).breakdown).map((r) => ({
            shape: 'funnel c1 breakdown',
            label: r.value as string,
            cells: cellsOf(r.value as string, 'c1'),
            value: rows(r.steps)[0].count as number,
            visible: (shownF.get(r.value as string) ?? null) !== null,
          })),
        ];
        const figures = [...funnelFigures, ...metricsFigures(admin, seen)];
        expect(funnelFigures.find((f) => f.label === 'NG')).toMatchObject({ visible: false });
        expect(derivableHidden(figures, finest)).toEqual([]);
      },
    );
  });
});
