import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { RequestBudget } from '../../src/clickhouse/request-budget';
import { createServices } from '../../src/services';
import { startServer } from '../../src/server/app';
import { mintToken } from '../../src/auth/tokens';
import { openLab } from './common';
import { floodQuery } from '../serving.bench';

/** Where a deadline request's overshoot goes: timer lateness vs stop -> answer. Not part of npm run bench. */
const lateness: number[] = [];
const stopToFinish: number[] = [];
const stoppedAt = new WeakMap<RequestBudget, number>();
const origFinish = RequestBudget.prototype.finish;
RequestBudget.prototype.finish = function (this: RequestBudget) {
  const at = stoppedAt.get(this);
  if (at !== undefined) {
    stopToFinish.push(performance.now() - at);
    stoppedAt.delete(this);
  }
  return origFinish.call(this);
};
const origStop = RequestBudget.prototype.stop;
RequestBudget.prototype.stop = function (this: RequestBudget, reason) {
  if (reason === 'deadline' && !this.reason) {
    lateness.push(performance.now() - this.deadlineAt);
    stoppedAt.set(this, performance.now());
  }
  return origStop.call(this, reason);
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

async function main() {
  const lab = openLab({ events: Number(process.argv[2] ?? 1000000), data: '/tmp/serving-1m', sessions: 2 });
  const secret = randomBytes(32).toString('hex');
  const config = { ...lab.config, authJwtSecret: secret, rateLimitPerMinute: 0, rateLimitIngestPerMinute: 0 };
  const server = await startServer(
    createServices(lab.db, { ...config, serving: { ...config.serving, requestDeadlineSeconds: { ...config.serving.requestDeadlineSeconds, partner: 1 } } }),
    0,
  );
  const body = JSON.stringify({ query: floodQuery(4) });
  const post = async (token: string, signal?: AbortSignal) => {
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body, signal });
    const j = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    return j.errors?.[0]?.extensions?.code ?? 'ok';
  };
  const flooder = await mintToken(secret, { role: 'partner', companyId: 'company-02', ttl: '1h' });
  const deadliner = await mintToken(secret, { role: 'partner', companyId: 'company-03', ttl: '1h' });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const stop = new AbortController();
  const flood = Promise.all(
    Array.from({ length: 3 }, async () => {
      while (!stop.signal.aborted) await post(flooder, stop.signal).catch(() => undefined);
    }),
  );
  const total: number[] = [];
  const codes: Record<string, number> = {};
  for (let i = 0; i < Number(process.argv[3] ?? 20); i += 1) {
    const t = performance.now();
    const code = await post(deadliner);
    total.push(performance.now() - t - 1000);
    codes[code] = (codes[code] ?? 0) + 1;
  }
  stop.abort();
  await flood;
  console.log(
    JSON.stringify({
      load: os.loadavg()[0],
      codes,
      overshootMs: { p50: pct(total, 50), p99: pct(total, 99), max: Math.max(...total) },
      loopDelayMs: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      stopToFinishMs: { p50: pct(stopToFinish, 50), p99: pct(stopToFinish, 99), max: Math.max(...stopToFinish) },
      timerLateMs: { p50: pct(lateness, 50), p99: pct(lateness, 99), max: Math.max(...lateness) },
      total: total.map(Math.round),
      late: lateness.map(Math.round),
    }),
  );
  await server.stop();
  await lab.close();
  process.exit(0);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
