import { loadServingConfig } from '../../src/config/serving-config';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';

/**
 * The answer cache on the real engine: a repeated question is answered without any ClickHouse
 * statement, an acknowledged ingest makes the next answer include the new event, viewers of
 * different companies never share an answer, and /metrics reports the hit ratio.
 */

const DAU = `query Dau($from: Date!, $to: Date!) { dau(period: { from: $from, to: $to }) { date value } }`;
const MARCH = { from: '2026-03-01', to: '2026-03-08' };

describe('answer cache', () => {
  let engine: TestEngine;
  let t: TestServer;
  let statements = 0;

  beforeAll(async () => {
    engine = await migratedEngine('answer_cache', { serving: { ...loadServingConfig({ ANSWER_CACHE: '1' }) }, privacyMinLearners: 0 });
    t = await startTestServer(engine);
    engine.db.onQuery(() => (statements += 1));
    const events = ['co-a', 'co-b'].flatMap((company, c) =>
      Array.from({ length: 3 + c }, (_, i) =>
        anEvent({ type: 'lesson.completed', user_id: `${company}-u${i}`, company_id: company, timestamp: '2026-03-02T10:00:00.000Z' }),
      ),
    );
    expect((await t.postEvents(toNdjson(events))).json).toMatchObject({ accepted: 7 });
  });

  afterAll(async () => {
    await t?.server.stop();
    await engine?.dispose();
  });

  const total = (data: unknown) => ((data as { dau: { value: number | null }[] }).dau ?? []).reduce((sum, d) => sum + (d.value ?? 0), 0);

  it('answers a repeated question from the cache: same answer, no ClickHouse statement', async () => {
    const first = await t.graphql(DAU, MARCH);
    expect(first.errors).toBeUndefined();
    expect(total(first.data)).toBe(7);
    const before = statements;
    const second = await t.graphql(DAU, MARCH);
    expect(statements).toBe(before);
    expect(second).toEqual(first);
    // Other variables are another question.
    await t.graphql(DAU, { ...MARCH, to: '2026-03-09' });
    expect(statements).toBeGreaterThan(before);
  });

  it('an acknowledged ingest invalidates: the next answer includes the new event', async () => {
    expect(total((await t.graphql(DAU, MARCH)).data)).toBe(7);
    const posted = await t.postEvents(
      toNdjson([anEvent({ type: 'lesson.completed', user_id: 'new-user', company_id: 'co-a', timestamp: '2026-03-03T10:00:00.000Z' })]),
    );
    expect(posted.json).toMatchObject({ accepted: 1 });
    const before = statements;
    const after = await t.graphql(DAU, MARCH);
    expect(statements).toBeGreaterThan(before);
    expect(total(after.data)).toBe(8);
  });

  it('never shares an answer between viewer scopes', async () => {
    const a = await t.graphql(DAU, MARCH, { authorization: `Bearer ${await tokenFor('partner', 'co-a')}` });
    const b = await t.graphql(DAU, MARCH, { authorization: `Bearer ${await tokenFor('partner', 'co-b')}` });
    expect(total(a.data)).toBe(4);
    expect(total(b.data)).toBe(4);
    const b2 = await t.graphql(DAU, MARCH, { authorization: `Bearer ${await tokenFor('partner', 'co-b')}` });
    expect(b2).toEqual(b);
    const admin = await t.graphql(DAU, MARCH);
    expect(total(admin.data)).toBe(8);
  });

  it('reports lookups and the hit ratio in /metrics', async () => {
    const text = await (await fetch(`${t.base}/metrics`)).text();
    const hits = Number(/learnmetrics_answer_cache_lookups\{result="hit"\} (\d+)/.exec(text)?.[1]);
    const misses = Number(/learnmetrics_answer_cache_lookups\{result="miss"\} (\d+)/.exec(text)?.[1]);
    expect(hits).toBeGreaterThanOrEqual(2);
    expect(misses).toBeGreaterThanOrEqual(4);
    const ratio = Number(/^learnmetrics_answer_cache_hit_ratio (\S+)$/m.exec(text)?.[1]);
    expect(ratio).toBeCloseTo(hits / (hits + misses), 6);
  });
});
