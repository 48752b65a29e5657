import { EVENT_CATALOGUE } from '../../src/domain/event';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';

/**
 * Issue 15 part 6, on the real engine: the eventTypes query, warnings with a did-you-mean for
 * event types nobody ever stored, ingest warnings for near-catalogue types, and scalar errors
 * that name the argument and the format.
 */

type Warning = { code: string; argument: string; value: string; didYouMean: string | null; message: string; path: (string | number)[] };
type Answer = {
  status: number;
  data?: Record<string, unknown>;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: { warnings?: Warning[] };
};

const CATALOGUE_SIZE = Object.keys(EVENT_CATALOGUE).length;
const PERIOD = '{ from: "2026-03-01", to: "2026-03-08" }';

describe('discoverability and typos', () => {
  let engine: TestEngine;
  let t: TestServer;
  let ingestAnswer: { status: number; json: Record<string, unknown> };
  beforeAll(async () => {
    engine = await migratedEngine('discoverability');
    t = await startTestServer(engine);
    const at = '2026-03-02T10:00:00Z';
    const events = [
      anEvent({ type: 'course.viewed', user_id: 'u1', course_id: 'c1', company_id: 'company-01', timestamp: at }),
      anEvent({ type: 'course.viewed', user_id: 'u2', course_id: 'c1', company_id: 'company-01', timestamp: at }),
      anEvent({ type: 'course.enrolled', user_id: 'u1', course_id: 'c1', company_id: 'company-01', timestamp: '2026-03-02T11:00:00Z' }),
      anEvent({ type: 'lesson.complted', user_id: 'u1', course_id: 'c1', lesson_id: 'l1', company_id: 'company-01', timestamp: at }),
      anEvent({ type: 'lesson.complted', user_id: 'u2', course_id: 'c1', lesson_id: 'l1', company_id: 'company-01', timestamp: at }),
      anEvent({ type: 'webinar.joined', user_id: 'u1', company_id: 'company-02', timestamp: at }),
    ];
    ingestAnswer = await t.postEvents(toNdjson(events));
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  test('ingest stores a near-catalogue type and says which catalogue type it looks like', () => {
    expect(ingestAnswer.status).toBe(200);
    expect(ingestAnswer.json).toMatchObject({ accepted: 6, rejected: 0 });
    const warnings = ingestAnswer.json.warnings as string[];
    expect(warnings).toEqual([
      '2 event(s) of type "lesson.complted" (line 4, 5) were stored as a custom type: did you mean the catalogue type "lesson.completed"? ' +
        'Catalogue metrics do not count "lesson.complted"; INGEST_STRICT=1 rejects types outside the catalogue.',
    ]);
    // A custom type far from every catalogue name is nobody's typo: no warning for webinar.joined.
    expect(warnings.join(' ')).not.toContain('webinar');
  });

  test('eventTypes lists the catalogue with its required fields, then the custom types seen, with counts', async () => {
    const res = await t.graphql<{ eventTypes: { type: string; catalogue: boolean; requiredFields: string[]; rule: string | null; count: number }[] }>(
      '{ eventTypes { type catalogue requiredFields rule count } }',
    );
    expect(res.errors).toBeUndefined();
    const types = res.data!.eventTypes;
    expect(types.filter((x) => x.catalogue)).toHaveLength(CATALOGUE_SIZE);
    expect(types.find((x) => x.type === 'lesson.completed')).toEqual({
      type: 'lesson.completed',
      catalogue: true,
      requiredFields: ['user_id', 'course_id', 'lesson_id'],
      rule: null,
      count: 0,
    });
    expect(types.find((x) => x.type === 'course.viewed')).toMatchObject({ catalogue: true, requiredFields: ['course_id'], count: 2 });
    expect(types.find((x) => x.type === 'page.viewed')?.rule).toBe('needs user_id or anonymous_id as well');
    // Custom types after the catalogue, most frequent first.
    expect(types.slice(CATALOGUE_SIZE)).toEqual([
      { type: 'lesson.complted', catalogue: false, requiredFields: [], rule: null, count: 2 },
      { type: 'webinar.joined', catalogue: false, requiredFields: [], rule: null, count: 1 },
    ]);

    // Scoped: company-01 never sent webinar.joined; a period without events counts zero everywhere.
    const scoped = await t.graphql<{ eventTypes: { type: string; count: number }[] }>('{ eventTypes(companyId: "company-01") { type count } }');
    expect(scoped.data!.eventTypes.map((x) => x.type)).not.toContain('webinar.joined');
    const empty = await t.graphql<{ eventTypes: { type: string; count: number }[] }>(
      '{ eventTypes(period: { from: "2026-04-01", to: "2026-04-02" }) { type count } }',
    );
    expect(empty.data!.eventTypes.every((x) => x.count === 0)).toBe(true);
  });

  test('a partner reads its own company only, counts about fewer than k learners withheld', async () => {
    const partner = await tokenFor('partner', 'company-02');
    const res = (await t.graphql('{ eventTypes { type count } }', undefined, { authorization: `Bearer ${partner}` })) as Answer;
    const types = res.data!.eventTypes as { type: string; count: number | null }[];
    expect(types.map((x) => x.type)).toContain('webinar.joined');
    expect(types.map((x) => x.type)).not.toContain('lesson.complted');
    // One learner is fewer than the default k = 5.
    expect(types.find((x) => x.type === 'webinar.joined')?.count).toBeNull();
  });

  test('a funnel step naming a type never stored answers zeros with a warning and a did-you-mean', async () => {
    const res = (await t.graphql(
      `{ f: funnel(period: ${PERIOD}, steps: [{ eventType: "course.viewd" }, { eventType: "course.enrolled" }]) { steps { count } } }`,
    )) as Answer;
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ f: { steps: [{ count: 0 }, { count: 0 }] } });
    expect(res.extensions?.warnings).toEqual([
      {
        code: 'UNKNOWN_EVENT_TYPE',
        argument: 'steps[0].eventType',
        value: 'course.viewd',
        didYouMean: 'course.viewed',
        message:
          'steps[0].eventType: no "course.viewd" events are stored and it is not a catalogue type, so its figures are zero; did you mean "course.viewed"?',
        path: ['f'],
      },
    ]);
  });

  test('no warning for catalogue types, stored custom types, or in a batch operation that named none', async () => {
    const ok = (await t.graphql(
      `{ funnel(period: ${PERIOD}, steps: [{ eventType: "course.viewed" }, { eventType: "lesson.complted" }, { eventType: "ui.clicked" }]) { steps { count } } }`,
    )) as Answer;
    expect(ok.errors).toBeUndefined();
    expect(ok.extensions?.warnings).toBeUndefined();

    const batch = await fetch(t.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` },
      body: JSON.stringify([
        { query: `{ eventMetrics(eventType: "webinar.joind", period: ${PERIOD}) { value } }` },
        { query: `{ eventMetrics(eventType: "webinar.joined", period: ${PERIOD}) { value } }` },
      ]),
    });
    const [first, second] = (await batch.json()) as Answer[];
    expect(first.extensions?.warnings).toMatchObject([
      { code: 'UNKNOWN_EVENT_TYPE', argument: 'eventType', value: 'webinar.joind', didYouMean: 'webinar.joined', path: ['eventMetrics'] },
    ]);
    expect(second.extensions?.warnings).toBeUndefined();
  });

  test("a partner gets no suggestion from another company's custom types", async () => {
    const partner = await tokenFor('partner', 'company-01');
    const res = (await t.graphql(`{ eventMetrics(eventType: "webinar.joind", period: ${PERIOD}) { value } }`, undefined, {
      authorization: `Bearer ${partner}`,
    })) as Answer;
    expect(res.extensions?.warnings).toMatchObject([{ value: 'webinar.joind', didYouMean: null }]);
    expect(res.extensions!.warnings![0].message).toContain('the eventTypes query lists the known types');
  });

  test('a Date written in the document: the error names the argument and the format', async () => {
    const res = await t.graphql('{ dau(period: { from: "2026/11/01", to: "2026-11-08" }) { date value } }');
    expect(res.status).toBe(400);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].message).toBe('Argument period.from of dau: Date must be a calendar day written YYYY-MM-DD, such as "2026-11-01"; got "2026/11/01"');
    expect(res.errors![0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', argumentName: 'period.from' });

    const day = await t.graphql('{ d: dau(period: { from: "2026-02-30", to: "2026-03-08", timezone: "Mars/Base" }) { date } }');
    expect(day.errors!.map((e) => e.message)).toEqual([
      'Argument period.from of d: Date must be a calendar day written YYYY-MM-DD, such as "2026-11-01"; got "2026-02-30", which is not a day of the calendar',
      'Argument period.timezone of d: TimeZone must be an IANA time zone name such as "UTC" or "Europe/Berlin"; got "Mars/Base"',
    ]);

    const nested = await t.graphql(
      `{ funnel(period: { from: "2026-03-01", to: 20260308 }, steps: [{ eventType: "a.b" }, { eventType: "c.d" }]) { overallConversion } }`,
    );
    expect(nested.errors![0].message).toBe('Argument period.to of funnel: Date must be a calendar day written YYYY-MM-DD, such as "2026-11-01"; got 20260308');
  });

  test('a Date sent as a variable: graphql-js names the variable and its path, the scalar the format', async () => {
    const res = await t.graphql('query Dau($period: PeriodInput!) { dau(period: $period) { date } }', { period: { from: '2026/11/01', to: '2026-11-08' } });
    expect(res.errors!.map((e) => e.message)).toEqual([
      'Variable "$period" got invalid value "2026/11/01" at "period.from"; Date must be a calendar day written YYYY-MM-DD, such as "2026-11-01"; got "2026/11/01"',
    ]);
  });
});
