import autocannon from 'autocannon';
import type { BenchContext } from './context';
import { BENCH_COMPANY, courseIds, LAST_30_DAYS } from './dataset';

/** What a dashboard page asks for in one request: active users, the 50-course table, a customer's learning and the campaigns. */
export const DASHBOARD_QUERY = `query Dashboard($period: PeriodInput!, $ids: [ID!]!, $company: ID!) {
  dau(period: $period) { date value }
  activeUsersSummary(period: $period) { dailyAverage weekly monthly stickiness }
  courses(ids: $ids, period: $period) { id engagement { enrollments completions activeLearners learningTimeSeconds lessonCompletions averageQuizScore quizPassRate completionRate } }
  companyLearningSummary(companyId: $company, period: $period) { activeLearners coursesCompleted learningTimeSeconds certificatesIssued }
  campaignPerformance(period: $period, limit: 20) { utmSource utmMedium utmCampaign users sessions signups enrollments }
}`;
export const DASHBOARD_VARIABLES = { period: LAST_30_DAYS, ids: courseIds(), company: BENCH_COMPANY };

export interface ConcurrencyMeasurement {
  clients: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  /** Connection errors + timeouts + non-2xx answers + answers that differ from the expected body. Must be 0. */
  errors: number;
  breakdown: { errors: number; timeouts: number; non2xx: number; mismatches: number };
}

/**
 * Concurrency: N dashboard clients on loopback for a bounded time, each sending the next
 * request as soon as the last one answered (autocannon connections). Every answer must be
 * byte-identical to a known good one (expectBody), so an error hidden in a 200 is counted.
 */
export async function benchConcurrency(
  ctx: BenchContext,
  options: { levels: number[]; durationSeconds: number; requestsPerClient?: number; timeoutSeconds?: number; workers?: number },
): Promise<ConcurrencyMeasurement[]> {
  const body = ctx.graphql.body(DASHBOARD_QUERY, DASHBOARD_VARIABLES);
  const first = await fetch(ctx.graphql.url, { method: 'POST', headers: ctx.graphql.headers, body });
  const expected = await first.text();
  if (!first.ok || expected.includes('"errors"')) throw new Error(`dashboard request failed: HTTP ${first.status} ${expected.slice(0, 300)}`);

  const out: ConcurrencyMeasurement[] = [];
  for (const clients of options.levels) {
    // A count instead of a duration when given: on a loaded machine one dashboard answer can take
    // longer than a short window, and autocannon does not count a request still in flight when
    // the window ends, so a smoke run bounded by time could see 0 answers without any error.
    const amount = options.requestsPerClient ? clients * options.requestsPerClient : undefined;
    ctx.log(`  concurrency: ${clients} client(s), ${amount ? `${amount} requests` : `${options.durationSeconds} s`}`);
    const r = await autocannon({
      url: ctx.graphql.url,
      method: 'POST',
      headers: ctx.graphql.headers,
      body,
      connections: clients,
      ...(amount ? { amount } : { duration: options.durationSeconds }),
      expectBody: expected,
      timeout: options.timeoutSeconds ?? 30,
      ...(options.workers ? { workers: options.workers } : {}),
    });
    const breakdown = { errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, mismatches: r.mismatches ?? 0 };
    out.push({
      clients,
      durationSeconds: amount ? r.duration : options.durationSeconds,
      requests: r.requests.total,
      requestsPerSecond: r.requests.average,
      latencyP50: r.latency.p50,
      latencyP99: r.latency.p99,
      errors: breakdown.errors + breakdown.non2xx + breakdown.mismatches,
      breakdown,
    });
  }
  return out;
}
