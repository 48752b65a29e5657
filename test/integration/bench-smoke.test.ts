import 'reflect-metadata';
import { runBench, succeeded, type BenchResult, type Failed } from '../../bench/harness';
import { dropDatabase, postgresUnavailable } from '../../bench/postgres-load';
import { noProgress } from '../../bench/progress';
import { measuresOf, renderReport } from '../../bench/report';
import { testConfig, uniqueDatabase } from '../helpers/engine';

/**
 * `npm run bench` is not part of `npm test` (it takes minutes to hours), but every section of
 * its harness runs here on a few thousand events with short timings, so it cannot rot:
 * ingest, GraphQL overhead, rollups vs raw (answers must be equal), DataLoader, concurrency
 * (no errors) and, when PostgreSQL answers on 127.0.0.1:5432, the PostgreSQL comparison.
 */
/** Seconds an admin request (and an autocannon request) may take here: the suite's own timeout bounds it. */
const SMOKE_DEADLINE_SECONDS = 600;

/**
 * Its own PostgreSQL database: the bench drops and recreates it WITH (FORCE), so two runs on one
 * machine (two checkouts, a developer's and CI's) sharing one name would cut each other off.
 */
const PG_DATABASE = `learnmetrics_bench_smoke_${process.pid}`;

describe('bench harness (smoke)', () => {
  let result: BenchResult;
  let pgSkip: string | null;

  beforeAll(async () => {
    const BASE_CONFIG = testConfig('bench');
    pgSkip = await postgresUnavailable();
    if (pgSkip) process.stderr.write(`bench smoke: PostgreSQL section skipped: ${pgSkip}\n`);
    result = await runBench({
      events: 3000,
      // 50 clients of one tenant (admin) queue more statements than the default per-tenant bound,
      // and a full queue answers 503 by design (tested in serving.test.ts); this smoke checks the
      // harness, so the bounds are lifted. So are the request deadlines (10 / 20 / 30 s, tested in
      // serving.test.ts): at a load of 30 on this 2-core machine, 50 concurrent dashboards, a
      // serving level's partner dashboards or one PostgreSQL-comparison request can take longer,
      // and this test checks answers, not speed. The serving section's own deadline part sets its
      // short partner deadline on top of these.
      config: {
        ...BASE_CONFIG,
        serving: {
          ...BASE_CONFIG.serving,
          queueMax: 1_000_000,
          queueMaxPerTenant: 1_000_000,
          requestDeadlineSeconds: { partner: SMOKE_DEADLINE_SECONDS, analyst: SMOKE_DEADLINE_SECONDS, admin: SMOKE_DEADLINE_SECONDS },
        },
      },
      databasePrefix: uniqueDatabase('bench'),
      ingestEvents: 2000,
      ingestSlice: 1000,
      batchSize: 500,
      senders: 2,
      repeat: { warmup: 0, min: 2, max: 2, budgetMs: 0 },
      postgresRepeat: { warmup: 0, min: 1, max: 1, budgetMs: 0 },
      concurrency: { levels: [1, 10, 50], durationSeconds: 2, requestsPerClient: 1, timeoutSeconds: SMOKE_DEADLINE_SECONDS },
      // Section 9 at its full size (3 levels x 2 caches, 2 flood rounds of 15 samples) took 75 s of
      // this file's 136 s; these sizes run every part of it (both caches, the flood, the deadline).
      // Its levels send concurrency.requestsPerClient dashboards per client, not 2 s of them (a
      // window's work grows with the machine's speed): with 3 samples per round and 2 s windows
      // the section took 17 s of CPU.
      serving: { levels: [1, 10], samples: 1, floodClients: 2 },
      postgres: pgSkip ? { skip: pgSkip } : { database: PG_DATABASE },
      progress: noProgress,
      log: () => {},
    });
  });

  afterAll(async () => {
    if (!pgSkip) await dropDatabase(PG_DATABASE);
  });

  it('times the first events on every ingest path and loads the rest', () => {
    expect(result.events.total).toBeGreaterThan(3000);
    expect(result.ingest).toMatchObject({ measured: 2000, loaded: result.events.total, slices: 2 });
    expect(result.ingest.ratio).toBeGreaterThan(0);
    expect(result.ingest.engineEventsPerSecond).toBeGreaterThan(0);
  });

  /** A section's measurements; a section that failed fails the test with its error. */
  const ok = <T extends object>(section: T | Failed): T => {
    if (!succeeded(section)) throw new Error(`section failed: ${section.error}`);
    return section;
  };

  it('times every GraphQL field against its replayed SQL', () => {
    expect(ok(result.graphqlOverhead).map((o) => o.name)).toEqual([
      'dau (30 days)',
      'courseEngagement',
      'funnel (4 steps)',
      'retention (8 weeks)',
      'companyLearningSummary',
    ]);
    for (const o of ok(result.graphqlOverhead)) {
      expect(o.statements.length).toBeGreaterThan(0);
      expect(o.graphql.p50).toBeGreaterThan(0);
      expect(o.direct.p50).toBeGreaterThan(0);
    }
  });

  it('answers every rollup-served metric exactly as the raw events do', () => {
    expect(ok(result.rollupsVsRaw).length).toBeGreaterThanOrEqual(9);
    for (const o of ok(result.rollupsVsRaw)) expect({ metric: o.name, differences: o.differences }).toEqual({ metric: o.name, differences: [] });
  });

  it("times issue 14's learning fields and answers each rollup-served one exactly as the raw events do", () => {
    const l = ok(result.learningFields!);
    expect(l.fields.map((f) => f.field)).toEqual(['courseProgress', 'learnersAtRisk', 'quizItems', 'videoEngagement', 'practiceProgress']);
    for (const f of l.fields) expect(f.reads.length).toBeGreaterThan(0);
    // Whole UTC days: every rollup the figures have is read, never raw events, but for quizItems' attempts.
    expect(l.fields.find((f) => f.field === 'practiceProgress')!.reads.every((r) => r.includes('(rollup_practice'))).toBe(true);
    expect(l.fields.find((f) => f.field === 'videoEngagement')!.reads.every((r) => r.includes('(rollup_video_viewers_daily)'))).toBe(true);
    expect(l.rollupsVsRaw.map((o) => o.figure)).toHaveLength(5);
    for (const o of l.rollupsVsRaw) expect({ figure: o.figure, equal: o.equal }).toEqual({ figure: o.figure, equal: true });
  });

  it('loads the 50-course dashboard in one query instead of 50', () => {
    expect(ok(result.dataloader).queries).toEqual({ oneRequest: 1, separateRequests: 50 });
    expect(ok(result.dataloader).equal).toBe(true);
  });

  it('serves 1, 10 and 50 concurrent dashboard clients without an error', () => {
    expect(ok(result.concurrency).map((c) => c.clients)).toEqual([1, 10, 50]);
    // Bounded by a count (one request per client), not a window: every client gets its answer.
    for (const c of ok(result.concurrency)) expect({ clients: c.clients, requests: c.requests }).toEqual({ clients: c.clients, requests: c.clients });
    for (const c of ok(result.concurrency)) expect(c.errors).toBe(0);
  });

  it('runs the serving section: both answer caches, the flood and the short deadline, without an error', () => {
    const serving = ok(result.serving ?? { error: 'serving section did not run' });
    expect(serving.levels.map((l) => `${l.clients} ${l.cache}`)).toEqual(['1 off', '1 on', '10 on', '10 off']);
    for (const l of serving.levels)
      expect({ level: `${l.clients} ${l.cache}`, requests: l.requests, errors: l.errors, codes: l.errorCodes }).toEqual({
        level: `${l.clients} ${l.cache}`,
        requests: l.clients,
        errors: 0,
        codes: {},
      });
    expect(serving.flood).toMatchObject({ samples: 2, floodClients: 2 });
    expect(serving.deadline.requests).toBe(2);
  });

  it('answers the documented PostgreSQL questions the same way (when PostgreSQL runs)', () => {
    if (pgSkip) return;
    const postgres = ok(result.postgres);
    if (!('questions' in postgres)) throw new Error('PostgreSQL section did not run');
    expect(postgres.questions.map((q) => q.question)).toEqual([
      'dailyActiveUsers',
      'sevenDayActiveUsers',
      'utmCampaigns',
      'loginFunnel',
      'courseCompletion',
      'loginFunnelSevenFunnels',
      'courseCompletionFunnels',
      'courseCompletionByCourse',
    ]);
    // courseCompletionByCourse is a faster formulation that is allowed to differ slightly (it does not check enrollments).
    for (const q of postgres.questions.filter((q) => q.question !== 'courseCompletionByCourse')) {
      expect({ question: q.question, differences: q.differences }).toEqual({ question: q.question, differences: [] });
    }
  });

  it('renders the report', () => {
    const report = renderReport({ ...result, command: 'smoke', measures: measuresOf(result), growth: null });
    expect(report).toContain('| target | measured |');
    expect(report).toContain('**5. Concurrency**');
    expect(report).toContain("**3c. Issue 14's learning fields**");
  });
});
