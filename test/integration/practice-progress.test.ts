import type { LearningEvent } from '../../src/domain/event';
import { RollupVerificationRepository } from '../../src/clickhouse/repositories/rollup-verification.repository';
import { generateEvents, postEventBatches, type GeneratorOptions } from '../../src/generator';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';
import { practiceLearners, practiceProgress } from '../oracle/practice-progress';

/**
 * practiceProgress and practiceLearners: exact numbers on hand-built sessions, and the oracle
 * (test/oracle/practice-progress.ts) on generated data, on the real engine over HTTP.
 */
const OPTIONS: GeneratorOptions = { events: 12_000, companies: 2, learners: 150, courses: 4, days: 45, seed: 7, end: new Date('2026-05-01T00:00:00Z') };
const GENERATED = { from: '2026-03-17', to: '2026-05-01' };
const HAND = '{ from: "2026-02-02", to: "2026-02-16" }';

function approx(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : expect.closeTo(value, 9);
  if (Array.isArray(value)) return value.map(approx);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, approx(v)]));
  return value;
}

const FIGURES = 'sessions learners averageScore practiceTimeSeconds averageDurationSeconds';
const PROGRESS = `${FIGURES} scoreProgression { bucket start ${FIGURES} } scenarios { scenarioId ${FIGURES} shareOfSessions progression { bucket start ${FIGURES} } } strengthAreas { criterion sessions learners averageScore } timeDistribution { fromSeconds toSeconds sessions share }`;
const LEARNER =
  'userId sessions averageScore firstScore lastScore scoreChange practiceTimeSeconds strengthAreas { criterion sessions averageScore } progression { bucket start sessions averageScore }';

describe('practice progress on the real engine', () => {
  let engine: TestEngine;
  let t: TestServer;
  let generated: LearningEvent[];
  const session = (user: string, day: number, score: number, duration: number, properties: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    anEvent({
      type: 'practice_session.completed',
      user_id: user,
      company_id: 'c1',
      course_id: '',
      score,
      duration_seconds: duration,
      properties,
      timestamp: `2026-02-${String(day).padStart(2, '0')}T10:00:00.000Z`,
      ...extra,
    });

  beforeAll(async () => {
    engine = await migratedEngine('practice_progress');
    t = await startTestServer(engine);
    const hand = [
      // Week of 02-02: u1 twice on "a", u2 once on "b".
      session('u1', 2, 50, 200, { scenario_id: 'a', criteria: { fluency: 60, grammar: 40 } }),
      session('u1', 3, 70, 700, { scenario_id: 'a', criteria: { fluency: 80, grammar: 'good', tone: true } }),
      session('u2', 4, 90, 3600, { scenario_id: 'b', criteria: { fluency: 90 } }),
      // Week of 02-09: u1 on "b"; a session without scenario or criteria.
      session('u1', 10, 80, 1000, { scenario_id: 'b', criteria: { grammar: 70 } }),
      session('u2', 11, 60, 0, { scenario_id: 7 }),
      // Outside the period, another company's period check is in the oracle test.
      session('u1', 20, 10, 100, { scenario_id: 'a' }),
    ];
    expect((await t.postEvents(toNdjson(hand))).json).toMatchObject({ accepted: hand.length, rejected: 0 });
    generated = [...generateEvents(OPTIONS)];
    const sent = await postEventBatches(generated, { url: `${t.base}/v1/events`, batchSize: 4000, concurrency: 1, seed: OPTIONS.seed, token: t.adminToken });
    expect(sent).toMatchObject({ accepted: OPTIONS.events, rejected: 0 });
  });
  afterAll(async () => {
    await t?.server.stop();
    await engine?.dispose();
  });

  const gql = async <T>(query: string, token?: string) => {
    const res = await t.graphql<T>(query, undefined, token ? { authorization: `Bearer ${token}` } : {});
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return { data: res.data as T, extensions: (res as { extensions?: Record<string, unknown> }).extensions };
  };

  it('practiceProgress: progression, popular scenarios, strength areas and time distribution', async () => {
    const { data } = await gql<{ practiceProgress: Record<string, unknown> }>(`{ practiceProgress(period: ${HAND}, companyId: "c1") { ${PROGRESS} } }`);
    const p = data.practiceProgress;
    expect(p).toMatchObject({ sessions: 5, learners: 2, averageScore: 70, practiceTimeSeconds: 5500, averageDurationSeconds: 1100 });
    expect(p.scoreProgression).toEqual([
      {
        bucket: '2026-02-02',
        start: '2026-02-02T00:00:00.000Z',
        sessions: 3,
        learners: 2,
        averageScore: 70,
        practiceTimeSeconds: 4500,
        averageDurationSeconds: 1500,
      },
      {
        bucket: '2026-02-09',
        start: '2026-02-09T00:00:00.000Z',
        sessions: 2,
        learners: 2,
        averageScore: 70,
        practiceTimeSeconds: 1000,
        averageDurationSeconds: 500,
      },
    ]);
    // "a" and "b" have 2 sessions each (ties by id); the numeric scenario_id 7 is no scenario.
    expect((p.scenarios as { scenarioId: string }[]).map((s) => s.scenarioId)).toEqual(['a', 'b']);
    expect((p.scenarios as Record<string, unknown>[])[1]).toEqual({
      scenarioId: 'b',
      sessions: 2,
      learners: 2,
      averageScore: 85,
      practiceTimeSeconds: 4600,
      averageDurationSeconds: 2300,
      shareOfSessions: 0.4,
      progression: [
        {
          bucket: '2026-02-02',
          start: '2026-02-02T00:00:00.000Z',
          sessions: 1,
          learners: 1,
          averageScore: 90,
          practiceTimeSeconds: 3600,
          averageDurationSeconds: 3600,
        },
        {
          bucket: '2026-02-09',
          start: '2026-02-09T00:00:00.000Z',
          sessions: 1,
          learners: 1,
          averageScore: 80,
          practiceTimeSeconds: 1000,
          averageDurationSeconds: 1000,
        },
      ],
    });
    // Strongest first; "good" and true are no scores.
    expect(p.strengthAreas).toEqual([
      { criterion: 'fluency', sessions: 3, learners: 2, averageScore: (60 + 80 + 90) / 3 },
      { criterion: 'grammar', sessions: 2, learners: 1, averageScore: 55 },
    ]);
    expect((p.timeDistribution as { sessions: number }[]).map((b) => b.sessions)).toEqual([2, 0, 1, 1, 0, 0, 0, 1]);
    expect((p.timeDistribution as { fromSeconds: number; toSeconds: number | null }[]).map((b) => [b.fromSeconds, b.toSeconds])).toEqual([
      [0, 300],
      [300, 600],
      [600, 900],
      [900, 1200],
      [1200, 1800],
      [1800, 2700],
      [2700, 3600],
      [3600, null],
    ]);
  });

  it('practiceLearners: first and last score, strength areas and progression per learner', async () => {
    const { data } = await gql<{ practiceLearners: unknown[] }>(`{ practiceLearners(period: ${HAND}, companyId: "c1", userId: "u1") { ${LEARNER} } }`);
    expect(data.practiceLearners).toEqual([
      {
        userId: 'u1',
        sessions: 3,
        averageScore: 200 / 3,
        firstScore: 50,
        lastScore: 80,
        scoreChange: 30,
        practiceTimeSeconds: 1900,
        strengthAreas: [
          { criterion: 'fluency', sessions: 2, averageScore: 70 },
          { criterion: 'grammar', sessions: 2, averageScore: 55 },
        ],
        progression: [
          { bucket: '2026-02-02', start: '2026-02-02T00:00:00.000Z', sessions: 2, averageScore: 60 },
          { bucket: '2026-02-09', start: '2026-02-09T00:00:00.000Z', sessions: 1, averageScore: 80 },
        ],
      },
    ]);
  });

  it('partners: groups under k learners are withheld; practiceLearners needs learners:read', async () => {
    const partner = await tokenFor('partner', 'c1');
    const res = await gql<{ practiceProgress: { sessions: number | null; strengthAreas: { averageScore: number | null }[] } }>(
      `{ practiceProgress(period: ${HAND}) { sessions strengthAreas { averageScore } } }`,
      partner,
    );
    expect(res.data.practiceProgress.sessions).toBeNull();
    // Criteria under k are absent (issue 13: a labelled row says someone was scored on it), counted.
    expect(res.data.practiceProgress.strengthAreas).toEqual([]);
    expect(res.extensions?.privacy).toMatchObject({ withheldGroups: [{ path: ['practiceProgress', 'strengthAreas'], groups: 2 }] });
    expect(JSON.stringify(res.extensions)).toContain('SUPPRESSED');
    const refused = await t.graphql(`{ practiceLearners(period: ${HAND}) { userId } }`, undefined, { authorization: `Bearer ${partner}` });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toMatch(/learners:read/);
    const allowed = await gql<{ practiceLearners: { userId: string }[] }>(
      `{ practiceLearners(period: ${HAND}) { userId } }`,
      await tokenFor('partner', 'c1', ['learners:read']),
    );
    expect(allowed.data.practiceLearners.map((l) => l.userId)).toEqual(['u1', 'u2']);
  });

  it('refuses a bad limit before any query', async () => {
    const res = await t.graphql(`{ practiceLearners(period: ${HAND}, limit: 0) { userId } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/limit/);
  });

  it('on generated data equals the oracle, for every company, by week and by day', async () => {
    const sessions = generated.filter((e) => e.type === 'practice_session.completed');
    expect(sessions.some((e) => typeof e.properties.scenario_id === 'string' && typeof e.properties.criteria === 'object')).toBe(true);
    for (const companyId of [null, 'company-01']) {
      for (const granularity of ['WEEK', 'DAY'] as const) {
        const company = companyId === null ? '' : `, companyId: "${companyId}"`;
        const period = `{ from: "${GENERATED.from}", to: "${GENERATED.to}" }`;
        const { data } = await gql<{ practiceProgress: unknown; practiceLearners: unknown[] }>(
          `{ practiceProgress(period: ${period}, granularity: ${granularity}${company}) { ${PROGRESS} }
             practiceLearners(period: ${period}, granularity: ${granularity}, limit: 1000${company}) { ${LEARNER} } }`,
        );
        const args = { period: GENERATED, companyId, granularity };
        const expected = practiceProgress(generated, args);
        expect(expected.scenarios.length).toBeGreaterThan(3);
        expect(data.practiceProgress).toEqual(approx(expected));
        expect(data.practiceLearners).toEqual(approx(practiceLearners(generated, { ...args, limit: 1000 })));
      }
    }
  });

  it('whole UTC days read the daily rollups (0094), other periods raw events; both equal the oracle, and verify-rollups finds the rollups equal to raw events', async () => {
    const ask = async (timezone: string) => {
      const seen: string[] = [];
      const stop = engine.db.onQuery((e) => seen.push(e.operation));
      const period = `{ from: "${GENERATED.from}", to: "${GENERATED.to}", timezone: "${timezone}" }`;
      const { data } = await gql<{ practiceProgress: unknown; practiceLearners: unknown[] }>(
        `{ practiceProgress(period: ${period}, granularity: DAY, companyId: "company-01") { ${PROGRESS} }
           practiceLearners(period: ${period}, granularity: DAY, limit: 1000, companyId: "company-01") { ${LEARNER} } }`,
      );
      stop();
      const args = { period: { ...GENERATED, timezone }, companyId: 'company-01', granularity: 'DAY' as const };
      expect(data.practiceProgress).toEqual(approx(practiceProgress(generated, args)));
      expect(data.practiceLearners).toEqual(approx(practiceLearners(generated, { ...args, limit: 1000 })));
      return [...new Set(seen.filter((o) => o.startsWith('metrics.practice.')))].sort();
    };
    expect(await ask('UTC')).toEqual([
      'metrics.practice.criteria_rollup',
      'metrics.practice.durations_rollup',
      'metrics.practice.groups.bucketScenario_rollup',
      'metrics.practice.groups.bucket_rollup',
      'metrics.practice.groups.scenario_rollup',
      'metrics.practice.groups.total_rollup',
      'metrics.practice.learners_rollup',
    ]);
    expect(await ask('Europe/Berlin')).toEqual([
      'metrics.practice.criteria',
      'metrics.practice.durations',
      'metrics.practice.groups.bucket',
      'metrics.practice.groups.bucketScenario',
      'metrics.practice.groups.scenario',
      'metrics.practice.groups.total',
      'metrics.practice.learners',
    ]);
    const reports = await new RollupVerificationRepository(engine.db).verify(new Date('2026-02-01T00:00:00Z'), new Date('2026-05-01T00:00:00Z'));
    for (const rollup of ['rollup_practice_daily', 'rollup_practice_criteria_daily']) {
      const report = reports.find((r) => r.rollup === rollup)!;
      expect(report.groups).toBeGreaterThan(50);
      expect(report.differences).toEqual([]);
    }
  });
});
