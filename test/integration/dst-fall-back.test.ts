import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, type TestServer } from '../helpers/http';

/**
 * New York falls back from -04:00 to -05:00 at 02:00 on 2026-11-01, so the wall hour 01:00
 * happens twice: 05:00Z-06:00Z and 06:00Z-07:00Z. HOUR buckets label both "2026-11-01T01:00":
 * one bucket holding both hours' events, starting at the FIRST of them (05:00Z; it said 06:00Z).
 * Adelaide falls back at 03:00 on 2026-04-05 (+10:30 -> +09:30): its 02:00 is 15:30Z and 16:30Z.
 */
describe('HOUR buckets on a fall-back night', () => {
  let engine: TestEngine;
  let t: TestServer;
  beforeAll(async () => {
    engine = await migratedEngine('dst_fall_back');
    t = await startTestServer(engine);
    const at = (user: string, timestamp: string) => anEvent({ type: 'lesson.completed', user_id: user, timestamp });
    const res = await t.postEvents(
      toNdjson([
        at('u1', '2026-11-01T04:30:00Z'), // 00:30 -04:00
        at('u1', '2026-11-01T05:30:00Z'), // 01:30 -04:00 (first 01:00)
        at('u2', '2026-11-01T06:30:00Z'), // 01:30 -05:00 (second 01:00)
        at('u3', '2026-11-01T07:30:00Z'), // 02:30 -05:00
        at('u4', '2026-04-04T15:45:00Z'), // Adelaide 02:15 +10:30
        at('u5', '2026-04-04T16:45:00Z'), // Adelaide 02:15 +09:30
      ]),
    );
    expect(res.json).toMatchObject({ accepted: 6 });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const hours = async (timezone: string, from: string, to: string) => {
    const res = await t.graphql<{
      activeUsers: { bucket: string; start: string; value: number }[];
      eventCounts: { bucket: string; start: string; count: number }[];
    }>(
      `query($p: PeriodInput!) {
        activeUsers(period: $p, granularity: HOUR) { bucket start value }
        eventCounts(period: $p, granularity: HOUR, eventTypes: ["lesson.completed"]) { bucket start count }
      }`,
      { p: { from, to, timezone } },
    );
    expect(res.errors).toBeUndefined();
    return res.data!;
  };

  it('New York 2026-11-01 01:00 starts at 05:00Z and holds both 01:00 hours', async () => {
    const data = await hours('America/New_York', '2026-11-01', '2026-11-02');
    expect(data.activeUsers).toHaveLength(24);
    expect(data.activeUsers.slice(0, 3)).toEqual([
      { bucket: '2026-11-01T00:00', start: '2026-11-01T04:00:00.000Z', value: 1 },
      { bucket: '2026-11-01T01:00', start: '2026-11-01T05:00:00.000Z', value: 2 },
      { bucket: '2026-11-01T02:00', start: '2026-11-01T07:00:00.000Z', value: 1 },
    ]);
    expect(data.eventCounts.slice(0, 3)).toEqual([
      { bucket: '2026-11-01T00:00', start: '2026-11-01T04:00:00.000Z', count: 1 },
      { bucket: '2026-11-01T01:00', start: '2026-11-01T05:00:00.000Z', count: 2 },
      { bucket: '2026-11-01T02:00', start: '2026-11-01T07:00:00.000Z', count: 1 },
    ]);
  });

  it('Adelaide 2026-04-05 02:00 starts at 15:30Z and holds both 02:00 hours (a +09:30/+10:30 zone)', async () => {
    const data = await hours('Australia/Adelaide', '2026-04-05', '2026-04-06');
    expect(data.activeUsers).toHaveLength(24);
    expect(data.activeUsers[2]).toEqual({ bucket: '2026-04-05T02:00', start: '2026-04-04T15:30:00.000Z', value: 2 });
    expect(data.eventCounts[2]).toEqual({ bucket: '2026-04-05T02:00', start: '2026-04-04T15:30:00.000Z', count: 2 });
    expect(data.activeUsers[3]).toMatchObject({ bucket: '2026-04-05T03:00', start: '2026-04-04T17:30:00.000Z' });
  });
});
