import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, type TestServer } from '../helpers/http';

type Row = { utmSource: string; utmMedium: string; utmCampaign: string; sessions: number; users: number; signups: number; enrollments: number };

describe('campaignPerformance (hand-built events, rollup_acquisition)', () => {
  let engine: TestEngine;
  let t: TestServer;
  beforeAll(async () => {
    engine = await migratedEngine('campaigns');
    t = await startTestServer(engine);
    const google = { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'spring' };
    const events = [
      anEvent({ type: 'user.registered', user_id: 'u1', session_id: 's1', company_id: 'c1', timestamp: '2026-03-02T10:00:00Z', ...google }),
      anEvent({ type: 'course.enrolled', user_id: 'u1', session_id: 's1', company_id: 'c1', timestamp: '2026-03-02T11:00:00Z', ...google }),
      // An anonymous visitor: a session, not a user.
      { ...anEvent({ type: 'page.viewed', anonymous_id: 'a1', session_id: 's2', timestamp: '2026-03-02T12:00:00Z', ...google }), user_id: undefined },
      // 23:30 UTC on 03-03 is already 03-04 in Lagos (UTC+1).
      anEvent({ type: 'course.enrolled', user_id: 'u2', session_id: 's3', company_id: 'c2', timestamp: '2026-03-03T23:30:00Z', ...google }),
      anEvent({
        type: 'user.registered',
        user_id: 'u3',
        session_id: 's4',
        company_id: 'c1',
        timestamp: '2026-03-02T09:00:00Z',
        utm_source: 'newsletter',
        utm_medium: 'email',
      }),
      // No session id: a user, no session.
      anEvent({ type: 'page.viewed', user_id: 'u4', timestamp: '2026-03-02T09:00:00Z', utm_source: 'facebook', utm_medium: 'social', utm_campaign: 'launch' }),
      // 23:30 UTC on 02-28 is 03-01 in Lagos: only in the Lagos period.
      anEvent({
        type: 'page.viewed',
        user_id: 'u5',
        session_id: 's5',
        timestamp: '2026-02-28T23:30:00Z',
        utm_source: 'twitter',
        utm_medium: 'social',
        utm_campaign: 'launch',
      }),
      // No utm_source: not campaign traffic.
      anEvent({ type: 'user.registered', user_id: 'u6', session_id: 's6', timestamp: '2026-03-02T09:00:00Z', utm_medium: 'cpc' }),
    ];
    expect((await t.postEvents(toNdjson(events))).json).toMatchObject({ accepted: 8 });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const PERIOD = 'period: { from: "2026-03-01", to: "2026-03-04" }';
  const campaigns = async (args: string) => {
    const res = await t.graphql<{ campaignPerformance: Row[] }>(
      `{ campaignPerformance(${args}) { utmSource utmMedium utmCampaign sessions users signups enrollments } }`,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.campaignPerformance.map(
      (r) => `${r.utmSource}/${r.utmMedium}/${r.utmCampaign} s=${r.sessions} u=${r.users} signups=${r.signups} enrol=${r.enrollments}`,
    );
  };
  const badInput = async (args: string) => {
    const res = await t.graphql(`{ campaignPerformance(${args}) { users } }`);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    return { message: res.errors![0].message, argumentName: res.errors![0].extensions!.argumentName };
  };

  it('reports sessions, users, signups and enrollments per campaign, most users first', async () => {
    expect(await campaigns(PERIOD)).toEqual([
      'google/cpc/spring s=3 u=2 signups=1 enrol=2',
      'newsletter/email/ s=1 u=1 signups=1 enrol=0',
      'facebook/social/launch s=0 u=1 signups=0 enrol=0',
    ]);
  });

  it('cuts the period in its timezone', async () => {
    expect(await campaigns('period: { from: "2026-03-01", to: "2026-03-04", timezone: "Africa/Lagos" }')).toEqual([
      'google/cpc/spring s=2 u=1 signups=1 enrol=1',
      'newsletter/email/ s=1 u=1 signups=1 enrol=0',
      'twitter/social/launch s=1 u=1 signups=0 enrol=0',
      'facebook/social/launch s=0 u=1 signups=0 enrol=0',
    ]);
  });

  it('filters by company and honours limit', async () => {
    expect(await campaigns(`${PERIOD}, companyId: "c1"`)).toEqual([
      'google/cpc/spring s=1 u=1 signups=1 enrol=1',
      'newsletter/email/ s=1 u=1 signups=1 enrol=0',
    ]);
    expect(await campaigns(`${PERIOD}, limit: 1`)).toEqual(['google/cpc/spring s=3 u=2 signups=1 enrol=2']);
  });

  it('treats SQL metacharacters in companyId as plain values', async () => {
    const sent: { query: string; params: Record<string, unknown> }[] = [];
    const stop = engine.db.onQuery((e) => sent.push(e));
    for (const evil of ["' OR 1=1 --", '`rollup_acquisition`', '{p1:String}', "properties.a'); DROP"]) {
      expect(await campaigns(`${PERIOD}, companyId: ${JSON.stringify(evil)}`)).toEqual([]);
    }
    stop();
    // The values that reached ClickHouse went out as bound parameters, never as query text.
    expect(sent.filter((e) => /OR 1=1|`|DROP/.test(e.query))).toEqual([]);
    expect(sent.some((e) => Object.values(e.params).includes('{p1:String}'))).toBe(true);
    expect(await campaigns(PERIOD)).toHaveLength(3);
  });

  it('rejects bad arguments before querying, naming the argument', async () => {
    expect(await badInput(`${PERIOD}, limit: 0`)).toMatchObject({ argumentName: 'limit', message: 'limit: must be between 1 and 1000, got 0' });
    expect(await badInput(`${PERIOD}, limit: 1001`)).toMatchObject({ argumentName: 'limit' });
    expect(await badInput('period: { from: "2026-03-04", to: "2026-03-04" }')).toMatchObject({ argumentName: 'period' });
    expect(await badInput('period: { from: "2024-01-01", to: "2026-01-01" }')).toMatchObject({
      argumentName: 'period',
      message: expect.stringMatching(/400-day limit/),
    });
  });
});
