import { loadConfig } from '../../src/config/config';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';
import { captureLogs, type CapturedLogs } from '../helpers/logs';

const COMPANY = 'company-07';
const PERIOD = '{ from: "2026-03-01", to: "2026-03-03" }';
const PARTNER_DAU = `query PartnerDau { dau(period: ${PERIOD}) { date value } }`;
const OTHER_COMPANY = `query OtherCompany { dau(companyId: "company-99", period: ${PERIOD}) { date value } }`;
const PING = 'query Ping { __typename }';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format, sample lines only: `name{a="x",b="y"} 1`. */
function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

/** The value of the one sample with exactly these labels; undefined when there is none. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === JSON.stringify(Object.entries(labels).sort()));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

async function post(url: string, token: string, query: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return {
    status: res.status,
    requestId: res.headers.get('x-request-id'),
    body: (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] },
  };
}

describe('observability: GET /metrics and the JSON logs', () => {
  let engine: TestEngine;
  let t: TestServer;
  let logs: CapturedLogs;
  const tokens: string[] = [];
  let dauRequestId: string;
  let samples: Sample[];

  beforeAll(async () => {
    // Read budget of 2 per token (so a third read is refused), every query "slow" (threshold 0 ms),
    // no privacy threshold (3 learners would be withheld from a partner otherwise).
    engine = await migratedEngine('observability', {
      rateLimitPerMinute: 2,
      rateLimitIngestPerMinute: 10,
      slowQueryMs: 0,
      logLevel: 'info',
      privacyMinLearners: 0,
    });
    logs = captureLogs(engine.config.logLevel);
    t = await startTestServer(engine, { logger: logs.logger });
    const partner = await tokenFor('partner', COMPANY);
    const analyst = await tokenFor('analyst');
    tokens.push(t.adminToken, partner, analyst);

    // Ingest: 3 good events and 1 bad one (no user_id on a type that needs it), then one of the good ones again.
    const good = ['u1', 'u2', 'u3'].map((user) =>
      anEvent({ type: 'user.logged_in', user_id: user, company_id: COMPANY, timestamp: '2026-03-02T09:00:00.000Z' }),
    );
    const bad = { ...anEvent({ type: 'user.logged_in', company_id: COMPANY }), user_id: undefined };
    const first = await t.postEvents(toNdjson([...good, bad]));
    expect(first.json).toMatchObject({ accepted: 3, rejected: 1, duplicates: 0 });
    const again = await t.postEvents(toNdjson([good[0]]));
    expect(again.json).toMatchObject({ accepted: 1, rejected: 0, duplicates: 1 });

    // GraphQL: the partner's dau (ok), another company's (FORBIDDEN), then the analyst over its budget.
    const dau = await post(t.server.url, partner, PARTNER_DAU);
    expect(dau.body).toEqual({
      data: {
        dau: [
          { date: '2026-03-01', value: 0 },
          { date: '2026-03-02', value: 3 },
        ],
      },
    });
    dauRequestId = dau.requestId!;
    expect((await post(t.server.url, partner, OTHER_COMPANY)).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const analystStatuses = [];
    for (let i = 0; i < 3; i++) analystStatuses.push((await post(t.server.url, analyst, PING)).status);
    expect(analystStatuses).toEqual([200, 200, 429]);

    const scrape = await fetch(`${t.base}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    samples = parseExposition(await scrape.text());
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  describe('/metrics', () => {
    it('counts events accepted, rejected and duplicate', () => {
      expect(valueOf(samples, 'learnmetrics_ingest_events_total', { result: 'accepted' })).toBe(4);
      expect(valueOf(samples, 'learnmetrics_ingest_events_total', { result: 'rejected' })).toBe(1);
      expect(valueOf(samples, 'learnmetrics_ingest_events_total', { result: 'duplicate' })).toBe(1);
    });

    it('counts GraphQL operations by name and outcome, with a duration histogram', () => {
      expect(valueOf(samples, 'learnmetrics_graphql_requests_total', { operation: 'PartnerDau', outcome: 'ok' })).toBe(1);
      expect(valueOf(samples, 'learnmetrics_graphql_requests_total', { operation: 'OtherCompany', outcome: 'FORBIDDEN' })).toBe(1);
      // The refused third Ping never reached GraphQL: it is counted as a rate limit rejection.
      expect(valueOf(samples, 'learnmetrics_graphql_requests_total', { operation: 'Ping', outcome: 'ok' })).toBe(2);
      expect(samples.filter((s) => s.name === 'learnmetrics_graphql_requests_total')).toHaveLength(3);
      expect(valueOf(samples, 'learnmetrics_graphql_request_duration_seconds_count', { operation: 'PartnerDau', outcome: 'ok' })).toBe(1);
      expect(valueOf(samples, 'learnmetrics_graphql_request_duration_seconds_bucket', { operation: 'PartnerDau', outcome: 'ok', le: '+Inf' })).toBe(1);
      expect(valueOf(samples, 'learnmetrics_graphql_request_duration_seconds_sum', { operation: 'PartnerDau', outcome: 'ok' })).toBeGreaterThan(0);
    });

    it('counts rate limit rejections by budget and role', () => {
      expect(valueOf(samples, 'learnmetrics_rate_limited_requests_total', { budget: 'graphql', role: 'analyst' })).toBe(1);
      expect(samples.filter((s) => s.name === 'learnmetrics_rate_limited_requests_total')).toHaveLength(1);
    });

    it('times ClickHouse statements by repository operation, never by query id', () => {
      const counts = Object.fromEntries(
        samples
          .filter((s) => s.name === 'learnmetrics_clickhouse_query_duration_seconds_count')
          .map((s) => [`${s.labels.operation} ${s.labels.outcome}`, s.value]),
      );
      // The first ingest's ids were new to the in-process filter (no lookup): inserted, then
      // recorded as received; the second's id was perhaps known: looked up, nothing to insert.
      expect(counts).toEqual({ 'ingest.recent_ids ok': 1, 'ingest.insert ok': 1, 'ingest.record_ids ok': 1, 'metrics.active_users.per_bucket ok': 1 });
      for (const s of samples.filter((x) => x.name.startsWith('learnmetrics_clickhouse_'))) {
        expect(Object.keys(s.labels).sort()).toEqual(s.name.endsWith('_bucket') ? ['le', 'operation', 'outcome'] : ['operation', 'outcome']);
        expect(s.labels.operation).not.toMatch(/:/);
      }
    });

    it("includes prom-client's default process metrics", () => {
      for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
        expect(samples.some((s) => s.name === name)).toBe(true);
      }
    });

    it('without METRICS_TOKEN answers loopback only: a request forwarded by a proxy is refused', async () => {
      const forwarded = await fetch(`${t.base}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(forwarded.status).toBe(403);
      expect(await forwarded.text()).not.toContain('learnmetrics_');
    });

    it('with METRICS_TOKEN requires it as a bearer token, from any address', async () => {
      const guarded = await startTestServer({ ...engine, config: { ...engine.config, logLevel: 'silent', metricsToken: 'scrape-secret-1234' } });
      try {
        expect((await fetch(`${guarded.base}/metrics`)).status).toBe(401);
        expect((await fetch(`${guarded.base}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
        expect((await fetch(`${guarded.base}/metrics`, { headers: { authorization: `Bearer ${guarded.adminToken}` } })).status).toBe(401);
        const ok = await fetch(`${guarded.base}/metrics`, { headers: { authorization: 'Bearer scrape-secret-1234', 'x-forwarded-for': '203.0.113.9' } });
        expect(ok.status).toBe(200);
        expect(await ok.text()).toContain('learnmetrics_ingest_events_total');
      } finally {
        await guarded.server.stop();
      }
    });

    it('keeps each server on its own registry (two servers in one process do not collide)', async () => {
      const other = await startTestServer({ ...engine, config: { ...engine.config, logLevel: 'silent' } });
      try {
        const text = await (await fetch(`${other.base}/metrics`)).text();
        expect(valueOf(parseExposition(text), 'learnmetrics_ingest_events_total', { result: 'accepted' })).toBe(0);
      } finally {
        await other.server.stop();
      }
    });
  });

  describe('logs', () => {
    it('writes one request line with request id, operation, role, company, status and duration', () => {
      const lines = logs.lines().filter((l) => l.requestId === dauRequestId && l.path === '/graphql');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 'info',
        method: 'POST',
        path: '/graphql',
        status: 200,
        operation: 'PartnerDau',
        role: 'partner',
        company: COMPANY,
        durationMs: expect.any(Number),
      });
      expect(lines[0].msg).toBe('POST /graphql 200');
      expect(typeof lines[0].time).toBe('string');
    });

    it('logs ingest and rate-limited requests with the viewer', () => {
      const requests = logs.lines().filter((l) => typeof l.status === 'number');
      expect(requests.filter((l) => l.path === '/v1/events')).toEqual([
        expect.objectContaining({ method: 'POST', status: 200, role: 'admin' }),
        expect.objectContaining({ method: 'POST', status: 200, role: 'admin' }),
      ]);
      expect(requests.filter((l) => l.status === 429)).toEqual([expect.objectContaining({ path: '/graphql', role: 'analyst', level: 'info' })]);
      expect(requests.find((l) => l.operation === 'OtherCompany')).toMatchObject({ role: 'partner', company: COMPANY, status: 403 });
      // Admin tokens carry no company.
      expect(requests.filter((l) => l.role === 'admin').every((l) => !('company' in l))).toBe(true);
    });

    it('never writes a token or the Authorization header', () => {
      const text = logs.text();
      expect(text.length).toBeGreaterThan(0);
      for (const token of tokens) {
        expect(text).not.toContain(token);
        // Not even a piece of one (its signature).
        expect(text).not.toContain(token.split('.')[2]);
      }
      expect(text).not.toMatch(/authorization|bearer/i);
    });

    it('logs a slow query (threshold 0 ms here) as a warn line with its query id, operation, duration and request id', () => {
      const slow = logs.lines().filter((l) => l.level === 'warn' && l.operation === 'metrics.active_users.per_bucket');
      expect(slow).toHaveLength(1);
      expect(slow[0]).toMatchObject({
        requestId: dauRequestId,
        slowQueryMs: 0,
        durationMs: expect.any(Number),
        queryId: expect.stringMatching(/^metrics\.active_users\.per_bucket:[0-9a-f-]{36}$/),
      });
      expect(slow[0].sql).toMatch(/FROM/);
      // The query id is in the log and nowhere in the metrics.
      expect(samples.some((s) => Object.values(s.labels).includes(slow[0].queryId as string))).toBe(false);
    });
  });
});

describe('observability configuration', () => {
  it('reads LOG_LEVEL, SLOW_QUERY_MS and METRICS_TOKEN', () => {
    expect(loadConfig({})).toMatchObject({ logLevel: 'info', slowQueryMs: 1000, metricsToken: undefined });
    expect(loadConfig({ LOG_LEVEL: 'silent', SLOW_QUERY_MS: '250', METRICS_TOKEN: 's3cret' })).toMatchObject({
      logLevel: 'silent',
      slowQueryMs: 250,
      metricsToken: 's3cret',
    });
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL=verbose is not a log level/);
    expect(() => loadConfig({ SLOW_QUERY_MS: '-1' })).toThrow(/SLOW_QUERY_MS/);
  });
});
