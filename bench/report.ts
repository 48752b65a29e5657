import fs from 'node:fs';
import path from 'node:path';
import { succeeded, type BenchResult } from './harness';

/** A stored run: bench/results/<timestamp>.json. */
export interface StoredResult extends BenchResult {
  command: string;
  /** Latency (ms) or throughput per measure, flat, for growth factors between sizes. */
  measures: Record<string, number>;
  growth?: Growth | null;
}

export interface Growth {
  from: { events: number; file: string };
  to: { events: number; file: string };
  /** value at the larger size / value at the smaller size, per measure. */
  factors: Record<string, number>;
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const x = (r: number) => `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}x`;
const int = (v: number) => Math.round(v).toLocaleString('en-US');
const met = (ok: boolean) => (ok ? '**met**' : '**not met**');

/** Every latency (ms, p50 unless named) and throughput of a run, keyed for comparing sizes. */
export function measuresOf(r: BenchResult): Record<string, number> {
  const m: Record<string, number> = {
    'ingest: HTTP events/s': r.ingest.httpEventsPerSecond,
    'ingest: raw insert events/s': r.ingest.rawEventsPerSecond,
    'ingest: engine work events/s': r.ingest.engineEventsPerSecond,
  };
  if (succeeded(r.graphqlOverhead)) {
    for (const o of r.graphqlOverhead) {
      m[`graphql ${o.name}: GraphQL p50`] = o.graphql.p50;
      m[`graphql ${o.name}: direct SQL p50`] = o.direct.p50;
    }
  }
  if (succeeded(r.rollupsVsRaw)) {
    for (const o of r.rollupsVsRaw) {
      m[`rollup ${o.name}: rollup p50`] = o.rollup.p50;
      m[`rollup ${o.name}: raw p50`] = o.raw.p50;
    }
  }
  if (succeeded(r.dataloader)) {
    m['dataloader: one request p50'] = r.dataloader.oneRequest.p50;
    m['dataloader: 50 parallel requests p50'] = r.dataloader.separateParallel.p50;
  }
  if (succeeded(r.concurrency)) {
    for (const c of r.concurrency) {
      m[`concurrency ${c.clients}: p99`] = c.latencyP99;
      m[`concurrency ${c.clients}: requests/s`] = c.requestsPerSecond;
    }
  }
  if ('questions' in r.postgres) {
    for (const q of r.postgres.questions) {
      m[`postgres ${q.question}: PostgreSQL p50`] = q.postgres.p50;
      m[`postgres ${q.question}: API p50`] = q.graphql.p50;
    }
  }
  if (r.dashboard && 'cold' in r.dashboard) {
    m['dashboard overview time to data: cold p50'] = r.dashboard.cold.p50;
    m['dashboard overview time to data: warm p50'] = r.dashboard.warm.p50;
  }
  return m;
}

/** Growth factors between this run and the latest stored run of the other headline size (1M <-> 10M). */
export function growthFrom(current: { generated: number; measures: Record<string, number>; file: string }, dir: string): Growth | null {
  const other = current.generated === 10_000_000 ? 1_000_000 : current.generated === 1_000_000 ? 10_000_000 : null;
  if (other === null || !fs.existsSync(dir)) return null;
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .reverse();
  for (const name of files) {
    const file = path.join(dir, name);
    if (path.resolve(file) === path.resolve(current.file)) continue;
    let stored: Partial<StoredResult>;
    try {
      stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<StoredResult>;
    } catch {
      continue;
    }
    if (stored.events?.generated !== other || !stored.measures) continue;
    const them = { generated: other, measures: stored.measures, file };
    const [small, large] = other < current.generated ? [them, current] : [current, them];
    const factors: Record<string, number> = {};
    for (const [key, value] of Object.entries(large.measures)) {
      const before = small.measures[key];
      if (before !== undefined && before > 0) factors[key] = value / before;
    }
    return { from: { events: small.generated, file: path.basename(small.file) }, to: { events: large.generated, file: path.basename(large.file) }, factors };
  }
  return null;
}

const failed = (what: string, f: { error: string }) => `**${what}**: FAILED: ${f.error}\n`;

/** The markdown tables: a headline of every ratio against its target, then one table per section. */
export function renderReport(r: StoredResult): string {
  const out: string[] = [];
  const mc = r.machine;
  out.push(
    `Machine: ${mc.cores} cores (${mc.cpu}), ${mc.memoryGiB} GiB, node ${mc.node}, ${mc.engine} ClickHouse ${mc.clickhouse}${mc.postgres ? `, PostgreSQL ${mc.postgres}` : ''}`,
  );
  out.push(
    `Data: ${int(r.events.total)} events (${int(r.events.generated)} generated with seed 1, + ${int(r.events.loginFormSteps)} login form steps, - ${int(r.events.repeatedIdsLeftOut)} repeated event ids), 90 days, 50 courses, 20 companies`,
  );
  out.push(`Command: \`${r.command}\``);
  if (r.loadAverage)
    out.push(
      `Load average (1 min) at the end of each phase, 2 cores: ${Object.entries(r.loadAverage)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  out.push('');

  const i = r.ingest;
  out.push('| target | measured | |');
  out.push('|---|---|---|');
  out.push(
    `| ingest: POST /v1/events / raw client insert >= 0.8 | ${i.ratio.toFixed(2)} (${int(i.httpEventsPerSecond)} vs ${int(i.rawEventsPerSecond)} events/s) | ${met(i.ratio >= 0.8)} |`,
  );
  if (succeeded(r.graphqlOverhead)) {
    const rollupServed = r.graphqlOverhead.filter((o) => o.servedBy === 'rollup');
    const worst = Math.max(...rollupServed.map((o) => o.ratioP50));
    out.push(
      `| GraphQL p50 / identical SQL <= 1.2x (rollup-served fields) | worst ${x(worst)} (${rollupServed.map((o) => `${o.name} ${x(o.ratioP50)}`).join(', ')}) | ${met(worst <= 1.2)} |`,
    );
  }
  if (succeeded(r.rollupsVsRaw)) {
    const slowest = Math.min(...r.rollupsVsRaw.map((o) => o.speedup));
    const allEqual = r.rollupsVsRaw.every((o) => o.equal);
    out.push(
      `| rollups >= 20x faster than raw, answers equal${r.events.generated >= 10_000_000 ? '' : ' (target is at 10M)'} | ${x(slowest)} to ${x(Math.max(...r.rollupsVsRaw.map((o) => o.speedup)))}; answers ${allEqual ? 'all equal' : 'DIFFER'} | ${met(slowest >= 20 && allEqual)} |`,
    );
  }
  if (r.rollupIngest && succeeded(r.rollupIngest)) {
    const i = r.rollupIngest;
    out.push(
      `| ingest throughput reduced <= 15% by the issue-11 rollups | ${(i.ratio * 100).toFixed(1)}% of without (CPU ${(i.cpuRatio * 100).toFixed(1)}%) | ${met(i.ratio >= 0.85)} |`,
    );
  }
  if (succeeded(r.dataloader)) {
    const d = r.dataloader;
    out.push(
      `| DataLoader: 50 courses in one request | ${d.queries.oneRequest} query vs ${d.queries.separateRequests} (50 requests); ${ms(d.oneRequest.p50)} vs ${ms(d.separateParallel.p50)} ms p50 | ${d.equal ? 'answers equal' : 'answers DIFFER'} |`,
    );
  }
  if (succeeded(r.concurrency)) {
    const errors = r.concurrency.reduce((a, c) => a + c.errors, 0);
    out.push(
      `| concurrency: errors = 0 at 1, 10, 50 clients | ${errors} errors; ${r.concurrency.map((c) => `${c.clients}: ${c.requestsPerSecond.toFixed(1)} req/s, p99 ${c.latencyP99} ms`).join('; ')} | ${met(errors === 0)} |`,
    );
  }
  if ('questions' in r.postgres) {
    const agree = r.postgres.questions.filter((q) => q.equal).length;
    out.push(
      `| versus PostgreSQL: same answers, time ratio | ${agree}/${r.postgres.questions.length} agree; PostgreSQL / API: ${r.postgres.questions.map((q) => `${q.question} ${x(q.speedup)}`).join(', ')} | |`,
    );
  }
  out.push('');

  out.push(
    `**1. Ingest** (first ${int(i.measured)} events; same rows, same tables and materialized views, a fresh database per path; ${i.slices} slices, each through every path in rotating order)`,
  );
  out.push('');
  out.push('| path | events/s | seconds | / raw |');
  out.push('|---|---|---|---|');
  out.push(
    `| POST /v1/events (NDJSON, batches of ${i.batchSize}, ${i.senders} senders) | ${int(i.httpEventsPerSecond)} | ${i.httpSeconds.toFixed(1)} | ${i.ratio.toFixed(2)} |`,
  );
  out.push(
    `| the ingest path's ClickHouse work alone (event_id lookup + idempotent insert) | ${int(i.engineEventsPerSecond)} | ${i.engineSeconds.toFixed(1)} | ${(i.engineEventsPerSecond / i.rawEventsPerSecond).toFixed(2)} |`,
  );
  out.push(`| raw @clickhouse/client insert (same batches and senders) | ${int(i.rawEventsPerSecond)} | ${i.rawSeconds.toFixed(1)} | 1.00 |`);
  out.push('');

  if (succeeded(r.graphqlOverhead)) {
    out.push('**2. GraphQL overhead** (GraphQL over HTTP vs the identical SQL and parameters through the client; ms)');
    out.push('');
    out.push('| field | served by | statements | GraphQL p50 / p95 | direct SQL p50 / p95 | ratio p50 / p95 |');
    out.push('|---|---|---|---|---|---|');
    for (const o of r.graphqlOverhead) {
      out.push(
        `| ${o.name} | ${o.servedBy} | ${o.statements.length} | ${ms(o.graphql.p50)} / ${ms(o.graphql.p95)} | ${ms(o.direct.p50)} / ${ms(o.direct.p95)} | ${x(o.ratioP50)} / ${x(o.ratioP95)} |`,
      );
    }
    out.push('');
  } else out.push(failed('2. GraphQL overhead', r.graphqlOverhead));

  if (succeeded(r.rollupsVsRaw)) {
    out.push("**3. Rollups vs raw events** (the API's rollup SQL vs SQL over raw events, both sent directly; ms p50)");
    out.push('');
    out.push('| metric (last 30 days) | rollup | raw | raw / rollup | answers |');
    out.push('|---|---|---|---|---|');
    for (const o of r.rollupsVsRaw)
      out.push(`| ${o.name} | ${ms(o.rollup.p50)} | ${ms(o.raw.p50)} | ${x(o.speedup)} | ${o.equal ? 'equal' : `DIFFER: ${o.differences.join('; ')}`} |`);
    out.push('');
    if (r.rollupSizes) {
      out.push(
        `Rollup sizes over the same 30 days (${int(r.rollupSizes.events)} raw events): ${r.rollupSizes.tables.map((t) => `${t.table} ${int(t.rows)} rows (${t.eventsPerRow.toFixed(1)} events per row, ${t.activeParts} parts)`).join('; ')}`,
      );
      out.push('');
    }
  } else out.push(failed('3. Rollups vs raw', r.rollupsVsRaw));

  if (r.rollupIngest) {
    if (succeeded(r.rollupIngest)) {
      const i = r.rollupIngest;
      out.push(
        `**3b. Ingest with the issue-11 rollups vs without** (${int(i.events)} events in ${i.batches} batches into two fresh databases, alternating; load ${i.load1.before.toFixed(1)} -> ${i.load1.after.toFixed(1)})`,
      );
      out.push('');
      out.push('| variant | events/s | CPU ms per batch |');
      out.push('|---|---|---|');
      out.push(`| without 0020-0029 (hourly views only) | ${int(i.eventsPerSecond.without)} | ${i.cpuMsPerBatch.without.toFixed(0)} |`);
      out.push(`| with 0020-0029 | ${int(i.eventsPerSecond.with)} | ${i.cpuMsPerBatch.with.toFixed(0)} |`);
      out.push(`| with / without | ${(i.ratio * 100).toFixed(1)}% | ${(i.cpuRatio * 100).toFixed(1)}% |`);
      out.push('');
    } else out.push(failed('3b. Ingest with the issue-11 rollups', r.rollupIngest));
  }

  if (r.learningFields) {
    if (succeeded(r.learningFields)) {
      const l = r.learningFields;
      out.push("**3c. Issue 14's learning fields** (admin, the bench course, the last 30 days; GraphQL p50, the statements each ran and where they read)");
      out.push('');
      out.push('| field | GraphQL p50 ms | statements (where they read) |');
      out.push('|---|---|---|');
      for (const f of l.fields) out.push(`| ${f.field} | ${ms(f.graphqlP50Ms)} | ${f.reads.join(', ')} |`);
      out.push('');
      out.push('| figure | rollup p50 ms | raw events p50 ms | raw / rollup | answers |');
      out.push('|---|---|---|---|---|');
      for (const o of l.rollupsVsRaw)
        out.push(`| ${o.figure} | ${ms(o.rollupP50Ms)} | ${ms(o.rawP50Ms)} | ${x(o.speedup)} | ${o.equal ? 'equal' : 'DIFFER'} |`);
      out.push('');
    } else out.push(failed("3c. Issue 14's learning fields", r.learningFields));
  }

  if (succeeded(r.dataloader)) {
    const d = r.dataloader;
    out.push(`**4. DataLoader** (${d.courses}-course dashboard; ms)`);
    out.push('');
    out.push('| | ClickHouse queries | p50 | p95 |');
    out.push('|---|---|---|---|');
    out.push(`| one request: courses(ids: ${d.courses} ids) { engagement } | ${d.queries.oneRequest} | ${ms(d.oneRequest.p50)} | ${ms(d.oneRequest.p95)} |`);
    out.push(`| ${d.courses} requests, all in flight | ${d.queries.separateRequests} | ${ms(d.separateParallel.p50)} | ${ms(d.separateParallel.p95)} |`);
    out.push(
      `| ${d.courses} requests, one after the other | ${d.queries.separateRequests} | ${ms(d.separateSequential.p50)} | ${ms(d.separateSequential.p95)} |`,
    );
    out.push('');
  } else out.push(failed('4. DataLoader', r.dataloader));

  if (succeeded(r.concurrency)) {
    out.push(
      `**5. Concurrency** (dashboard request: dau, activeUsersSummary, 50 courses, one company, campaigns; autocannon on loopback, ${r.options.concurrency.durationSeconds} s per level)`,
    );
    out.push('');
    out.push('| clients | requests/s | p50 ms | p99 ms | requests | errors |');
    out.push('|---|---|---|---|---|---|');
    for (const c of r.concurrency)
      out.push(`| ${c.clients} | ${c.requestsPerSecond.toFixed(1)} | ${c.latencyP50} | ${c.latencyP99} | ${c.requests} | ${c.errors} |`);
    out.push('');
  } else out.push(failed('5. Concurrency', r.concurrency));

  if ('questions' in r.postgres) {
    const p = r.postgres;
    out.push(
      `**6. Versus PostgreSQL** (the documented SQL on analytics_events; PostgreSQL ${p.settings.server_version}, shared_buffers ${p.settings.shared_buffers}, work_mem ${p.settings.work_mem}; loaded at ${int(p.load.eventsPerSecond)} events/s, then ${p.load.indexSeconds.toFixed(0)} s of indexes; ${(p.load.tableBytes / 2 ** 30).toFixed(2)} GiB with indexes)`,
    );
    out.push('');
    out.push('| question | PostgreSQL p50 ms | API (GraphQL) p50 ms | PostgreSQL / API | answers | API |');
    out.push('|---|---|---|---|---|---|');
    for (const q of p.questions)
      out.push(
        `| ${q.question} | ${ms(q.postgres.p50)} | ${ms(q.graphql.p50)} | ${x(q.speedup)} | ${q.equal ? 'agree' : `DIFFER: ${q.differences.join('; ')}`} | ${q.api} |`,
      );
    out.push('');
    for (const q of p.questions.filter((q) => q.note)) out.push(`- ${q.question}: ${q.note}`);
    out.push('');
    out.push(`Ordered login funnel (API only, by session, 1 h window): ${p.orderedLoginFunnel.map((s) => `${s.name} ${int(s.count)}`).join(' > ')}`);
    out.push('');
  } else if ('skipped' in r.postgres) {
    out.push(`**6. Versus PostgreSQL**: skipped (${r.postgres.skipped})`);
    out.push('');
  } else out.push(failed('6. Versus PostgreSQL', r.postgres));

  if (r.dashboard && 'cold' in r.dashboard) {
    const d = r.dashboard;
    out.push("**8. Dashboard** (admin overview in headless Chromium: navigation start to both panels showing data, from the page's own User Timing marks; ms)");
    out.push('');
    out.push('| visit | p50 | p95 | n |');
    out.push('|---|---|---|---|');
    out.push(`| first visit (fresh profile, empty cache) | ${ms(d.cold.p50)} | ${ms(d.cold.p95)} | ${d.cold.n} |`);
    out.push(`| reload (bundle cached) | ${ms(d.warm.p50)} | ${ms(d.warm.p95)} | ${d.warm.n} |`);
    out.push('');
  } else if (r.dashboard && 'skipped' in r.dashboard) {
    out.push(`**8. Dashboard**: skipped (${r.dashboard.skipped})`);
    out.push('');
  } else if (r.dashboard) out.push(failed('8. Dashboard', r.dashboard));

  if (r.growth) {
    const g = r.growth;
    out.push(
      `**7. Growth** from ${int(g.from.events)} to ${int(g.to.events)} generated events (${g.from.file} -> ${g.to.file}): value at the larger size / value at the smaller`,
    );
    out.push('');
    out.push('| measure | factor |');
    out.push('|---|---|');
    for (const [k, v] of Object.entries(g.factors)) out.push(`| ${k} | ${v.toFixed(2)} |`);
    out.push('');
  } else {
    out.push('**7. Growth**: needs stored results of both 1,000,000 and 10,000,000 events in bench/results/.');
    out.push('');
  }
  return out.join('\n');
}
