import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, type TestServer } from '../helpers/http';

type Revenue = {
  series: { bucket: string; start: string; currency: string; amount: string; payments: number }[];
  totals: { currency: string; amount: string; payments: number; failedPayments: number }[];
  subscriptionsActivated: number;
  subscriptionsCancelled: number;
};

describe('revenue (hand-built events, rollup_revenue)', () => {
  let engine: TestEngine;
  let t: TestServer;
  beforeAll(async () => {
    engine = await migratedEngine('revenue');
    t = await startTestServer(engine);
    const pay = (amount: string, currency: string, timestamp: string, company_id = 'c1', type = 'payment.succeeded') =>
      anEvent({ type, amount, currency, timestamp, company_id, source: 'billing' });
    const events = [
      // 0.1 + 0.2 is 0.30000000000000004 in floating point; the decimal sum is exactly 0.3.
      pay('0.1', 'USD', '2026-03-02T10:00:00Z', 'c2'),
      pay('0.2', 'USD', '2026-03-02T11:00:00Z'),
      pay('49.9', 'USD', '2026-03-03T10:00:00Z'),
      // 23:30 UTC on 03-03 is 03-04 in Lagos (UTC+1); 23:30 UTC on 02-28 is 03-01 there.
      pay('10', 'USD', '2026-03-03T23:30:00Z'),
      pay('20', 'USD', '2026-03-03T12:00:00Z', 'c1', 'payment.failed'),
      pay('100.0001', 'EUR', '2026-03-03T10:00:00Z'),
      pay('7', 'EUR', '2026-02-28T23:30:00Z', ''),
      pay('5', 'GBP', '2026-03-02T10:00:00Z', 'c2', 'payment.failed'),
      anEvent({ type: 'subscription.activated', timestamp: '2026-03-02T10:00:00Z', company_id: 'c1' }),
      anEvent({ type: 'subscription.activated', timestamp: '2026-03-02T12:00:00Z', company_id: 'c1' }),
      anEvent({ type: 'subscription.cancelled', timestamp: '2026-03-03T10:00:00Z', company_id: 'c2' }),
    ];
    expect((await t.postEvents(toNdjson(events))).json).toMatchObject({ accepted: events.length });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const PERIOD = 'period: { from: "2026-03-01", to: "2026-03-04" }';
  const revenue = async (args: string) => {
    const res = await t.graphql<{ revenue: Revenue }>(
      `{ revenue(${args}) { series { bucket start currency amount payments } totals { currency amount payments failedPayments } subscriptionsActivated subscriptionsCancelled } }`,
    );
    expect(res.errors).toBeUndefined();
    const r = res.data!.revenue;
    return {
      series: r.series.map((p) => `${p.bucket} ${p.currency} ${p.amount} x${p.payments}`),
      totals: r.totals.map((p) => `${p.currency} ${p.amount} x${p.payments} failed=${p.failedPayments}`),
      subscriptions: [r.subscriptionsActivated, r.subscriptionsCancelled],
      starts: r.series.map((p) => p.start),
    };
  };
  const badInput = async (args: string) => {
    const res = await t.graphql(`{ revenue(${args}) { subscriptionsActivated } }`);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    return { message: res.errors![0].message, argumentName: res.errors![0].extensions!.argumentName };
  };

  it('sums exact decimal amounts per day and currency, zero-filled for every currency with a payment', async () => {
    const r = await revenue(PERIOD);
    expect(r.totals).toEqual(['EUR 100.0001 x1 failed=0', 'GBP 0 x0 failed=1', 'USD 60.2 x4 failed=1']);
    expect(r.series).toEqual([
      '2026-03-01 EUR 0 x0',
      '2026-03-01 GBP 0 x0',
      '2026-03-01 USD 0 x0',
      '2026-03-02 EUR 0 x0',
      '2026-03-02 GBP 0 x0',
      '2026-03-02 USD 0.3 x2',
      '2026-03-03 EUR 100.0001 x1',
      '2026-03-03 GBP 0 x0',
      '2026-03-03 USD 59.9 x2',
    ]);
    expect(r.starts[0]).toBe('2026-03-01T00:00:00.000Z');
    expect(r.subscriptions).toEqual([2, 1]);
  });

  it('filters by currency (subscriptions are not), and always answers for the asked currency', async () => {
    const usd = await revenue(`${PERIOD}, currency: "USD"`);
    expect(usd.totals).toEqual(['USD 60.2 x4 failed=1']);
    expect(usd.series).toEqual(['2026-03-01 USD 0 x0', '2026-03-02 USD 0.3 x2', '2026-03-03 USD 59.9 x2']);
    expect(usd.subscriptions).toEqual([2, 1]);
    const jpy = await revenue(`${PERIOD}, currency: "JPY", granularity: MONTH`);
    expect(jpy.totals).toEqual(['JPY 0 x0 failed=0']);
    expect(jpy.series).toEqual(['2026-03-01 JPY 0 x0']);
  });

  it('cuts buckets in the period timezone', async () => {
    const r = await revenue('period: { from: "2026-03-01", to: "2026-03-04", timezone: "Africa/Lagos" }, currency: "EUR"');
    expect(r.totals).toEqual(['EUR 107.0001 x2 failed=0']);
    expect(r.series).toEqual(['2026-03-01 EUR 7 x1', '2026-03-02 EUR 0 x0', '2026-03-03 EUR 100.0001 x1']);
    expect(r.starts[0]).toBe('2026-02-28T23:00:00.000Z');
    const usd = await revenue('period: { from: "2026-03-01", to: "2026-03-04", timezone: "Africa/Lagos" }, currency: "USD"');
    expect(usd.totals).toEqual(['USD 50.2 x3 failed=1']);
  });

  it('filters by company', async () => {
    const r = await revenue(`${PERIOD}, companyId: "c1", granularity: MONTH`);
    expect(r.totals).toEqual(['EUR 100.0001 x1 failed=0', 'USD 60.1 x3 failed=1']);
    expect(r.series).toEqual(['2026-03-01 EUR 100.0001 x1', '2026-03-01 USD 60.1 x3']);
    expect(r.subscriptions).toEqual([2, 0]);
  });

  it('treats SQL metacharacters as plain values or rejects them', async () => {
    const sent: { query: string; params: Record<string, unknown> }[] = [];
    const stop = engine.db.onQuery((e) => sent.push(e));
    for (const evil of ["' OR 1=1 --", '`rollup_revenue`', '{p1:String}', "properties.a'); DROP"]) {
      expect(await revenue(`${PERIOD}, companyId: ${JSON.stringify(evil)}`)).toMatchObject({ totals: [], series: [], subscriptions: [0, 0] });
      expect(await badInput(`${PERIOD}, currency: ${JSON.stringify(evil)}`)).toMatchObject({ argumentName: 'currency' });
    }
    stop();
    // The values that reached ClickHouse went out as bound parameters, never as query text.
    expect(sent.filter((e) => /OR 1=1|`|DROP/.test(e.query))).toEqual([]);
    expect(sent.some((e) => Object.values(e.params).includes('{p1:String}'))).toBe(true);
    expect((await revenue(PERIOD)).totals).toHaveLength(3);
  });

  it('rejects bad arguments before querying, naming the argument', async () => {
    expect(await badInput(`${PERIOD}, currency: "usd"`)).toMatchObject({
      argumentName: 'currency',
      message: expect.stringMatching(/^currency: must be an ISO-4217 code/),
    });
    expect(await badInput(`${PERIOD}, currency: "US"`)).toMatchObject({ argumentName: 'currency' });
    expect(await badInput('period: { from: "2026-03-04", to: "2026-03-01" }')).toMatchObject({ argumentName: 'period' });
    expect(await badInput('period: { from: "2026-01-01", to: "2026-03-01" }, granularity: HOUR')).toMatchObject({ argumentName: 'period' });
  });
});
