import os from 'node:os';
import type { Config } from '../src/config/config';
import { createServices } from '../src/services';
import { startServer, type RunningServer } from '../src/server/app';
import type { BenchContext } from './context';
import { DASHBOARD_QUERY } from './concurrency.bench';
import { COMPANIES, courseIds, DATA_END, LAST_7_DAYS } from './dataset';
import { benchToken } from './ingest.bench';
import { mintToken } from '../src/auth/tokens';

/**
 * Issue 11, serving (section 9): what the scheduler, the deadlines and the answer cache do.
 *
 * - Dashboards/s and p99 at 1, 10, 50 closed-loop clients, with the answer cache off and on (two
 *   servers on the same data, interleaved per level). Every client is its own tenant of the
 *   scheduler, as a real crowd of dashboards would be: even clients are partners of different
 *   companies (client 2k is company k+1 of 20; with 50 clients at most two share a company),
 *   odd clients are admins with their own token subject, and each request asks for a random one of
 *   8 periods (and an admin for a random one of the 20 companies). One shared token would make all
 *   clients one tenant, hitting its per-tenant queue bound (503s) and measuring that bound.
 * - Another tenant's cheap `dau` (7 days) p50 quiet vs during a partner flood (clients sending
 *   the issue's request: 8 aliased 20-step UNORDERED session funnels over the whole data set).
 * - Deadline overshoot: the flood request with a short partner deadline, during the flood:
 *   (answer time / deadline - 1), p50 / p99 / max over the requests that answered QUERY_TIMEOUT.
 */

export interface ServingLevel {
  clients: number;
  cache: 'off' | 'on';
  requests: number;
  dashboardsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** The errors by HTTP status and first GraphQL error code (e.g. `503 SERVER_BUSY`). */
  errorCodes: Record<string, number>;
  /** Distinct scheduler tenants among the clients (partner companies + admin subjects). */
  tenants: number;
}

export interface ServingMeasurement {
  levels: ServingLevel[];
  flood: {
    quietP50: number;
    floodP50: number;
    ratio: number;
    samples: number;
    floodClients: number;
    floodRequestsAnswered: number;
    floodOutcomes: Record<string, number>;
  };
  deadline: { deadlineSeconds: number; requests: number; timedOut: number; overshootP50: number; overshootP99: number; overshootMax: number };
  loadAverage: number[];
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

function periods(): { from: string; to: string }[] {
  // 8 windows of 30 days, ending 0, 3, ..., 21 days before the end of the data.
  const end = new Date(`${DATA_END}T00:00:00Z`).getTime();
  const day = 86_400_000;
  return Array.from({ length: 8 }, (_, i) => {
    const to = end - i * 3 * day;
    return { from: new Date(to - 30 * day).toISOString().slice(0, 10), to: new Date(to).toISOString().slice(0, 10) };
  });
}

const company = (i: number) => `company-${String(i + 1).padStart(2, '0')}`;

export const FLOOD_STEPS = [
  'course.viewed',
  'course.enrolled',
  'module.started',
  'lesson.started',
  'lesson.progressed',
  'lesson.completed',
  'module.completed',
  'quiz.started',
  'quiz.completed',
  'course.completed',
];
/** The issue's flood: 8 aliases x a 20-step UNORDERED session funnel over the whole data set (partner budget). */
export function floodQuery(aliases: number): string {
  const steps = Array.from({ length: 20 }, (_, i) => `{ eventType: "${FLOOD_STEPS[i % FLOOD_STEPS.length]}" }`).join(', ');
  const period = `{ from: "2025-09-02", to: "${DATA_END}" }`;
  const fields = Array.from(
    { length: aliases },
    (_, i) => `f${i}: funnel(period: ${period}, steps: [${steps}], mode: UNORDERED, countBy: SESSION, window: ${86_400 + i}) { overallConversion }`,
  );
  return `{ ${fields.join(' ')} }`;
}

async function post(url: string, token: string, body: string, signal?: AbortSignal): Promise<{ status: number; code?: string; ok: boolean }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body, signal });
  const text = await res.text();
  let code: string | undefined;
  try {
    const json = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
    code = json.errors?.[0]?.extensions?.code;
  } catch {
    code = 'UNPARSEABLE';
  }
  return { status: res.status, code, ok: res.ok && code === undefined };
}

/**
 * `clients` closed loops, client i sending `send(i)` again as soon as it answered, for `bound.seconds`
 * or `bound.requestsPerClient` requests each; failures counted by `status code`.
 */
async function closedLoop(
  clients: number,
  bound: { seconds: number; requestsPerClient?: number },
  send: (client: number) => Promise<{ status: number; code?: string; ok: boolean }>,
): Promise<{ latencies: number[]; errors: number; errorCodes: Record<string, number>; wall: number }> {
  const latencies: number[] = [];
  const errorCodes: Record<string, number> = {};
  let errors = 0;
  const started = performance.now();
  const until = started + bound.seconds * 1000;
  const more = (sent: number) => (bound.requestsPerClient ? sent < bound.requestsPerClient : performance.now() < until);
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let sent = 0; more(sent); sent += 1) {
        const t = performance.now();
        let key: string | undefined;
        try {
          const r = await send(client);
          if (!r.ok) key = `${r.status} ${r.code ?? ''}`.trim();
        } catch (error) {
          key = `fetch ${(error as Error).name}`;
        }
        latencies.push(performance.now() - t);
        if (key) {
          errors += 1;
          errorCodes[key] = (errorCodes[key] ?? 0) + 1;
        }
      }
    }),
  );
  return { latencies, errors, errorCodes, wall: (performance.now() - started) / 1000 };
}

interface DashboardClient {
  token: string;
  /** The tenant the scheduler sees (src/services.ts tenantOf). */
  tenant: string;
  /** A partner asks for its own company; an admin for any. */
  company?: string;
}

/** Client i: a partner of company (i/2 mod 20) + 1 when i is even, an admin with its own subject when odd. */
async function dashboardClients(secret: string, n: number): Promise<DashboardClient[]> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      if (i % 2 === 0) {
        const companyId = company(Math.floor(i / 2) % COMPANIES);
        return {
          token: await mintToken(secret, { role: 'partner', companyId, subject: `bench-partner-${i}`, ttl: '4h' }),
          tenant: `company:${companyId}`,
          company: companyId,
        };
      }
      const subject = `bench-admin-${i}`;
      return { token: await mintToken(secret, { role: 'admin', subject, ttl: '4h' }), tenant: `admin:${subject}` };
    }),
  );
}

export async function benchServing(
  ctx: Pick<BenchContext, 'db' | 'services' | 'log'>,
  options: {
    levels: number[];
    durationSeconds: number;
    /** A count per client instead of the duration when given (the smoke test: a window does work the count of which depends on the machine's speed). */
    requestsPerClient?: number;
    floodClients?: number;
    samples?: number;
    deadlineSeconds?: number;
  },
): Promise<ServingMeasurement> {
  const base: Config = ctx.services.config;
  const servers: RunningServer[] = [];
  const serve = async (serving: Partial<Config['serving']>) => {
    const server = await startServer(createServices(ctx.db, { ...base, serving: { ...base.serving, ...serving } }), 0);
    servers.push(server);
    return server.url;
  };
  const loadAverage: number[] = [];
  try {
    const off = await serve({ answerCacheMaxBytes: 0 });
    const on = await serve({ answerCacheMaxBytes: 64 * 1024 * 1024 });
    const deadlineSeconds = options.deadlineSeconds ?? 1;
    const short = await serve({ answerCacheMaxBytes: 0, requestDeadlineSeconds: { ...base.serving.requestDeadlineSeconds, partner: deadlineSeconds } });
    const ps = periods();
    const ids = courseIds();
    const clients = await dashboardClients(base.authJwtSecret!, Math.max(...options.levels));
    const dashboard = (client: DashboardClient) =>
      JSON.stringify({
        query: DASHBOARD_QUERY,
        variables: { period: ps[Math.floor(Math.random() * ps.length)], ids, company: client.company ?? company(Math.floor(Math.random() * COMPANIES)) },
      });
    // Every kind of client must get a dashboard at all (a partner's cost budget, field access), or the figures measure refusals.
    for (const client of [clients[0], clients[1]].filter(Boolean)) {
      const probe = await post(off, client.token, dashboard(client));
      if (!probe.ok) throw new Error(`dashboard probe for ${client.tenant} failed: HTTP ${probe.status} ${probe.code}`);
    }

    const levels: ServingLevel[] = [];
    for (const [i, n] of options.levels.entries()) {
      const order: ('off' | 'on')[] = i % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
      for (const cache of order) {
        const per = options.requestsPerClient;
        ctx.log(`  serving: ${n} client(s), answer cache ${cache}, ${per ? `${per} request(s) each` : `${options.durationSeconds} s`}`);
        const url = cache === 'on' ? on : off;
        const bound = { seconds: options.durationSeconds, requestsPerClient: per };
        const r = await closedLoop(n, bound, (c) => post(url, clients[c].token, dashboard(clients[c])));
        loadAverage.push(round(os.loadavg()[0]));
        levels.push({
          clients: n,
          cache,
          requests: r.latencies.length,
          dashboardsPerSecond: round((r.latencies.length - r.errors) / r.wall, 2),
          p50: round(pct(r.latencies, 50)),
          p99: round(pct(r.latencies, 99)),
          errors: r.errors,
          errorCodes: r.errorCodes,
          tenants: new Set(clients.slice(0, n).map((c) => c.tenant)).size,
        });
      }
    }

    // The flood: the issue's partner request, as many aliases as the partner budget allows.
    const flooder = await benchToken(ctx.services, 'partner', company(1));
    let aliases = 8;
    let floodBody = JSON.stringify({ query: floodQuery(aliases) });
    for (; aliases > 1; aliases -= 1) {
      floodBody = JSON.stringify({ query: floodQuery(aliases) });
      const probe = await post(off, flooder, floodBody);
      if (probe.code !== 'QUERY_TOO_COMPLEX') break;
    }
    const other = await benchToken(ctx.services, 'partner', company(2));
    const cheapBody = JSON.stringify({ query: `{ dau(period: { from: "${LAST_7_DAYS.from}", to: "${LAST_7_DAYS.to}" }) { date value } }` });
    const cheap = async () => {
      const t = performance.now();
      const r = await post(off, other, cheapBody);
      if (!r.ok) throw new Error(`cheap dau failed: HTTP ${r.status} ${r.code}`);
      return performance.now() - t;
    };
    const samples = options.samples ?? 15;
    const floodClients = options.floodClients ?? 4;
    const quiet: number[] = [];
    const flooded: number[] = [];
    const outcomes: Record<string, number> = {};
    const deadlineRuns: { ms: number; code?: string }[] = [];
    const deadliner = await benchToken(ctx.services, 'partner', company(3));
    for (let round_ = 0; round_ < 2; round_ += 1) {
      for (let i = 0; i < samples; i += 1) quiet.push(await cheap());
      ctx.log(`  serving: flood round ${round_ + 1} (${floodClients} clients x ${aliases} funnels)`);
      const stop = new AbortController();
      const flood = Promise.all(
        Array.from({ length: floodClients }, async () => {
          while (!stop.signal.aborted) {
            try {
              const r = await post(off, flooder, floodBody, stop.signal);
              const key = r.ok ? 'ok' : `${r.status} ${r.code}`;
              outcomes[key] = (outcomes[key] ?? 0) + 1;
            } catch {
              // aborted at the end of the round
            }
          }
        }),
      );
      for (let i = 0; i < samples; i += 1) {
        flooded.push(await cheap());
        const t = performance.now();
        const r = await post(short, deadliner, floodBody);
        deadlineRuns.push({ ms: performance.now() - t, code: r.code });
      }
      loadAverage.push(round(os.loadavg()[0]));
      stop.abort();
      await flood;
    }
    const quietP50 = pct(quiet, 50);
    const floodP50 = pct(flooded, 50);
    const timedOut = deadlineRuns.filter((r) => r.code === 'QUERY_TIMEOUT').map((r) => r.ms / (deadlineSeconds * 1000) - 1);
    return {
      levels,
      flood: {
        quietP50: round(quietP50),
        floodP50: round(floodP50),
        ratio: round(floodP50 / quietP50, 2),
        samples: quiet.length,
        floodClients,
        floodRequestsAnswered: Object.values(outcomes).reduce((a, b) => a + b, 0),
        floodOutcomes: outcomes,
      },
      deadline: {
        deadlineSeconds,
        requests: deadlineRuns.length,
        timedOut: timedOut.length,
        overshootP50: round(pct(timedOut, 50) * 100),
        overshootP99: round(pct(timedOut, 99) * 100),
        overshootMax: round(Math.max(...timedOut) * 100),
      },
      loadAverage,
    };
  } finally {
    for (const s of servers) await s.stop();
  }
}

/** The section as markdown (bench/report.ts has the other sections). */
export function renderServing(m: ServingMeasurement): string {
  const errors = (l: ServingLevel) => (l.errors === 0 ? '0' : `${l.errors} ${JSON.stringify(l.errorCodes ?? {})}`);
  const rows = m.levels.map(
    (l) => `| ${l.clients} | ${l.tenants ?? '?'} | ${l.cache} | ${l.dashboardsPerSecond} | ${l.p50} | ${l.p99} | ${l.requests} | ${errors(l)} |`,
  );
  return [
    '| clients | tenants | answer cache | dashboards/s | p50 ms | p99 ms | requests | errors |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Another tenant's dau (7 days): p50 quiet ${m.flood.quietP50} ms, during the flood ${m.flood.floodP50} ms (${m.flood.ratio}x); ${m.flood.floodClients} flood clients, flood answers ${JSON.stringify(m.flood.floodOutcomes)}.`,
    `Deadline ${m.deadline.deadlineSeconds} s: ${m.deadline.timedOut}/${m.deadline.requests} requests answered QUERY_TIMEOUT; overshoot p50 ${m.deadline.overshootP50}%, p99 ${m.deadline.overshootP99}%, max ${m.deadline.overshootMax}%.`,
    `Load average during the section: ${m.loadAverage.join(', ')}.`,
  ].join('\n');
}
