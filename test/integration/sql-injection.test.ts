import {
  getNamedType,
  getNullableType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import type { QueryEvent } from '../../src/clickhouse/client';
import { sql, type SqlRendering } from '../../src/clickhouse/sql';
import { buildGraphQLSchema } from '../../src/graphql/build-schema';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, type TestServer } from '../helpers/http';
import { queryFieldNames } from '../helpers/withheld';

/**
 * SQL metacharacters and ClickHouse syntax in EVERY string argument of every query field (the
 * schema is walked: arguments, list elements and fields of nested inputs whose type is String,
 * ID or a string scalar such as Date and TimeZone). Each answer is a validation error
 * (BAD_USER_INPUT) or a plain value that matches nothing but itself: the same answer as a
 * harmless unknown value, with the payload echoed where the value is echoed. The SQL text sent
 * to ClickHouse is the same as for the harmless value (values travel as parameters), and the
 * events table is still there with the same rows afterwards.
 *
 * All of it runs on both renderings of the `sql` tag: `params` (values as query_params) and
 * `literals` (values as escaped literals in the text, for the embedded engine's parallel
 * sessions). With literals the payload IS in the text sent, so there the proof is ClickHouse's own
 * parser: the sent statement's syntax tree (EXPLAIN AST, literal values masked) is the same tree
 * as for the harmless value.
 */

const RENDERINGS: SqlRendering[] = ['params', 'literals'];

/** The syntax tree ClickHouse parses from `query`, every literal's value masked: what the statement does, not which values it carries. */
async function shapeOf(engine: TestEngine, query: string): Promise<string> {
  // As a subquery, so the client's trailing FORMAT belongs to the outer SELECT, not to the
  // statement explained; the newline ends a trailing `--` comment of a broken statement.
  const result = await engine.db.client.query({ query: `SELECT explain FROM (EXPLAIN AST ${query}\n)`, format: 'JSONEachRow' });
  const lines = (await result.json()) as { explain: string }[];
  return lines.map((l) => l.explain.replace(/^(\s*)Literal .*$/, '$1Literal')).join('\n');
}

const PERIOD = { from: '2026-03-01', to: '2026-03-08', timezone: 'UTC' };

/** A valid call of every query field, as variables; the walk replaces one string at a time. */
const BASE: Record<string, Record<string, unknown>> = {
  activeUsers: { period: PERIOD, companyId: 'co-a' },
  activeUsersSummary: { period: PERIOD, companyId: 'co-a' },
  campaignPerformance: { period: PERIOD, companyId: 'co-a' },
  companies: { period: PERIOD, ids: ['co-a'] },
  companyLearningSummary: { period: PERIOD, companyId: 'co-a' },
  courseEngagement: { period: PERIOD, courseId: 'course-001', companyId: 'co-a' },
  courses: { period: PERIOD, ids: ['course-001'], companyId: 'co-a' },
  courseProgress: { period: PERIOD, courseId: 'course-001', companyId: 'co-a' },
  learners: { courseId: 'course-001', companyId: 'co-a', asOf: '2026-03-03T00:00:00Z' },
  quizItems: { period: PERIOD, quizId: 'quiz-1', companyId: 'co-a' },
  videoEngagement: { period: PERIOD, lessonId: 'lesson-1', companyId: 'co-a' },
  practiceProgress: { period: PERIOD, companyId: 'co-a' },
  practiceLearners: { period: PERIOD, companyId: 'co-a', userId: 'u-1' },
  dau: { period: PERIOD, companyId: 'co-a', platform: 'web' },
  eventCounts: { period: PERIOD, companyId: 'co-a', eventTypes: ['course.enrolled'] },
  eventTypes: { period: PERIOD, companyId: 'co-a' },
  eventMetrics: {
    period: PERIOD,
    companyId: 'co-a',
    eventType: 'review.submitted',
    measure: 'AVG',
    property: 'properties.rating',
    groupBy: ['course_id', 'properties.tag'],
  },
  funnel: {
    period: PERIOD,
    companyId: 'co-a',
    steps: [
      {
        eventType: 'course.viewed',
        name: 'Viewed',
        courseId: 'course-001',
        lessonId: 'lesson-1',
        pagePrefix: '/courses',
        where: [{ property: 'tag', op: 'EQ', value: 'x' }],
      },
      { eventType: 'course.enrolled' },
    ],
  },
  learner: { userId: 'u1', companyId: 'co-a' },
  retention: { period: PERIOD, companyId: 'co-a', cohortEventType: 'user.registered', returnEventType: 'course.enrolled', granularity: 'DAY', periods: 2 },
  revenue: { period: PERIOD, companyId: 'co-a', currency: 'USD' },
  serverInfo: {},
  topContent: { period: PERIOD, companyId: 'co-a', kind: 'PAGE' },
};

/** Scalars that arrive as JSON strings. */
const STRING_SCALARS = new Set(['String', 'ID', 'Date', 'TimeZone', 'DateTime']);

type Segment = string | number;

/** Every path to a string leaf under an input type: list elements as index 0, input fields by name. */
function stringPaths(type: GraphQLInputType, path: Segment[]): Segment[][] {
  const t = getNullableType(type);
  if (isListType(t)) return stringPaths(t.ofType as GraphQLInputType, [...path, 0]);
  if (isInputObjectType(t)) return Object.values(t.getFields()).flatMap((f) => stringPaths(f.type, [...path, f.name]));
  if (isScalarType(t) && STRING_SCALARS.has(t.name)) return [path];
  return [];
}

function setAt(base: Record<string, unknown>, path: Segment[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(base);
  let node: Record<string | number, unknown> = copy;
  path.forEach((segment, i) => {
    if (i === path.length - 1) {
      node[segment] = value;
      return;
    }
    if (node[segment] === undefined || node[segment] === null) {
      // Only lists of strings may be created here (ids, eventTypes, groupBy); an input object
      // must be in BASE so the rest of it is valid.
      if (typeof path[i + 1] !== 'number' || i + 2 !== path.length) throw new Error(`BASE lacks ${path.slice(0, i + 1).join('.')}`);
      node[segment] = [];
    }
    node = node[segment] as Record<string | number, unknown>;
  });
  return copy;
}

/** Every field without required arguments, two object levels deep: enough to see every value (step names, echoed ids). */
function selection(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (isLeafType(named) || !isObjectType(named)) return '';
  const usable = Object.values(named.getFields()).filter((f) => f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined));
  const parts = usable.flatMap((f) => (isLeafType(getNamedType(f.type)) ? [f.name] : depth < 2 ? [`${f.name} ${selection(f.type, depth + 1)}`] : []));
  return `{ ${parts.join(' ')} }`;
}

const PAYLOADS: [string, string][] = [
  ['quote OR', "' OR 1=1 --"],
  ['double quote DROP', '"; DROP TABLE events; --'],
  ['parameter placeholder', '{p1:String}'],
  ['identifier placeholder', '{db:Identifier}'],
  ['backslash', '\\'],
  ['backtick', '`'],
  ['comma', ','],
  ['UNION', ') UNION ALL SELECT'],
  ['properties path breakout', "properties.a'); DROP"],
  ['concatenation', "'||version()||'"],
  ['comment and newline', "x' /* \n */ --\t"],
  ['10 KB', `${"'".repeat(10)}${'x'.repeat(10_230)}`],
  ['unicode', 'Ünïcødé 漢字 🚀 \u202e \u00a0 ß'],
];

/** Harmless strings that match nothing, of the shapes the validators accept (the reference answer). */
const MARKER = 'zz-no-match';

/** The answer with every string that is exactly `value` (an echo of the argument) replaced. */
function echoedAs(data: unknown, value: string, replacement: string): unknown {
  if (data === value) return replacement;
  if (Array.isArray(data)) return data.map((d) => echoedAs(d, value, replacement));
  if (data !== null && typeof data === 'object') return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, echoedAs(v, value, replacement)]));
  return data;
}

type Gql = { status: number; data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };

describe.each(RENDERINGS)('SQL metacharacters in every string argument (%s rendering)', (rendering) => {
  let engine: TestEngine;
  let t: TestServer;
  let seen: QueryEvent[] = [];
  let off: () => void;
  const countEvents = async () => Number((await engine.db.query<{ n: string }>('test.count', sql`SELECT count() AS n FROM ${engine.db.table('events')}`))[0].n);
  const tables = async () =>
    (await engine.db.query<{ name: string }>('test.tables', sql`SELECT name FROM system.tables WHERE database = ${engine.config.database} ORDER BY name`)).map(
      (r) => r.name,
    );
  let before: { events: number; tables: string[] };
  let shapesCompared = 0;

  beforeAll(async () => {
    engine = await migratedEngine('sql_injection', { rateLimitPerMinute: 0, sqlRendering: rendering });
    t = await startTestServer(engine);
    // Data an injected "match everything" would reveal.
    const events = ['co-a', 'co-b', ''].flatMap((company, i) => [
      anEvent({ type: 'user.registered', user_id: `u${i}`, company_id: company, timestamp: '2026-03-02T09:00:00Z', utm_source: 'newsletter' }),
      anEvent({ type: 'page.viewed', user_id: `u${i}`, company_id: company, page: '/courses/intro', timestamp: '2026-03-02T09:01:00Z' }),
      anEvent({ type: 'course.viewed', user_id: `u${i}`, company_id: company, timestamp: '2026-03-02T09:02:00Z', properties: { tag: 'x' } }),
      anEvent({ type: 'course.enrolled', user_id: `u${i}`, company_id: company, timestamp: '2026-03-02T09:03:00Z' }),
      anEvent({ type: 'review.submitted', user_id: `u${i}`, company_id: company, timestamp: '2026-03-02T09:04:00Z', properties: { rating: 5, tag: "a'b" } }),
      anEvent({ type: 'payment.succeeded', user_id: `u${i}`, company_id: company, timestamp: '2026-03-02T09:05:00Z' }),
    ]);
    expect((await t.postEvents(toNdjson(events))).json).toMatchObject({ accepted: events.length });
    before = { events: await countEvents(), tables: await tables() };
    off = engine.db.onQuery((e) => seen.push(e));
  });
  afterAll(async () => {
    off?.();
    await t.server.stop();
    await engine.dispose();
  });

  const schema = buildGraphQLSchema();
  const fields = schema.getQueryType()!.getFields();

  it('has a valid call for every query field', () => {
    expect(Object.keys(BASE).sort()).toEqual(queryFieldNames());
  });

  /** Runs one call and returns the answer and the SQL it sent. */
  const run = async (field: string, variables: Record<string, unknown>) => {
    const args = fields[field].args.filter((a) => variables[a.name] !== undefined);
    const declared = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
    const passed = args.map((a) => `${a.name}: $${a.name}`).join(', ');
    const query = `query Q${declared ? `(${declared})` : ''} { ${field}${passed ? `(${passed})` : ''} ${selection(fields[field].type)} }`;
    seen = [];
    const res = (await t.graphql(query, variables)) as Gql;
    return { res, queries: seen.splice(0) };
  };

  const cases = Object.keys(BASE)
    .sort()
    .flatMap((field) =>
      fields[field].args.flatMap((arg) => stringPaths(arg.type, [arg.name]).map((path) => [`${field}(${path.join('.')})`, field, path] as const)),
    );

  it('walks a good number of string arguments (every list element and nested input field)', () => {
    const names = cases.map(([name]) => name);
    expect(names).toEqual(
      expect.arrayContaining([
        'funnel(steps.0.eventType)',
        'funnel(steps.0.pagePrefix)',
        'funnel(steps.0.where.0.property)',
        'funnel(steps.0.where.0.value)',
        'companies(ids.0)',
        'eventMetrics(groupBy.0)',
        'learner(userId)',
        'dau(period.timezone)',
      ]),
    );
    expect(names.length).toBeGreaterThan(40);
  });

  describe.each(cases)('%s', (_name, field, path) => {
    let reference: { res: Gql; queries: QueryEvent[] };
    /** The tree of each reference statement, parsed once for all payloads (it does not depend on the payload). */
    const referenceShapes = new Map<string, Promise<string>>();
    const referenceShape = (sent: string) => {
      if (!referenceShapes.has(sent)) referenceShapes.set(sent, shapeOf(engine, sent));
      return referenceShapes.get(sent)!;
    };
    beforeAll(async () => {
      reference = await run(field, setAt(BASE[field], path, MARKER));
    });

    it.each(PAYLOADS)('%s: a validation error or a plain value matching only itself, never SQL', async (_label, payload) => {
      const { res, queries } = await run(field, setAt(BASE[field], path, payload));
      const texts = queries.map((q) => q.query);
      // Nothing the client sent is ever part of the SQL text (the placeholders are ours).
      for (const text of texts) if (!reference.queries.some((r) => r.query.includes(payload))) expect(text.includes(payload)).toBe(false);
      if (rendering === 'literals') {
        // The payload is inside the text sent, as a literal: each statement parses to the same
        // tree as the harmless value's statement with the same template (also when the answer
        // is a validation error raised after some statements ran).
        for (const q of queries) {
          const twin = reference.queries.find((r) => r.query === q.query);
          if (!twin) continue; // a template the harmless value never produced: the check above holds for it
          expect(await shapeOf(engine, q.sent)).toBe(await referenceShape(twin.sent));
          shapesCompared += 1;
        }
      }
      if (res.errors) {
        expect(res.errors.map((e) => e.extensions?.code)).toEqual(res.errors.map(() => 'BAD_USER_INPUT'));
        expect(res.data?.[field] ?? null).toBeNull();
        return;
      }
      // Accepted: the same SQL as for the harmless value, the payload only among the bound
      // values, and the same answer (where the value is echoed, it is echoed as sent).
      expect(reference.res.errors).toBeUndefined();
      expect([...texts].sort()).toEqual(reference.queries.map((q) => q.query).sort());
      // The value went to ClickHouse as a bound parameter, or (a label such as a step name) only
      // back to the client.
      const bound = queries.some((q) => Object.values(q.params).some((v) => v === payload || (Array.isArray(v) && v.includes(payload))));
      expect(bound || JSON.stringify(res.data).includes(JSON.stringify(payload).slice(1, -1))).toBe(true);
      expect(echoedAs(res.data, payload, MARKER)).toEqual(reference.res.data);
    });
  });

  it('compares syntax trees that tell a breakout from a value', async () => {
    expect(await shapeOf(engine, "SELECT 1 WHERE a = 'x'")).toBe(await shapeOf(engine, "SELECT 1 WHERE a = 'y\\' OR 1=1 --'"));
    expect(await shapeOf(engine, "SELECT 1 WHERE a = 'x'")).not.toBe(await shapeOf(engine, "SELECT 1 WHERE a = 'y' OR 1=1 --'"));
  });

  it('compared the syntax tree of every statement sent with literals', () => {
    if (rendering === 'literals')
      expect(shapesCompared).toBeGreaterThan(400); // 449 today: most payloads are validation errors before any SQL
    else expect(shapesCompared).toBe(0);
  });

  it('leaves the events table and every other table as they were', async () => {
    expect(await countEvents()).toBe(before.events);
    expect(await tables()).toEqual(before.tables);
    expect(before.tables).toContain('events');
  });

  it('the query text of a harmless call holds placeholders, never the value', async () => {
    const { queries } = await run('dau', { period: PERIOD, companyId: 'co-a', platform: 'web' });
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) {
      expect(q.query).not.toContain("'co-a'");
      expect(q.query).toMatch(/\{p\d+:String\}/);
      expect(Object.values(q.params)).toEqual(expect.arrayContaining(['co-a']));
      if (rendering === 'literals') expect(q.sent).toContain("'co-a'");
      else expect(q.sent).toBe(q.query);
    }
  });
});
