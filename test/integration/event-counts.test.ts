import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, type TestServer } from '../helpers/http';

type Row = { bucket: string; start: string; eventType: string; count: number };

describe('eventCounts (hand-built events, rollup_event_counts)', () => {
  let engine: TestEngine;
  let t: TestServer;
  beforeAll(async () => {
    engine = await migratedEngine('event_counts');
    t = await startTestServer(engine);
    const events = [
      // 03:30 UTC on 03-02 is still 03-01 in New York (UTC-5).
      anEvent({ type: 'lesson.completed', user_id: 'u1', timestamp: '2026-03-02T03:30:00Z', company_id: 'c1' }),
      anEvent({ type: 'lesson.completed', user_id: 'u2', timestamp: '2026-03-02T12:00:00Z', company_id: 'c2' }),
      anEvent({ type: 'course.enrolled', user_id: 'u1', timestamp: '2026-03-02T23:30:00Z', company_id: 'c1' }),
      anEvent({ type: 'course.enrolled', user_id: 'u3', timestamp: '2026-03-03T10:00:00Z', company_id: 'c1' }),
      // Anonymous events count too (events, not users).
      { ...anEvent({ type: 'page.viewed', anonymous_id: 'a1', timestamp: '2026-03-03T10:00:00Z' }), user_id: undefined },
      // Outside the UTC period (inside the New York one).
      anEvent({ type: 'course.enrolled', user_id: 'u4', timestamp: '2026-03-04T00:00:00Z' }),
    ];
    expect((await t.postEvents(toNdjson(events))).json).toMatchObject({ accepted: 6 });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const counts = async (args: string) => {
    const res = await t.graphql<{ eventCounts: Row[] }>(`{ eventCounts(${args}) { bucket start eventType count } }`);
    expect(res.errors).toBeUndefined();
    return res.data!.eventCounts;
  };
  const short = (rows: Row[]) => rows.map((r) => `${r.bucket} ${r.eventType}=${r.count}`);
  const badInput = async (args: string) => {
    const res = await t.graphql(`{ eventCounts(${args}) { count } }`);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    return { message: res.errors![0].message, argumentName: res.errors![0].extensions!.argumentName };
  };
  const PERIOD = 'period: { from: "2026-03-01", to: "2026-03-04" }';

  it('counts events per day and type; without eventTypes only pairs that happened', async () => {
    const rows = await counts(PERIOD);
    expect(short(rows)).toEqual(['2026-03-02 course.enrolled=1', '2026-03-02 lesson.completed=2', '2026-03-03 course.enrolled=1', '2026-03-03 page.viewed=1']);
    expect(rows[0].start).toBe('2026-03-02T00:00:00.000Z');
  });

  it('zero-fills every bucket for the named types, types in alphabetical order', async () => {
    expect(short(await counts(`${PERIOD}, eventTypes: ["lesson.completed", "course.enrolled", "lesson.completed"]`))).toEqual([
      '2026-03-01 course.enrolled=0',
      '2026-03-01 lesson.completed=0',
      '2026-03-02 course.enrolled=1',
      '2026-03-02 lesson.completed=2',
      '2026-03-03 course.enrolled=1',
      '2026-03-03 lesson.completed=0',
    ]);
  });

  it('cuts buckets in the period timezone', async () => {
    const rows = await counts(
      'period: { from: "2026-03-01", to: "2026-03-04", timezone: "America/New_York" }, eventTypes: ["lesson.completed", "course.enrolled"]',
    );
    expect(short(rows)).toEqual([
      '2026-03-01 course.enrolled=0',
      '2026-03-01 lesson.completed=1',
      '2026-03-02 course.enrolled=1',
      '2026-03-02 lesson.completed=1',
      // u4's enrolment at 03-04 00:00 UTC is 19:00 on 03-03 in New York: inside this period.
      '2026-03-03 course.enrolled=2',
      '2026-03-03 lesson.completed=0',
    ]);
    expect(rows[0].start).toBe('2026-03-01T05:00:00.000Z');
  });

  it('supports other granularities and the company filter', async () => {
    expect(short(await counts(`${PERIOD}, granularity: MONTH`))).toEqual([
      '2026-03-01 course.enrolled=2',
      '2026-03-01 lesson.completed=2',
      '2026-03-01 page.viewed=1',
    ]);
    expect(short(await counts(`${PERIOD}, granularity: HOUR, eventTypes: ["course.enrolled"]`)).filter((r) => !r.endsWith('=0'))).toEqual([
      '2026-03-02T23:00 course.enrolled=1',
      '2026-03-03T10:00 course.enrolled=1',
    ]);
    expect(short(await counts(`${PERIOD}, companyId: "c1"`))).toEqual([
      '2026-03-02 course.enrolled=1',
      '2026-03-02 lesson.completed=1',
      '2026-03-03 course.enrolled=1',
    ]);
  });

  it('treats SQL metacharacters as plain values or rejects them, never runs them', async () => {
    const sent: { query: string; params: Record<string, unknown> }[] = [];
    const stop = engine.db.onQuery((e) => sent.push(e));
    for (const evil of ["' OR 1=1 --", '`events`', '{p1:String}', "properties.a'); DROP"]) {
      expect(await counts(`${PERIOD}, companyId: ${JSON.stringify(evil)}`)).toEqual([]);
      expect(await badInput(`${PERIOD}, eventTypes: [${JSON.stringify(evil)}]`)).toMatchObject({ argumentName: 'eventTypes[0]' });
    }
    stop();
    // The values that reached ClickHouse went out as bound parameters, never as query text.
    expect(sent.filter((e) => /OR 1=1|`|DROP/.test(e.query))).toEqual([]);
    expect(sent.some((e) => Object.values(e.params).includes('{p1:String}'))).toBe(true);
    expect(short(await counts(PERIOD))).toHaveLength(4);
  });

  it('rejects bad arguments before querying, naming the argument', async () => {
    expect(await badInput(`${PERIOD}, eventTypes: []`)).toMatchObject({ argumentName: 'eventTypes', message: expect.stringMatching(/^eventTypes: is empty/) });
    const many = JSON.stringify(Array.from({ length: 51 }, (_, i) => `custom.t${i}`));
    expect(await badInput(`${PERIOD}, eventTypes: ${many}`)).toMatchObject({ argumentName: 'eventTypes', message: expect.stringMatching(/at most 50/) });
    expect(await badInput(`${PERIOD}, eventTypes: ["Lesson.Completed"]`)).toMatchObject({ argumentName: 'eventTypes[0]' });
    expect(await badInput(`${PERIOD}, eventTypes: ["lesson"]`)).toMatchObject({ argumentName: 'eventTypes[0]' });
    expect(await badInput('period: { from: "2026-03-04", to: "2026-03-01" }')).toMatchObject({ argumentName: 'period' });
    expect(await badInput('period: { from: "2026-01-01", to: "2026-03-01" }, granularity: HOUR')).toMatchObject({
      argumentName: 'period',
      message: expect.stringMatching(/31-day limit at HOUR/),
    });
    expect(await badInput('period: { from: "1970-01-01", to: "1970-01-04", timezone: "Africa/Monrovia" }')).toMatchObject({ argumentName: 'period.timezone' });
  });
});
