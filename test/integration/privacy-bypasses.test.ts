import { SignJWT } from 'jose';
import { migratedEngine, TEST_JWT_SECRET, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';

/**
 * Issue 13: each bypass measured on the demo data, as a regression test on hand-built events.
 * Every test here failed on the code before the fix (the bypass worked); the fix is named in
 * each describe. k = 5 (PRIVACY_MIN_LEARNERS default).
 */

type Gql = {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: { privacy?: Record<string, unknown> };
};

describe('issue 13 bypasses, closed', () => {
  let engine: TestEngine;
  let t: TestServer;
  const as = async (token: string, query: string): Promise<Gql> => (await t.graphql(query, undefined, { authorization: `Bearer ${token}` })) as Gql;

  beforeAll(async () => {
    engine = await migratedEngine('privacy-bypasses', { rateLimitPerMinute: 0, rateLimitIngestPerMinute: 0 });
    t = await startTestServer(engine);
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  describe('learner(userId) gave any employee to every partner token (fix: scope learners:read)', () => {
    beforeAll(async () => {
      const res = await t.postEvents(
        toNdjson([anEvent({ type: 'practice_session.completed', user_id: 'emp-1', company_id: 'lc', duration_seconds: 60, score: 55 })]),
      );
      expect(res.json).toMatchObject({ accepted: 1 });
    });
    const Q = '{ learner(userId: "emp-1") { userId metrics(period: { from: "2026-03-01", to: "2026-03-05" }) { averageScore } } }';

    it('a plain partner token is FORBIDDEN and gets no score', async () => {
      const res = await as(await tokenFor('partner', 'lc'), Q);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(res.data ?? null)).not.toContain('55');
    });

    it('granted learners:read, the same partner reads its employee', async () => {
      const res = await as(await tokenFor('partner', 'lc', ['learners:read']), Q);
      expect(res.data).toEqual({ learner: { userId: 'emp-1', metrics: { averageScore: 55 } } });
    });
  });

  describe('an ingest token wrote events for any company_id (fix: src/ingest/write-scope.ts)', () => {
    const completions = async (company: string) =>
      (
        (await as(t.adminToken, `{ companyLearningSummary(companyId: "${company}", period: { from: "2026-03-01", to: "2026-03-05" }) { coursesCompleted } }`))
          .data!.companyLearningSummary as { coursesCompleted: number }
      ).coursesCompleted;
    const completed = (company: string, user: string) => anEvent({ type: 'course.completed', user_id: user, company_id: company, course_id: 'course-001' });

    it("a token bound to company A cannot move company B's coursesCompleted: B's lines are rejected one by one, with the reason", async () => {
      const before = await completions('victim');
      const token = await tokenFor('ingest', 'own-co');
      const lines = [
        completed('own-co', 'u1'),
        completed('victim', 'fake-1'),
        completed('victim', 'fake-2'),
        anEvent({ type: 'user.logged_in', user_id: 'solo' }),
      ];
      const res = await t.postEvents(toNdjson(lines), { authorization: `Bearer ${token}` });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ accepted: 1, rejected: 3 });
      expect(res.json.errors).toEqual([
        { line: 2, field: 'company_id', message: expect.stringMatching(/^this token writes events of company "own-co" only, got "victim"/) },
        { line: 3, field: 'company_id', message: expect.stringMatching(/got "victim"/) },
        { line: 4, field: 'company_id', message: expect.stringMatching(/got none: set company_id to "own-co"/) },
      ]);
      expect(await completions('victim')).toBe(before);
      expect(await completions('own-co')).toBe(1);
    });

    it('the ingestEvents mutation applies the same binding', async () => {
      const token = await tokenFor('ingest', 'own-co');
      const res = await as(
        token,
        `mutation { ingestEvents(events: [{ type: "course.completed", userId: "fake-3", companyId: "victim", courseId: "course-001" }]) { accepted rejected errors { line field message } } }`,
      );
      expect(res.data).toEqual({
        ingestEvents: {
          accepted: 0,
          rejected: 1,
          errors: [{ line: 1, field: 'company_id', message: expect.stringMatching(/writes events of company "own-co" only/) }],
        },
      });
    });

    it('an ingest token without company_id writes company events only with the scope ingest:any-company', async () => {
      const plain = await t.postEvents(toNdjson([completed('victim', 'fake-4'), anEvent({ type: 'user.logged_in', user_id: 'solo' })]), {
        authorization: `Bearer ${await tokenFor('ingest')}`,
      });
      expect(plain.json).toMatchObject({
        accepted: 1,
        rejected: 1,
        errors: [{ line: 1, field: 'company_id', message: expect.stringMatching(/ingest:any-company/) }],
      });
      const platform = await t.postEvents(toNdjson([completed('victim', 'real-1')]), {
        authorization: `Bearer ${await tokenFor('ingest', undefined, ['ingest:any-company'])}`,
      });
      expect(platform.json).toMatchObject({ accepted: 1, rejected: 0 });
    });

    it('a malformed company_id claim on an ingest token is refused (401), not ignored', async () => {
      const token = await new SignJWT({ role: 'ingest', company_id: ['own-co', 'victim'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(TEST_JWT_SECRET));
      const res = await t.postEvents(toNdjson([completed('victim', 'fake-5')]), { authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
    });
  });

  describe('shifting the period end by a timezone isolated one hour (fix: one reporting timezone per company, src/domain/period.ts)', () => {
    // 6 learners of `tz` learn on 2026-03-02 at 10:00 UTC; one of them also at 05:30 UTC. The
    // day up to 2026-03-03 in Etc/GMT+5 ends at 05:00 UTC, in Etc/GMT+6 at 06:00 UTC: the
    // difference was that one learner's 05:00 hour.
    beforeAll(async () => {
      const lesson = (user: string, timestamp: string, duration_seconds: number) =>
        anEvent({ type: 'lesson.completed', user_id: user, company_id: 'tz', course_id: 'course-001', lesson_id: 'l1', timestamp, duration_seconds });
      const events = [1, 2, 3, 4, 5, 6].map((n) => lesson(`tz-${n}`, '2026-03-02T10:00:00Z', 100)).concat([lesson('tz-1', '2026-03-03T05:30:00Z', 777)]);
      expect((await t.postEvents(toNdjson(events))).json).toMatchObject({ accepted: events.length });
    });
    const summary = (timezone: string) =>
      `{ companyLearningSummary(companyId: "tz", period: { from: "2026-03-01", to: "2026-03-03", timezone: "${timezone}" }) { learningTimeSeconds } }`;

    it('the admin sees the 777 s hour as the difference of the two zones (the attack is real on this data)', async () => {
      const [a, b] = await Promise.all([as(t.adminToken, summary('Etc/GMT+6')), as(t.adminToken, summary('Etc/GMT+5'))]);
      const seconds = (r: Gql) => (r.data!.companyLearningSummary as { learningTimeSeconds: number }).learningTimeSeconds;
      expect(seconds(a) - seconds(b)).toBe(777);
    });

    it("a partner gets BAD_USER_INPUT for any zone but its company's reporting timezone (UTC by default), saying why", async () => {
      const token = await tokenFor('partner', 'tz');
      for (const zone of ['Etc/GMT+6', 'Etc/GMT+5', 'Europe/Berlin']) {
        const res = await as(token, summary(zone));
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'period.timezone' });
        expect(res.errors?.[0]?.message).toMatch(/partner views are cut in one reporting timezone, UTC/);
      }
      expect((await as(token, summary('UTC'))).errors).toBeUndefined();
    });

    it('PARTNER_REPORTING_TIMEZONES moves a company to another zone, still only one', async () => {
      const other = await startTestServer({ ...engine, config: { ...engine.config, partnerReportingTimezones: new Map([['tz', 'Etc/GMT+5']]) } });
      try {
        const token = await tokenFor('partner', 'tz');
        const ask = (zone: string) => other.graphql(summary(zone), undefined, { authorization: `Bearer ${token}` });
        expect((await ask('Etc/GMT+5')).errors).toBeUndefined();
        expect((await ask('Etc/GMT+6')).errors?.[0]?.message).toMatch(/one reporting timezone, Etc\/GMT\+5/);
        // Left out, the timezone is the company's own.
        const implicit = await other.graphql(
          '{ companyLearningSummary(companyId: "tz", period: { from: "2026-03-01", to: "2026-03-03" }) { learningTimeSeconds } }',
          undefined,
          { authorization: `Bearer ${token}` },
        );
        expect(implicit.data).toEqual((await ask('Etc/GMT+5')).data);
      } finally {
        await other.server.stop();
      }
    });
  });

  describe('courseEngagement counted the wrong people: one quiz taker among 6 active learners (fix: per-figure learner counts)', () => {
    beforeAll(async () => {
      const events = [1, 2, 3, 4, 5, 6].flatMap((n) => [
        anEvent({ type: 'course.enrolled', user_id: `q-${n}`, company_id: 'quizco', course_id: 'course-q', timestamp: '2026-03-02T09:00:00Z' }),
        anEvent({
          type: 'lesson.completed',
          user_id: `q-${n}`,
          company_id: 'quizco',
          course_id: 'course-q',
          lesson_id: 'l1',
          timestamp: '2026-03-02T10:00:00Z',
          duration_seconds: 60,
        }),
      ]);
      events.push(
        anEvent({
          type: 'quiz.completed',
          user_id: 'q-1',
          company_id: 'quizco',
          course_id: 'course-q',
          quiz_id: 'qz',
          score: 37,
          passed: false,
          timestamp: '2026-03-02T11:00:00Z',
        }),
      );
      events.push(anEvent({ type: 'course.completed', user_id: 'q-2', company_id: 'quizco', course_id: 'course-q', timestamp: '2026-03-02T12:00:00Z' }));
      expect((await t.postEvents(toNdjson(events))).json).toMatchObject({ accepted: events.length });
    });
    const Q = (extra = '') =>
      `{ courseEngagement(courseId: "course-q", period: { from: "2026-03-02", to: "2026-03-03" }${extra}) { activeLearners enrollments completions completionRate averageQuizScore quizPassRate lessonCompletions series(granularity: DAY) { enrollments completions lessonCompletions } } }`;

    it("the partner no longer sees the one quiz taker's score, nor the one completer; the figures about 6 stay", async () => {
      const res = await as(await tokenFor('partner', 'quizco'), Q());
      expect(res.data).toEqual({
        courseEngagement: {
          activeLearners: 6,
          enrollments: 6,
          completions: null,
          completionRate: null,
          averageQuizScore: null,
          quizPassRate: null,
          lessonCompletions: 6,
          series: [{ enrollments: 6, completions: null, lessonCompletions: 6 }],
        },
      });
      expect(res.extensions?.privacy).toMatchObject({
        paths: [
          ['courseEngagement', 'averageQuizScore'],
          ['courseEngagement', 'completionRate'],
          ['courseEngagement', 'completions'],
          ['courseEngagement', 'quizPassRate'],
          ['courseEngagement', 'series', 0, 'completions'],
        ],
      });
      // The admin still sees them (the data really holds the score).
      const admin = await as(t.adminToken, Q(', companyId: "quizco"'));
      expect(admin.data!.courseEngagement).toMatchObject({ averageQuizScore: 37, completions: 1 });
    });

    it('the CSV export withholds the same cells', async () => {
      const res = await fetch(`${t.base}/export/course-engagement.csv?from=2026-03-02&to=2026-03-03&courseId=course-q`, {
        headers: { authorization: `Bearer ${await tokenFor('partner', 'quizco')}` },
      });
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text).not.toMatch(/\b37\b/);
    });
  });
  describe('withheld rows kept their labels, and a total minus the visible groups gave the withheld one (fix: groups under k are absent, complementary suppression)', () => {
    // Company `geo`: 6 learners in DE, 6 in FR, 1 in NG, each with one practice session on
    // 2026-03-02; NG's score is 11. Platforms for the funnel: 6 on web, 6 on ios, 1 on android.
    beforeAll(async () => {
      const people = [
        ...[1, 2, 3, 4, 5, 6].map((n) => ({ user: `de-${n}`, country: 'DE', platform: 'web', score: 70 })),
        ...[1, 2, 3, 4, 5, 6].map((n) => ({ user: `fr-${n}`, country: 'FR', platform: 'ios', score: 60 })),
        { user: 'ng-1', country: 'NG', platform: 'android', score: 11 },
      ];
      const events = people.flatMap((p) => [
        anEvent({
          type: 'practice_session.completed',
          user_id: p.user,
          company_id: 'geo',
          country: p.country,
          platform: p.platform,
          score: p.score,
          duration_seconds: 60,
        }),
        anEvent({ type: 'course.enrolled', user_id: p.user, company_id: 'geo', country: p.country, platform: p.platform, timestamp: '2026-03-02T09:00:00Z' }),
        anEvent({ type: 'course.completed', user_id: p.user, company_id: 'geo', country: p.country, platform: p.platform, timestamp: '2026-03-02T12:00:00Z' }),
      ]);
      expect((await t.postEvents(toNdjson(events))).json).toMatchObject({ accepted: events.length });
    });
    const PERIOD = '{ from: "2026-03-02", to: "2026-03-03" }';
    const metrics = (groupBy: string, extra = '') =>
      `{ eventMetrics(eventType: "practice_session.completed", period: ${PERIOD}, measure: SUM, property: "score"${groupBy}${extra}) { group value } }`;
    type Row = { group: string[]; value: number | null };
    const rowsOf = (r: Gql) => r.data!.eventMetrics as Row[];

    it('eventMetrics grouped by country: the NG row is absent (no label), and the response says one group was left out', async () => {
      const admin = rowsOf(await as(t.adminToken, metrics(', groupBy: ["country"]', ', companyId: "geo"')));
      expect(admin.find((r) => r.group[0] === 'NG')?.value).toBe(11);
      const res = await as(await tokenFor('partner', 'geo'), metrics(', groupBy: ["country"]'));
      expect(
        rowsOf(res)
          .map((r) => r.group[0])
          .sort(),
      ).toEqual(['DE', 'FR']);
      expect(JSON.stringify(res.data)).not.toContain('NG');
      expect(res.extensions?.privacy).toMatchObject({ withheldGroups: [{ path: ['eventMetrics'], groups: 1 }] });
    });

    it('eventMetrics with and without groupBy: the total minus the visible countries no longer gives NG (a second country is withheld)', async () => {
      const token = await tokenFor('partner', 'geo');
      const [total, grouped] = await Promise.all([as(token, metrics('')), as(token, metrics(', groupBy: ["country"]'))]);
      const all = rowsOf(total)[0].value!;
      expect(all).toBe(6 * 70 + 6 * 60 + 11);
      const visible = rowsOf(grouped).filter((r) => r.value !== null);
      expect(visible).toHaveLength(1);
      expect(all - visible.reduce((sum, r) => sum + r.value!, 0)).not.toBe(11);
      // The complement keeps its label (it has 6 learners) with a null value, listed in extensions.
      expect(grouped.extensions?.privacy?.paths).toEqual([['eventMetrics', rowsOf(grouped).findIndex((r) => r.value === null), 'value']]);
    });

    it('eventMetrics per day and country against the per-day total: the same protection along every dimension', async () => {
      const token = await tokenFor('partner', 'geo');
      const res = await as(token, metrics(', groupBy: ["country"]', ', granularity: DAY'));
      const shown = rowsOf(res);
      expect(shown.map((r) => r.group[0])).not.toContain('NG');
      expect(shown.filter((r) => r.value === null)).toHaveLength(1);
    });

    const funnel = (extra: string) =>
      `{ funnel(steps: [{ eventType: "course.enrolled" }, { eventType: "course.completed" }], period: ${PERIOD}${extra}) { steps { count } breakdown { value steps { count } } } }`;
    type FunnelAnswer = { steps: { count: number | null }[]; breakdown: { value: string; steps: { count: number | null }[] }[] | null };

    it('funnel with and without breakdownBy: the android group is absent and the total minus the visible groups is never its count', async () => {
      const admin = (await as(t.adminToken, funnel(', breakdownBy: PLATFORM, companyId: "geo"'))).data!.funnel as FunnelAnswer;
      expect(admin.breakdown!.find((g) => g.value === 'android')?.steps.map((s) => s.count)).toEqual([1, 1]);
      const token = await tokenFor('partner', 'geo');
      const [total, split] = await Promise.all([as(token, funnel('')), as(token, funnel(', breakdownBy: PLATFORM'))]);
      const t0 = (total.data!.funnel as FunnelAnswer).steps.map((s) => s.count);
      expect(t0).toEqual([13, 13]);
      const groups = (split.data!.funnel as FunnelAnswer).breakdown!;
      expect(groups.map((g) => g.value)).not.toContain('android');
      expect(split.extensions?.privacy).toMatchObject({ withheldGroups: [{ path: ['funnel', 'breakdown'], groups: 1 }] });
      for (const k of [0, 1]) {
        const visible = groups.map((g) => g.steps[k].count).filter((c): c is number => c !== null);
        expect(visible.length).toBeLessThan(groups.length);
        expect(t0[k]! - visible.reduce((a, b) => a + b, 0)).not.toBe(1);
      }
    });
  });
  describe('company coursesCompleted and certificatesIssued counted the wrong people, and HOUR series showed lone hours (fix: per-figure learners, HOUR all-or-nothing)', () => {
    // Company `cert`: 6 learners learn on 2026-03-02 at 10:00 UTC; one of them completes a
    // course and gets a certificate at 11:00 UTC.
    beforeAll(async () => {
      const events = [1, 2, 3, 4, 5, 6].map((n) =>
        anEvent({ type: 'lesson.completed', user_id: `c-${n}`, company_id: 'cert', lesson_id: 'l1', timestamp: '2026-03-02T10:00:00Z', duration_seconds: 60 }),
      );
      events.push(anEvent({ type: 'course.completed', user_id: 'c-1', company_id: 'cert', timestamp: '2026-03-02T11:00:00Z' }));
      events.push(anEvent({ type: 'certificate.issued', user_id: 'c-1', company_id: 'cert', timestamp: '2026-03-02T11:00:00Z' }));
      // One payer among the 6 (deliverable 1: revenue is about its payers).
      events.push(
        anEvent({ type: 'payment.succeeded', user_id: 'c-2', company_id: 'cert', timestamp: '2026-03-02T12:00:00Z', amount: '123.45', currency: 'EUR' }),
      );
      expect((await t.postEvents(toNdjson(events))).json).toMatchObject({ accepted: events.length });
    });
    const Q = (granularity: string) =>
      `{ companyLearningSummary(companyId: "cert", period: { from: "2026-03-02", to: "2026-03-03" }, granularity: ${granularity}) { activeLearners coursesCompleted certificatesIssued series { bucket activeLearners coursesCompleted certificatesIssued } } }`;

    it('the one completer and the one certificate are withheld; the figures about 6 stay (also per day)', async () => {
      const admin = await as(t.adminToken, Q('DAY'));
      expect(admin.data!.companyLearningSummary).toMatchObject({ coursesCompleted: 1, certificatesIssued: 1 });
      const res = await as(await tokenFor('partner', 'cert'), Q('DAY'));
      expect(res.data!.companyLearningSummary).toEqual({
        activeLearners: 6,
        coursesCompleted: null,
        certificatesIssued: null,
        series: [{ bucket: '2026-03-02', activeLearners: 6, coursesCompleted: null, certificatesIssued: null }],
      });
    });

    it('revenue of one payer among 6 active learners is withheld (thresholded on payers, period and buckets)', async () => {
      const R = `{ revenue(companyId: "cert", period: { from: "2026-03-02", to: "2026-03-03" }, granularity: DAY) { totals { currency amount } series { bucket currency amount } } }`;
      const admin = (await as(t.adminToken, R)).data!.revenue as { totals: { amount: string }[] };
      expect(admin.totals).toEqual([{ currency: 'EUR', amount: '123.45' }]);
      const res = await as(await tokenFor('partner', 'cert'), R);
      expect(JSON.stringify(res.data)).not.toContain('123.45');
      expect(res.data!.revenue).toEqual({ totals: [{ currency: 'EUR', amount: null }], series: [{ bucket: '2026-03-02', currency: 'EUR', amount: null }] });
    });

    it('an HOUR series with any hour under k is withheld as a whole, with the reason in extensions.privacy.withheldSeries', async () => {
      const res = await as(await tokenFor('partner', 'cert'), Q('HOUR'));
      const series = (res.data!.companyLearningSummary as { series: Record<string, unknown>[] }).series;
      expect(series).toHaveLength(24);
      expect(series.every((p) => p.activeLearners === null && p.coursesCompleted === null && p.certificatesIssued === null)).toBe(true);
      expect(res.extensions?.privacy).toMatchObject({
        withheldSeries: [
          { path: ['companyLearningSummary', 'series'], reason: expect.stringMatching(/^HOUR series are shown to partner views only when every hour/) },
        ],
      });
      // The admin sees the 10:00 hour (the data holds it).
      const admin = (await as(t.adminToken, Q('HOUR'))).data!.companyLearningSummary as { series: { bucket: string; activeLearners: number }[] };
      expect(admin.series.find((p) => p.bucket === '2026-03-02T10:00')?.activeLearners).toBe(6);
    });
  });
});
