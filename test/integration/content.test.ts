import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, type TestServer } from '../helpers/http';

type Row = {
  kind: string;
  id: string;
  views: number;
  uniqueViewers: number;
  completions: number;
  averageTimeSeconds: number | null;
  averageScore: number | null;
};

describe('topContent (hand-built events, rollup_content)', () => {
  let engine: TestEngine;
  let t: TestServer;
  beforeAll(async () => {
    engine = await migratedEngine('content');
    t = await startTestServer(engine);
    const a = { course_id: 'course-A', company_id: 'c1' };
    const l1 = { ...a, lesson_id: 'L1' };
    const events = [
      anEvent({ type: 'course.viewed', user_id: 'u1', ...a }),
      { ...anEvent({ type: 'course.viewed', anonymous_id: 'a1', ...a }), user_id: undefined },
      anEvent({ type: 'lesson.started', user_id: 'u1', ...l1 }),
      anEvent({ type: 'lesson.progressed', user_id: 'u1', duration_seconds: 120, ...l1 }),
      anEvent({ type: 'lesson.completed', user_id: 'u1', duration_seconds: 300, score: 90, ...l1 }),
      anEvent({ type: 'course.completed', user_id: 'u2', ...a }),
      ...Array.from({ length: 4 }, () => anEvent({ type: 'course.viewed', user_id: 'u2', course_id: 'course-B', company_id: 'c2' })),
      // Enrolled but never viewed: not in the ranking.
      anEvent({ type: 'course.enrolled', user_id: 'u1', course_id: 'course-C', company_id: 'c1' }),
      anEvent({ type: 'page.viewed', user_id: 'u1', page: '/pricing', company_id: 'c1' }),
      { ...anEvent({ type: 'page.viewed', anonymous_id: 'a2', page: '/pricing' }), user_id: undefined },
      anEvent({ type: 'page.viewed', user_id: 'u1', page: '/home', company_id: 'c1' }),
      // 23:30 UTC on 03-03 is 03-04 in Lagos (UTC+1); 23:30 UTC on 02-28 is 03-01 there.
      anEvent({ type: 'course.viewed', user_id: 'u5', course_id: 'course-D', timestamp: '2026-03-03T23:30:00Z' }),
      anEvent({ type: 'course.viewed', user_id: 'u5', course_id: 'course-E', timestamp: '2026-02-28T23:30:00Z' }),
    ];
    expect((await t.postEvents(toNdjson(events))).json).toMatchObject({ accepted: events.length });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const PERIOD = 'period: { from: "2026-03-01", to: "2026-03-04" }';
  const top = async (args: string) => {
    const res = await t.graphql<{ topContent: Row[] }>(`{ topContent(${args}) { kind id views uniqueViewers completions averageTimeSeconds averageScore } }`);
    expect(res.errors).toBeUndefined();
    return res.data!.topContent;
  };
  const ids = (rows: Row[]) => rows.map((r) => `${r.id}=${r.views}`);
  const badInput = async (args: string) => {
    const res = await t.graphql(`{ topContent(${args}) { id } }`);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    return { message: res.errors![0].message, argumentName: res.errors![0].extensions!.argumentName };
  };

  it('ranks courses by views with viewers, completions, time per viewer and score', async () => {
    expect(await top(`${PERIOD}, kind: COURSE`)).toEqual([
      { kind: 'COURSE', id: 'course-B', views: 4, uniqueViewers: 1, completions: 0, averageTimeSeconds: 0, averageScore: null },
      // Views: 2 course.viewed + 1 lesson.started; viewers u1 and the anonymous a1; completions:
      // course.completed + lesson.completed; time: (120 + 300) s over 2 viewers.
      { kind: 'COURSE', id: 'course-A', views: 3, uniqueViewers: 2, completions: 2, averageTimeSeconds: 210, averageScore: 90 },
      { kind: 'COURSE', id: 'course-D', views: 1, uniqueViewers: 1, completions: 0, averageTimeSeconds: 0, averageScore: null },
    ]);
  });

  it('ranks lessons and pages', async () => {
    expect(await top(`${PERIOD}, kind: LESSON`)).toEqual([
      { kind: 'LESSON', id: 'L1', views: 1, uniqueViewers: 1, completions: 1, averageTimeSeconds: 420, averageScore: 90 },
    ]);
    expect(await top(`${PERIOD}, kind: PAGE`)).toEqual([
      { kind: 'PAGE', id: '/pricing', views: 2, uniqueViewers: 2, completions: 0, averageTimeSeconds: 0, averageScore: null },
      { kind: 'PAGE', id: '/home', views: 1, uniqueViewers: 1, completions: 0, averageTimeSeconds: 0, averageScore: null },
    ]);
  });

  it('cuts the period in its timezone, filters by company, honours limit', async () => {
    expect(ids(await top('period: { from: "2026-03-01", to: "2026-03-04", timezone: "Africa/Lagos" }, kind: COURSE'))).toEqual([
      'course-B=4',
      'course-A=3',
      'course-E=1',
    ]);
    expect(ids(await top(`${PERIOD}, kind: COURSE, companyId: "c1"`))).toEqual(['course-A=3']);
    expect(ids(await top(`${PERIOD}, kind: COURSE, limit: 1`))).toEqual(['course-B=4']);
  });

  it('treats SQL metacharacters as plain values or rejects them', async () => {
    const sent: { query: string; params: Record<string, unknown> }[] = [];
    const stop = engine.db.onQuery((e) => sent.push(e));
    for (const evil of ["' OR 1=1 --", '`rollup_content`', '{p1:String}', "properties.a'); DROP"]) {
      expect(await top(`${PERIOD}, kind: PAGE, companyId: ${JSON.stringify(evil)}`)).toEqual([]);
      // kind is an enum: anything else is refused by GraphQL validation.
      const res = await t.graphql(`query ($k: ContentKind!) { topContent(${PERIOD}, kind: $k) { id } }`, { k: evil });
      expect(res.errors?.[0]?.message).toMatch(/Variable "\$k" got invalid value/);
    }
    stop();
    // The values that reached ClickHouse went out as bound parameters, never as query text.
    expect(sent.filter((e) => /OR 1=1|`|DROP/.test(e.query))).toEqual([]);
    expect(sent.some((e) => Object.values(e.params).includes('{p1:String}'))).toBe(true);
    expect(ids(await top(`${PERIOD}, kind: PAGE`))).toEqual(['/pricing=2', '/home=1']);
  });

  it('rejects bad arguments before querying, naming the argument', async () => {
    expect(await badInput(`${PERIOD}, kind: COURSE, limit: 0`)).toMatchObject({ argumentName: 'limit', message: 'limit: must be between 1 and 1000, got 0' });
    expect(await badInput(`${PERIOD}, kind: COURSE, limit: 5000`)).toMatchObject({ argumentName: 'limit' });
    expect(await badInput('period: { from: "2026-03-05", to: "2026-03-01" }, kind: COURSE')).toMatchObject({ argumentName: 'period' });
    expect(await badInput('period: { from: "1970-01-01", to: "1970-01-04", timezone: "Africa/Monrovia" }, kind: COURSE')).toMatchObject({
      argumentName: 'period.timezone',
    });
  });
});
