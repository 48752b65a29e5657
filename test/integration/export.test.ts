import type { QueryEvent } from '../../src/clickhouse/client';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';

/** RFC 4180 reader, independent of the writer under test: quoted fields, "" inside quotes, CRLF or LF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

const SPRING = 'spring, "big" sale';
const PERIOD = 'from=2026-03-01&to=2026-03-04';

describe('GET /export/<report>.csv (hand-built events)', () => {
  let engine: TestEngine;
  let t: TestServer;
  let tokens: Record<'admin' | 'analyst' | 'ingest' | 'c1' | 'c2', string>;

  beforeAll(async () => {
    // The privacy threshold of partner views is its own feature (and test); here partners see exact figures.
    engine = await migratedEngine('export', { privacyMinLearners: 0 });
    t = await startTestServer(engine);
    tokens = {
      admin: t.adminToken,
      analyst: await tokenFor('analyst'),
      ingest: await tokenFor('ingest'),
      c1: await tokenFor('partner', 'c1'),
      c2: await tokenFor('partner', 'c2'),
    };
    const google = { utm_source: 'google', utm_medium: 'cpc', utm_campaign: SPRING };
    const events = [
      anEvent({ type: 'user.registered', user_id: 'u1', company_id: 'c1', session_id: 's1', course_id: '', timestamp: '2026-03-01T10:00:00Z', ...google }),
      anEvent({
        type: 'course.enrolled',
        user_id: 'u1',
        company_id: 'c1',
        session_id: 's1',
        course_id: 'course-001',
        timestamp: '2026-03-01T11:00:00Z',
        ...google,
      }),
      anEvent({
        type: 'course.viewed',
        user_id: 'u2',
        company_id: 'c1',
        session_id: 's2',
        course_id: 'course-001',
        platform: 'ios',
        timestamp: '2026-03-02T09:00:00Z',
      }),
      anEvent({
        type: 'course.enrolled',
        user_id: 'u2',
        company_id: 'c1',
        session_id: 's2',
        course_id: 'course-001',
        platform: 'ios',
        timestamp: '2026-03-02T09:30:00Z',
      }),
      anEvent({ type: 'course.viewed', user_id: 'u3', company_id: 'c2', session_id: 's3', course_id: 'course-002', timestamp: '2026-03-02T12:00:00Z' }),
      // 20 hours after the view: inside the default 1-day window, outside a 1-hour one.
      anEvent({ type: 'course.enrolled', user_id: 'u3', company_id: 'c2', session_id: 's3', course_id: 'course-002', timestamp: '2026-03-03T08:00:00Z' }),
      anEvent({ type: 'course.completed', user_id: 'u3', company_id: 'c2', session_id: 's3', course_id: 'course-002', timestamp: '2026-03-03T09:00:00Z' }),
      anEvent({ type: 'lesson.completed', user_id: 'u1', company_id: 'c1', course_id: 'course-001', timestamp: '2026-03-03T10:00:00Z' }),
      // 23:30 UTC on 02-28 is already 03-01 in Berlin (UTC+1): only in the Berlin period.
      anEvent({ type: 'page.viewed', user_id: 'u4', company_id: 'c2', course_id: '', timestamp: '2026-02-28T23:30:00Z' }),
      // A solo learner from a campaign whose name a spreadsheet would run as a formula.
      anEvent({
        type: 'page.viewed',
        user_id: 'u5',
        session_id: 's5',
        course_id: '',
        timestamp: '2026-03-02T15:00:00Z',
        utm_source: 'evil',
        utm_campaign: '=1+2',
      }),
    ];
    expect((await t.postEvents(toNdjson(events))).json).toMatchObject({ accepted: events.length });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const get = (path: string, token: string | null = tokens.admin) =>
    fetch(`${t.base}${path}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });

  /** The CSV as rows of cells, header first; fails with the body when the answer is not a CSV. */
  const csv = async (path: string, token?: string) => {
    const res = await get(path, token);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body}`);
    return parseCsv(body);
  };

  /** Queries ClickHouse received while `fn` ran. */
  const queriesDuring = async (fn: () => Promise<unknown>) => {
    const seen: QueryEvent[] = [];
    const stop = engine.db.onQuery((e) => seen.push(e));
    try {
      await fn();
    } finally {
      stop();
    }
    return seen;
  };

  describe('reports', () => {
    it('dau: one row per day, zero-filled, by company, platform and timezone', async () => {
      expect(await csv(`/export/dau.csv?${PERIOD}`)).toEqual([
        ['date', 'activeUsers'],
        ['2026-03-01', '1'],
        ['2026-03-02', '3'],
        ['2026-03-03', '2'],
      ]);
      expect((await csv(`/export/dau.csv?${PERIOD}&companyId=c2`)).slice(1)).toEqual([
        ['2026-03-01', '0'],
        ['2026-03-02', '1'],
        ['2026-03-03', '1'],
      ]);
      expect((await csv(`/export/dau.csv?${PERIOD}&platform=ios`)).slice(1).map((r) => r[1])).toEqual(['0', '1', '0']);
      expect((await csv(`/export/dau.csv?${PERIOD}&timezone=Europe/Berlin`)).slice(1).map((r) => r[1])).toEqual(['2', '3', '2']);
    });

    it('sends a CSV attachment with a file name, streamed in chunks, never cached', async () => {
      const res = await get('/export/dau.csv?from=2026-03-01&to=2026-03-08&timezone=Europe/Berlin&companyId=c1&platform=web');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="dau_2026-03-01_2026-03-08.csv"');
      expect(res.headers.get('transfer-encoding')).toBe('chunked');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect((await res.text()).split('\n')[0]).toBe('date,activeUsers');
    });

    it('campaigns: quotes a name with a comma and quotes, defuses a formula, same rows as GraphQL', async () => {
      const res = await get(`/export/campaigns.csv?${PERIOD}`);
      const body = await res.text();
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="campaigns_2026-03-01_2026-03-04.csv"');
      expect(body).toContain('google,cpc,"spring, ""big"" sale",1,1,1,1');
      const rows = parseCsv(body);
      expect(rows).toEqual([
        ['utmSource', 'utmMedium', 'utmCampaign', 'sessions', 'users', 'signups', 'enrollments'],
        ['evil', '', "'=1+2", '1', '1', '0', '0'],
        ['google', 'cpc', SPRING, '1', '1', '1', '1'],
      ]);
      const gql = await t.graphql<{ campaignPerformance: Record<string, unknown>[] }>(
        '{ campaignPerformance(period: { from: "2026-03-01", to: "2026-03-04" }) { utmSource utmMedium utmCampaign sessions users signups enrollments } }',
      );
      expect(gql.data!.campaignPerformance.map((r) => r.utmCampaign)).toEqual(['=1+2', SPRING]);
      expect(gql.data!.campaignPerformance.map((r) => [r.sessions, r.users, r.signups, r.enrollments].join())).toEqual(
        rows.slice(1).map((r) => r.slice(3).join()),
      );
      expect((await csv(`/export/campaigns.csv?${PERIOD}&limit=1`)).length).toBe(2);
    });

    it('funnel: repeated step, window, mode, countBy and breakdownBy', async () => {
      const steps = 'step=course.viewed&step=course.enrolled';
      expect(await csv(`/export/funnel.csv?${PERIOD}&${steps}`)).toEqual([
        ['step', 'name', 'eventType', 'count', 'conversionFromStart', 'conversionFromPrevious'],
        ['1', 'course.viewed', 'course.viewed', '2', '1', '1'],
        ['2', 'course.enrolled', 'course.enrolled', '2', '1', '1'],
      ]);
      expect((await csv(`/export/funnel.csv?${PERIOD}&${steps}&window=3600&mode=strict-order&countBy=SESSION`)).slice(1).map((r) => r.slice(3))).toEqual([
        ['2', '1', '1'],
        ['1', '0.5', '0.5'],
      ]);
      expect(await csv(`/export/funnel.csv?${PERIOD}&${steps}&breakdownBy=COMPANY`)).toEqual([
        ['breakdown', 'step', 'name', 'eventType', 'count', 'conversionFromStart', 'conversionFromPrevious'],
        ['c1', '1', 'course.viewed', 'course.viewed', '1', '1', '1'],
        ['c1', '2', 'course.enrolled', 'course.enrolled', '1', '1', '1'],
        ['c2', '1', 'course.viewed', 'course.viewed', '1', '1', '1'],
        ['c2', '2', 'course.enrolled', 'course.enrolled', '1', '1', '1'],
      ]);
    });

    it('course-engagement: the courses named by repeated courseId in that order, or the active ones by orderBy', async () => {
      const header = [
        'courseId',
        'enrollments',
        'completions',
        'completionRate',
        'cohortCompletionRate',
        'activeLearners',
        'learningTimeSeconds',
        'averageTimeSpentSeconds',
        'averageQuizScore',
        'quizPassRate',
        'lessonCompletions',
      ];
      const course2 = ['course-002', '1', '1', '1', '1', '1', '0', '0', '', '', '0'];
      const course1 = ['course-001', '2', '0', '0', '0', '2', '300', '150', '', '', '1'];
      expect(await csv(`/export/course-engagement.csv?${PERIOD}&courseId=course-002&courseId=course-001`)).toEqual([header, course2, course1]);
      expect(await csv(`/export/course-engagement.csv?${PERIOD}`)).toEqual([header, course1, course2]);
      expect(await csv(`/export/course-engagement.csv?${PERIOD}&orderBy=COMPLETIONS_DESC&limit=1`)).toEqual([header, course2]);
      expect(await csv(`/export/course-engagement.csv?${PERIOD}&companyId=c2`)).toEqual([header, course2]);
    });

    it('company-summary: active companies, named companies, and a series with granularity', async () => {
      const header = ['companyId', 'activeLearners', 'coursesCompleted', 'learningTimeSeconds', 'certificatesIssued'];
      expect(await csv(`/export/company-summary.csv?${PERIOD}`)).toEqual([header, ['c1', '2', '0', '300', '0'], ['c2', '1', '1', '0', '0']]);
      expect(await csv(`/export/company-summary.csv?${PERIOD}&companyId=c2&companyId=c9`)).toEqual([
        header,
        ['c2', '1', '1', '0', '0'],
        ['c9', '0', '0', '0', '0'],
      ]);
      expect(await csv(`/export/company-summary.csv?${PERIOD}&companyId=c1&granularity=day`)).toEqual([
        ['companyId', 'bucket', 'start', 'activeLearners', 'coursesCompleted', 'learningTimeSeconds', 'certificatesIssued'],
        ['c1', '2026-03-01', '2026-03-01T00:00:00.000Z', '1', '0', '0', '0'],
        ['c1', '2026-03-02', '2026-03-02T00:00:00.000Z', '1', '0', '0', '0'],
        ['c1', '2026-03-03', '2026-03-03T00:00:00.000Z', '1', '0', '300', '0'],
      ]);
    });

    it('event-counts: every bucket x named type with repeated eventType, zero-filled', async () => {
      expect(await csv(`/export/event-counts.csv?${PERIOD}&eventType=user.registered&eventType=course.enrolled`)).toEqual([
        ['bucket', 'start', 'eventType', 'count'],
        ['2026-03-01', '2026-03-01T00:00:00.000Z', 'course.enrolled', '1'],
        ['2026-03-01', '2026-03-01T00:00:00.000Z', 'user.registered', '1'],
        ['2026-03-02', '2026-03-02T00:00:00.000Z', 'course.enrolled', '1'],
        ['2026-03-02', '2026-03-02T00:00:00.000Z', 'user.registered', '0'],
        ['2026-03-03', '2026-03-03T00:00:00.000Z', 'course.enrolled', '1'],
        ['2026-03-03', '2026-03-03T00:00:00.000Z', 'user.registered', '0'],
      ]);
      // Without eventType: only the (bucket, type) pairs that had events; 2026-03-02 is a Monday.
      expect(await csv(`/export/event-counts.csv?${PERIOD}&granularity=WEEK&companyId=c2`)).toEqual([
        ['bucket', 'start', 'eventType', 'count'],
        ['2026-03-02', '2026-03-02T00:00:00.000Z', 'course.completed', '1'],
        ['2026-03-02', '2026-03-02T00:00:00.000Z', 'course.enrolled', '1'],
        ['2026-03-02', '2026-03-02T00:00:00.000Z', 'course.viewed', '1'],
      ]);
    });
  });

  describe('auth and tenancy (as GraphQL)', () => {
    it('401 without a token, 403 for an ingest token', async () => {
      const none = await get(`/export/dau.csv?${PERIOD}`, null);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const ingest = await get(`/export/dau.csv?${PERIOD}`, tokens.ingest);
      expect(ingest.status).toBe(403);
      expect(await ingest.json()).toEqual({ error: expect.stringMatching(/ingest/) });
    });

    it('an analyst reads every company', async () => {
      expect((await csv(`/export/dau.csv?${PERIOD}`, tokens.analyst)).slice(1).map((r) => r[1])).toEqual(['1', '3', '2']);
    });

    it('a partner gets its own company, with or without naming it', async () => {
      const own = [
        ['date', 'activeUsers'],
        ['2026-03-01', '1'],
        ['2026-03-02', '1'],
        ['2026-03-03', '1'],
      ];
      expect(await csv(`/export/dau.csv?${PERIOD}`, tokens.c1)).toEqual(own);
      expect(await csv(`/export/dau.csv?${PERIOD}&companyId=c1`, tokens.c1)).toEqual(own);
      expect(await csv(`/export/company-summary.csv?${PERIOD}`, tokens.c2)).toEqual([
        ['companyId', 'activeLearners', 'coursesCompleted', 'learningTimeSeconds', 'certificatesIssued'],
        ['c2', '1', '1', '0', '0'],
      ]);
      expect((await csv(`/export/campaigns.csv?${PERIOD}`, tokens.c1)).slice(1).map((r) => r[2])).toEqual([SPRING]);
      expect((await csv(`/export/funnel.csv?${PERIOD}&step=course.viewed&step=course.enrolled`, tokens.c2)).slice(1).map((r) => r[3])).toEqual(['1', '1']);
    });

    it('a figure the privacy threshold withholds from a partner is an empty cell', async () => {
      const strict = await startTestServer({ ...engine, config: { ...engine.config, privacyMinLearners: 2 } });
      try {
        const res = await fetch(`${strict.base}/export/dau.csv?${PERIOD}`, { headers: { authorization: `Bearer ${tokens.c1}` } });
        expect(parseCsv(await res.text())).toEqual([
          ['date', 'activeUsers'],
          ['2026-03-01', ''],
          ['2026-03-02', ''],
          ['2026-03-03', ''],
        ]);
      } finally {
        await strict.server.stop();
      }
    });

    it.each([
      `/export/dau.csv?${PERIOD}&companyId=c2`,
      `/export/company-summary.csv?${PERIOD}&companyId=c1&companyId=c2`,
      `/export/course-engagement.csv?${PERIOD}&companyId=c2`,
      `/export/funnel.csv?${PERIOD}&companyId=c2&step=course.viewed&step=course.enrolled`,
    ])('a partner naming another company gets 403 and no query runs: %s', async (path) => {
      let res!: Response;
      expect(await queriesDuring(async () => (res = await get(path, tokens.c1)))).toEqual([]);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: 'a partner token for c1 may not read company c2' });
    });
  });

  describe('validation: 400 naming the parameter, before any query', () => {
    const cases: [string, string, RegExp][] = [
      ['/export/dau.csv?to=2026-03-04', 'from', /required/],
      ['/export/dau.csv?from=2026-02-30&to=2026-03-04', 'from', /YYYY-MM-DD/],
      ['/export/dau.csv?from=2026-03-01&from=2026-03-02&to=2026-03-04', 'from', /more than once/],
      ['/export/dau.csv?from=2026-03-04&to=2026-03-01', 'to', /must be before to/],
      ['/export/dau.csv?from=2024-01-01&to=2026-03-01', 'to', /limit/],
      [`/export/dau.csv?${PERIOD}&timezone=Mars/Base`, 'timezone', /unknown timezone/],
      ['/export/dau.csv?from=1970-01-01&to=1970-01-04&timezone=Africa/Monrovia', 'timezone', /quarter hours/],
      [`/export/dau.csv?${PERIOD}&companyId=`, 'companyId', /empty/],
      [`/export/dau.csv?${PERIOD}&form=2026-03-01`, 'form', /not a parameter.*from, to, timezone, companyId, platform/],
      [`/export/funnel.csv?${PERIOD}&step=course.viewed`, 'step', /2 to 20 steps, got 1/],
      [`/export/funnel.csv?${PERIOD}&step=course.viewed&step=Course Enrolled`, 'step[1]', /dot\.case/],
      [`/export/funnel.csv?${PERIOD}&step=course.viewed&step=course.enrolled&window=day`, 'window', /whole number/],
      [`/export/funnel.csv?${PERIOD}&step=course.viewed&step=course.enrolled&window=0`, 'window', /1 to 7776000/],
      [`/export/funnel.csv?${PERIOD}&step=course.viewed&step=course.enrolled&mode=sideways`, 'mode', /ORDERED, STRICT_ORDER, UNORDERED/],
      [`/export/funnel.csv?${PERIOD}&step=course.viewed&step=course.enrolled&breakdownBy=CITY`, 'breakdownBy', /PLATFORM/],
      [`/export/campaigns.csv?${PERIOD}&limit=0`, 'limit', /between 1 and 1000/],
      [`/export/event-counts.csv?${PERIOD}&eventType=course.viewed&eventType=DROP TABLE`, 'eventType[1]', /dot\.case/],
      ['/export/event-counts.csv?from=2026-01-01&to=2026-03-01&granularity=HOUR', 'to', /HOUR/],
      [`/export/course-engagement.csv?${PERIOD}&limit=501`, 'limit', /between 1 and 500/],
      [`/export/course-engagement.csv?${PERIOD}&orderBy=POPULAR`, 'orderBy', /ENROLLMENTS_DESC/],
      // Repeatable parameters are named with the index of the bad value, from 0.
      [`/export/course-engagement.csv?${PERIOD}&courseId=${'x'.repeat(129)}`, 'courseId[0]', /at most 128/],
      [`/export/company-summary.csv?${PERIOD}&companyId=c1&companyId=`, 'companyId[1]', /empty/],
      ['/export/company-summary.csv?from=2026-01-01&to=2026-03-01&granularity=HOUR', 'to', /HOUR/],
    ];

    it.each(cases)('%s -> 400 naming %s', async (path, parameter, message) => {
      let res!: Response;
      expect(await queriesDuring(async () => (res = await get(path)))).toEqual([]);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string; parameter: string };
      expect(body.parameter).toBe(parameter);
      expect(body.error).toMatch(message);
      expect(body.error.startsWith(`${parameter}: `)).toBe(true);
    });

    it('an unknown report is 404 with the list of reports', async () => {
      const res = await get(`/export/users.csv?${PERIOD}`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: string }).error).toMatch(/dau, course-engagement, funnel, campaigns, company-summary, event-counts/);
    });
  });
});
