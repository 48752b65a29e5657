import { CompanyLearningLearnersRepository } from '../../src/clickhouse/repositories/company-learning-learners.repository';
import { CourseEngagementLearnersRepository, type CourseLearnersCell } from '../../src/clickhouse/repositories/course-engagement-learners.repository';
import { RollupVerificationRepository } from '../../src/clickhouse/repositories/rollup-verification.repository';
import { resolvePeriod } from '../../src/domain/period';
import type { TenantScope } from '../../src/domain/tenant-scope';
import { generateEvents, postEventBatches, type GeneratorOptions } from '../../src/generator';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';

/**
 * The partner figure groups (issue 13: the learners each course and company figure describes)
 * from the daily rollup 0095 equal those from raw events, on generated data plus the edge cases
 * by hand (learning without a course, a course seen without a user, certificates, a lesson event
 * without a lesson_id is impossible: lesson.* require it), for totals, DAY and WEEK buckets; a
 * partner request over whole UTC days reads the rollup for every figure group. (Other periods
 * read raw events: figureLearnersSourceFor, and the privacy tests in other zones.)
 */
const OPTIONS: GeneratorOptions = { events: 15_000, companies: 3, learners: 200, courses: 5, days: 40, seed: 11, end: new Date('2026-05-01T00:00:00Z') };
const PERIOD = { from: new Date('2026-03-25T00:00:00Z'), to: new Date('2026-05-01T00:00:00Z') };

// Rows that hold nobody carry no decision (suppression.ts: empty cells protect nothing): raw
// events without a user_id make such rows, the rollup keeps no row for them.
const held = (cells: CourseLearnersCell[]) =>
  cells
    .filter((c) => Object.values(c.learners).some((n) => n > 0))
    .map((c) => JSON.stringify([c.courseId, c.bucket, c.learners]))
    .sort();

describe('partner figure groups from the daily rollup (0095)', () => {
  let engine: TestEngine;
  let t: TestServer;
  const scopeOf = (companyId: string) => ({ companyId, minLearners: 5 }) as unknown as TenantScope;

  beforeAll(async () => {
    engine = await migratedEngine('figure_learners_rollup');
    t = await startTestServer(engine);
    const day = '2026-04-02T10:00:00.000Z';
    const hand = [
      anEvent({
        type: 'practice_session.completed',
        user_id: 'solo-1',
        company_id: 'company-01',
        course_id: '',
        score: 60,
        duration_seconds: 100,
        timestamp: day,
      }),
      anEvent({ type: 'quiz.completed', user_id: 'solo-2', company_id: 'company-01', course_id: '', quiz_id: 'q-free', score: 70, timestamp: day }),
      anEvent({ type: 'course.viewed', user_id: undefined, anonymous_id: 'anon-1', company_id: 'company-01', course_id: 'course-001', timestamp: day }),
      anEvent({ type: 'certificate.issued', user_id: 'cert-1', company_id: 'company-01', course_id: 'course-002', timestamp: day }),
    ];
    expect((await t.postEvents(toNdjson(hand))).json).toMatchObject({ accepted: hand.length, rejected: 0 });
    const generated = [...generateEvents(OPTIONS)];
    const sent = await postEventBatches(generated, { url: `${t.base}/v1/events`, batchSize: 5000, concurrency: 1, seed: OPTIONS.seed, token: t.adminToken });
    expect(sent).toMatchObject({ accepted: OPTIONS.events, rejected: 0 });
  });
  afterAll(async () => {
    await t?.server.stop();
    await engine?.dispose();
  });

  it('course universe: the rollup and raw events give the same groups, for the period and by DAY and WEEK', async () => {
    const repo = new CourseEngagementLearnersRepository(engine.db);
    const period = resolvePeriod(PERIOD);
    for (const companyId of ['company-01', 'company-02']) {
      for (const granularity of [null, 'DAY', 'WEEK'] as const) {
        const [rollup, raw] = [
          await repo.universe(scopeOf(companyId), period, granularity, 'rollup'),
          await repo.universe(scopeOf(companyId), period, granularity, 'raw'),
        ];
        expect(rollup.length).toBeGreaterThan(5);
        expect({ companyId, granularity, cells: held(rollup) }).toEqual({ companyId, granularity, cells: held(raw) });
      }
    }
  });

  it('company figure groups: the rollup and raw events agree, in total and per DAY', async () => {
    const repo = new CompanyLearningLearnersRepository(engine.db);
    const period = resolvePeriod(PERIOD);
    const ids = ['company-01', 'company-02', 'company-03'];
    const all = { companyId: null, minLearners: 5 } as unknown as TenantScope;
    const totals = await repo.totals(all, period, ids, 'rollup');
    expect(totals).toEqual(await repo.totals(all, period, ids, 'raw'));
    expect(totals.get('company-01')!.certified).toBeGreaterThan(0);
    expect(await repo.perBucket(all, period, 'DAY', ids, 'rollup')).toEqual(await repo.perBucket(all, period, 'DAY', ids, 'raw'));
  });

  it('a partner request over whole UTC days reads the rollup for every figure group; verify-rollups finds the rollup equal to raw events', async () => {
    const token = await tokenFor('partner', 'company-01');
    const ask = async () => {
      const seen: string[] = [];
      const stop = engine.db.onQuery((e) => seen.push(e.operation));
      const p = '{ from: "2026-03-25", to: "2026-05-01" }';
      const res = await t.graphql(
        `{ courses(ids: ["course-001", "course-002"], period: ${p}) { id engagement { enrollments completions series(granularity: WEEK) { bucket completions } } }
           companyLearningSummary(companyId: "company-01", period: ${p}, granularity: DAY) { coursesCompleted certificatesIssued series { bucket coursesCompleted } } }`,
        undefined,
        { authorization: `Bearer ${token}` },
      );
      stop();
      expect(res.errors).toBeUndefined();
      return seen.filter((o) => o.includes('figure_learners')).sort();
    };
    expect(await ask()).toEqual([
      'metrics.company_learning.figure_learners_per_bucket_rollup',
      'metrics.company_learning.figure_learners_rollup',
      'metrics.course_engagement.figure_learners_universe_rollup',
      'metrics.course_engagement.figure_learners_universe_rollup',
    ]);
    const reports = await new RollupVerificationRepository(engine.db).verify(new Date('2026-03-01T00:00:00Z'), new Date('2026-05-01T00:00:00Z'));
    const report = reports.find((r) => r.rollup === 'rollup_learner_figures_daily')!;
    expect(report.groups).toBeGreaterThan(100);
    expect(report.differences).toEqual([]);
  });
});
