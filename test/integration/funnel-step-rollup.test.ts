import { RollupVerificationRepository } from '../../src/clickhouse/repositories/rollup-verification.repository';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson, type EventJson } from '../helpers/events';
import { startTestServer, type TestServer } from '../helpers/http';

/**
 * EACH_STEP funnels from the daily step rollup (0091) answer what raw events answer: each
 * funnel is checked against a count computed here from the events sent, and the statement that
 * answered is named, so a query the rollup cannot answer exactly is shown to go to raw events.
 */

const PAGES = [
  '/login',
  '/login/otp?x=1',
  '/loginhelp',
  '/log',
  '/login?next=/home',
  '/login#f',
  'https://example.com/login',
  '?q=/login',
  '/',
  '/dashboard',
  '/dashboard/x',
  '/dashboards',
];
const ELEMENTS: unknown[] = ['email_entered', 'otp_requested', 'login_button_clicked', undefined, 7, 'email_entered '];

interface Sent {
  type: string;
  day: string;
  session: string;
  user: string;
  company: string;
  page: string;
  element: string;
}

function events(): { json: EventJson[]; sent: Sent[] } {
  const json: EventJson[] = [];
  const sent: Sent[] = [];
  const days = ['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'];
  let n = 0;
  for (const day of days) {
    for (let s = 0; s < 14; s++) {
      const session = s % 5 === 4 ? '' : `sess-${day}-${s % 9}`;
      const user = s % 7 === 6 ? '' : `u${s % 6}`;
      const company = s % 3 === 0 ? 'c1' : s % 3 === 1 ? 'c2' : '';
      const page = PAGES[(n += 1) % PAGES.length];
      const element = ELEMENTS[(n * 5) % ELEMENTS.length];
      const base = { session_id: session, company_id: company, timestamp: `${day}T${String(8 + (s % 10)).padStart(2, '0')}:00:00.000Z` };
      const withUser = (e: EventJson) => (user === '' ? { ...e, user_id: undefined, anonymous_id: `anon-${s}` } : { ...e, user_id: user });
      json.push(withUser(anEvent({ ...base, type: 'page.viewed', page })));
      json.push(withUser(anEvent({ ...base, type: 'ui.clicked', page: '/login', properties: element === undefined ? {} : { element } })));
      if (s % 2 === 0 && user !== '') json.push(withUser(anEvent({ ...base, type: 'user.logged_in', page })));
      sent.push({ type: 'page.viewed', day, session, user, company, page, element: '' });
      sent.push({ type: 'ui.clicked', day, session, user, company, page: '/login', element: element === undefined ? '' : String(element) });
      if (s % 2 === 0 && user !== '') sent.push({ type: 'user.logged_in', day, session, user, company, page, element: '' });
    }
  }
  return { json, sent };
}

interface Step {
  eventType: string;
  pagePrefix?: string;
  element?: string;
  contains?: string;
}

const stepInput = (s: Step) =>
  `{ eventType: "${s.eventType}"${s.pagePrefix === undefined ? '' : `, pagePrefix: ${JSON.stringify(s.pagePrefix)}`}${
    s.element === undefined ? '' : `, where: [{ property: "element", value: ${JSON.stringify(s.element)} }]`
  }${s.contains === undefined ? '' : `, where: [{ property: "element", op: CONTAINS, value: ${JSON.stringify(s.contains)} }]`} }`;

/** The oracle: per step, distinct non-empty entities with a matching event in [from, to). */
function expected(sent: readonly Sent[], steps: readonly Step[], from: string, to: string, by: 'session' | 'user', company?: string): number[] {
  return steps.map((step) => {
    const hit = sent.filter(
      (e) =>
        e.day >= from &&
        e.day < to &&
        (company === undefined || e.company === company) &&
        e.type === step.eventType &&
        (step.pagePrefix === undefined || e.page.startsWith(step.pagePrefix)) &&
        (step.element === undefined || e.element === step.element) &&
        (step.contains === undefined || e.element.includes(step.contains)),
    );
    return new Set(hit.map((e) => e[by]).filter((x) => x !== '')).size;
  });
}

describe('EACH_STEP funnels from the daily step rollup (0091)', () => {
  let engine: TestEngine;
  let t: TestServer;
  const { json, sent } = events();

  beforeAll(async () => {
    engine = await migratedEngine('funnel_step_rollup');
    t = await startTestServer(engine);
    expect((await t.postEvents(toNdjson(json))).json).toMatchObject({ accepted: json.length, rejected: 0 });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const ask = async (steps: Step[], period: string, countBy: 'SESSION' | 'USER', extra = '') => {
    const seen: string[] = [];
    const stop = engine.db.onQuery((e) => seen.push(e.operation));
    const res = await t.graphql<{ funnel: { steps: { count: number }[] } }>(
      `{ funnel(mode: EACH_STEP, countBy: ${countBy}, period: ${period}${extra}, steps: [${steps.map(stepInput).join(', ')}]) { steps { count } } }`,
    );
    stop();
    expect(res.errors).toBeUndefined();
    return { counts: res.data!.funnel.steps.map((s) => s.count), statements: seen.filter((o) => o.startsWith('metrics.funnel')) };
  };

  const LOGIN: Step[] = [
    { eventType: 'page.viewed', pagePrefix: '/login' },
    { eventType: 'ui.clicked', element: 'email_entered' },
    { eventType: 'ui.clicked', element: '7' },
    { eventType: 'ui.clicked', element: 'otp_requested' },
    { eventType: 'user.logged_in' },
    { eventType: 'page.viewed', pagePrefix: '/dashboard' },
    { eventType: 'page.viewed', pagePrefix: '/' },
    { eventType: 'user.logged_in', pagePrefix: '/log' },
  ];

  it.each([
    ['sessions, all companies', 'SESSION', '', undefined],
    ['users, all companies', 'USER', '', undefined],
    ['sessions of c1', 'SESSION', ', companyId: "c1"', 'c1'],
  ] as const)('the login funnel (%s) from the rollup equals the events', async (_name, countBy, extra, company) => {
    const got = await ask(LOGIN, '{ from: "2026-03-01", to: "2026-03-04" }', countBy, extra);
    expect(got.statements).toEqual(['metrics.funnel.each_step_rollup']);
    expect(got.counts).toEqual(expected(sent, LOGIN, '2026-03-01', '2026-03-04', countBy === 'SESSION' ? 'session' : 'user', company));
    expect(got.counts.every((c) => c > 0)).toBe(true);
  });

  it.each([
    ['a prefix past the first path segment', [{ eventType: 'page.viewed', pagePrefix: '/login/' }, { eventType: 'user.logged_in' }]],
    ['a prefix with a query string', [{ eventType: 'page.viewed', pagePrefix: '/login?' }, { eventType: 'user.logged_in' }]],
    ['a CONTAINS filter', [{ eventType: 'ui.clicked', contains: 'email' }, { eventType: 'user.logged_in' }]],
  ] as const)('a funnel with %s is answered from raw events, and equals them', async (_name, steps) => {
    const got = await ask([...steps], '{ from: "2026-03-01", to: "2026-03-04" }', 'SESSION');
    expect(got.statements).toEqual(['metrics.funnel.each_step']);
    expect(got.counts).toEqual(expected(sent, steps, '2026-03-01', '2026-03-04', 'session'));
    expect(got.counts[0]).toBeGreaterThan(0);
  });

  it('a period that is not whole UTC days is answered from raw events', async () => {
    const got = await ask(LOGIN, '{ from: "2026-03-01", to: "2026-03-04", timezone: "Europe/Berlin" }', 'SESSION');
    expect(got.statements).toEqual(['metrics.funnel.each_step']);
  });

  it('verify-rollups finds the step rollup equal to its recomputation from raw events', async () => {
    const reports = await new RollupVerificationRepository(engine.db).verify(new Date('2026-02-01T00:00:00Z'), new Date('2026-04-01T00:00:00Z'));
    const report = reports.find((r) => r.rollup === 'rollup_step_sessions_daily')!;
    expect(report.groups).toBeGreaterThan(20);
    expect(report.differences).toEqual([]);
  });
});
