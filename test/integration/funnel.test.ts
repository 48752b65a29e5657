import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson, type EventJson } from '../helpers/events';
import { startTestServer, type TestServer } from '../helpers/http';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

// Steps A B C of the main funnel.
const A = 'course.viewed';
const B = 'course.enrolled';
const C = 'lesson.started';

const step = (user: string, type: string, seconds: number, extra: Partial<EventJson> = {}) =>
  anEvent({ type, user_id: user, timestamp: at(seconds), ...extra });

/**
 * Hand-built journeys; levels reached per mode (ORDERED / STRICT_ORDER / UNORDERED) with a
 * window of 3600 s over the period [2026-03-01, 2026-03-03) UTC.
 */
const journeys: EventJson[] = [
  // 3 / 3 / 3
  step('u_full', A, 0, { company_id: 'c1' }),
  step('u_full', B, 60, { company_id: 'c1' }),
  step('u_full', C, 120, { company_id: 'c1' }),
  // 3 / 3 / 3: an event that is no step does not break STRICT_ORDER.
  step('u_extra', A, 0),
  step('u_extra', 'page.viewed', 30, { page: '/dashboard' }),
  step('u_extra', B, 60),
  step('u_extra', C, 120),
  // 3 / 1 / 3: step C between A and B breaks STRICT_ORDER (and it stops there), not ORDERED.
  step('u_between', A, 0, { company_id: 'c1', platform: 'ios' }),
  step('u_between', C, 30, { company_id: 'c1' }),
  step('u_between', B, 60, { company_id: 'c1' }),
  step('u_between', C, 90, { company_id: 'c1' }),
  // 1 / 1 / 3: all steps, in reverse order.
  step('u_rev', C, 0, { company_id: 'c1' }),
  step('u_rev', B, 60, { company_id: 'c1' }),
  step('u_rev', A, 120, { company_id: 'c1', platform: 'android' }),
  // 2 / 2 / 2: C comes after the window (3700 s after A).
  step('u_late', A, 0),
  step('u_late', B, 60),
  step('u_late', C, 3700),
  // 1 / 1 / 3: step 2 before step 1.
  step('u_b_first', B, 0),
  step('u_b_first', A, 60),
  step('u_b_first', C, 120),
  // 3 / 3 / 3: repeated steps; breakdown takes the platform of the FIRST step-1 event (ios).
  step('u_repeat', A, 0, { platform: 'ios' }),
  step('u_repeat', A, 30, { platform: 'web' }),
  step('u_repeat', B, 60),
  step('u_repeat', B, 90),
  step('u_repeat', C, 120),
  // 2 / 2 / 2: the first A..B is too slow, a second A..B counts.
  step('u_restart', A, 0),
  step('u_restart', B, 4000),
  step('u_restart', A, 5000),
  step('u_restart', B, 5100),
  // 0: never did step 1.
  step('u_only_b', B, 0),
  step('u_only_b', C, 60),
  // 0: step 1 was before the period.
  step('u_out', A, -36001),
  step('u_out', B, 0),
  step('u_out', C, 60),
  // 2: step 3 at the end of the period, which is excluded.
  anEvent({ type: A, user_id: 'u_end', timestamp: '2026-03-02T23:30:00Z' }),
  anEvent({ type: B, user_id: 'u_end', timestamp: '2026-03-02T23:40:00Z' }),
  anEvent({ type: C, user_id: 'u_end', timestamp: '2026-03-03T00:00:00Z' }),
  // Two users with sessions: by user 3 and 3; by session s1 = 2, s2 = 0 (C only), s3 = 3.
  step('u_sess', A, 0, { session_id: 's1' }),
  step('u_sess', B, 60, { session_id: 's1' }),
  step('u_sess', C, 120, { session_id: 's2' }),
  step('u_sess2', A, 0, { session_id: 's3' }),
  step('u_sess2', B, 30, { session_id: 's3' }),
  step('u_sess2', C, 60, { session_id: 's3' }),
  // Anonymous visitors are no users.
  { ...anEvent({ type: A, anonymous_id: 'anon', timestamp: at(0) }), user_id: undefined },
];

// Step filters: pages under /courses/, lesson.completed of course-007, a review with rating and plan.tier.
const P1 = { eventType: 'page.viewed', pagePrefix: '/courses/' };
const P2 = { eventType: 'lesson.completed', courseId: 'course-007' };
const review = (user: string, properties: Record<string, unknown>) => step(user, 'review.submitted', 7320, { properties });
const filtered: EventJson[] = [
  step('p1', 'page.viewed', 7200, { page: '/courses/x' }),
  step('p1', 'lesson.completed', 7260, { course_id: 'course-007', lesson_id: 'course-007-m1-l2' }),
  review('p1', { rating: 5, plan: { tier: 'pro' } }),
  step('p2', 'page.viewed', 7200, { page: '/pricing' }),
  step('p2', 'lesson.completed', 7260, { course_id: 'course-007' }),
  review('p2', { rating: 5, plan: { tier: 'pro' } }),
  step('p3', 'page.viewed', 7200, { page: '/courses/y' }),
  step('p3', 'lesson.completed', 7260, { course_id: 'course-001' }),
  review('p3', { rating: 5, plan: { tier: 'pro' } }),
  ...['p4', 'p5', 'p6'].flatMap((u) => [step(u, 'page.viewed', 7200, { page: '/courses/z' }), step(u, 'lesson.completed', 7260, { course_id: 'course-007' })]),
  review('p4', { rating: 3, plan: { tier: 'pro' } }),
  review('p5', { rating: 5, plan: { tier: 'free' } }),
  review('p6', { rating: 4 }),
];

// Edge cases on 2026-03-05, each under its own company so they stay out of the counts above.
const edge = (user: string, company: string, type: string, time: string) =>
  anEvent({ type, user_id: user, company_id: company, timestamp: `2026-03-05T10:00:${time}Z` });
const edges: EventJson[] = [
  // STRICT_ORDER stops at the first break: the clean A B C after it is not looked at.
  edge('u_acab', 'e_break', A, '00'),
  edge('u_acab', 'e_break', C, '10'),
  edge('u_acab', 'e_break', A, '20'),
  edge('u_acab', 'e_break', B, '30'),
  edge('u_acab', 'e_break', C, '40'),
  // One event that matches two steps completes both.
  edge('u_once', 'e_once', A, '00'),
  // Same second: taken in step order, whatever the milliseconds say.
  edge('u_sec', 'e_sec', B, '00.100'),
  edge('u_sec', 'e_sec', A, '00.800'),
  // Whole seconds: 10.099 s apart is 10 s apart.
  edge('u_ms', 'e_ms', A, '00.900'),
  edge('u_ms', 'e_ms', B, '10.999'),
];

/** Seeded journeys on 2026-03-07 (company e_random), checked against a direct computation in JS. */
function randomJourneys(users: number, seed: number): { events: EventJson[]; times: Map<string, number[][]> } {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const types = [A, B, C, 'page.viewed'];
  const events: EventJson[] = [];
  const times = new Map<string, number[][]>();
  for (let u = 0; u < users; u++) {
    const user = `r${u}`;
    const perStep: number[][] = [[], [], []];
    for (let e = 0, n = 3 + Math.floor(random() * 10); e < n; e++) {
      const stepIndex = Math.floor(random() * types.length);
      const second = Math.floor(random() * 1800);
      events.push(
        anEvent({
          type: types[stepIndex],
          user_id: user,
          company_id: 'e_random',
          timestamp: new Date(Date.parse('2026-03-07T00:00:00Z') + second * 1000).toISOString(),
        }),
      );
      if (stepIndex < 3) perStep[stepIndex].push(second);
    }
    times.set(user, perStep);
  }
  return { events, times };
}

/** ORDERED: from some step-1 event, each next step at the same second or later, the last within `window`. */
function orderedLevel(perStep: number[][], window: number): number {
  let best = 0;
  for (const start of perStep[0]) {
    let level = 1;
    let previous = start;
    for (let k = 1; k < perStep.length; k++) {
      const next = perStep[k].filter((t) => t >= previous && t <= start + window).sort((a, b) => a - b)[0];
      if (next === undefined) break;
      previous = next;
      level += 1;
    }
    best = Math.max(best, level);
  }
  return best;
}

/** UNORDERED: the most leading steps that all have an event in one span [s, s + window]. */
function unorderedLevel(perStep: number[][], window: number): number {
  let best = 0;
  for (let s = 0; s < 3600; s++) {
    let level = 0;
    while (level < perStep.length && perStep[level].some((t) => t >= s && t <= s + window)) level += 1;
    best = Math.max(best, level);
  }
  return best;
}

const random = randomJourneys(80, 20260307);

const FUNNEL = `query Funnel($steps: [FunnelStepInput!]!, $window: Int!, $mode: FunnelMode!, $countBy: FunnelCountBy!, $companyId: ID, $breakdownBy: Dimension, $period: PeriodInput!) {
  funnel(steps: $steps, period: $period, window: $window, mode: $mode, countBy: $countBy, companyId: $companyId, breakdownBy: $breakdownBy) {
    steps { index name eventType count conversionFromStart conversionFromPrevious }
    overallConversion
    breakdown { value overallConversion steps { count } }
  }
}`;

interface FunnelData {
  steps: { index: number; name: string; eventType: string; count: number; conversionFromStart: number; conversionFromPrevious: number }[];
  overallConversion: number;
  breakdown: { value: string; overallConversion: number; steps: { count: number }[] }[] | null;
}

describe('funnel (raw events, hand-built journeys)', () => {
  let engine: TestEngine;
  let t: TestServer;
  const queries: string[] = [];
  beforeAll(async () => {
    engine = await migratedEngine('funnel');
    t = await startTestServer(engine);
    engine.db.onQuery((e) => queries.push(e.operation));
    const res = await t.postEvents(toNdjson([...journeys, ...filtered, ...edges, ...random.events]));
    expect(res.json).toMatchObject({ accepted: journeys.length + filtered.length + edges.length + random.events.length, rejected: 0 });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const funnel = async (vars: Record<string, unknown>) => {
    const res = await t.graphql<{ funnel: FunnelData }>(FUNNEL, {
      steps: [{ eventType: A }, { eventType: B }, { eventType: C }],
      period: { from: '2026-03-01', to: '2026-03-03' },
      window: 3600,
      mode: 'ORDERED',
      countBy: 'USER',
      ...vars,
    });
    expect(res.errors).toBeUndefined();
    return res.data!.funnel;
  };
  const counts = async (vars: Record<string, unknown>) => (await funnel(vars)).steps.map((s) => s.count);

  it('ORDERED: steps in order within the window, other events in between allowed', async () => {
    const f = await funnel({});
    expect(f.steps).toEqual([
      { index: 1, name: A, eventType: A, count: 11, conversionFromStart: 1, conversionFromPrevious: 1 },
      { index: 2, name: B, eventType: B, count: 9, conversionFromStart: 9 / 11, conversionFromPrevious: 9 / 11 },
      { index: 3, name: C, eventType: C, count: 6, conversionFromStart: 6 / 11, conversionFromPrevious: 6 / 9 },
    ]);
    expect(f.overallConversion).toBe(6 / 11);
    expect(f.breakdown).toBeNull();
  });

  it('STRICT_ORDER: another step event between consecutive steps breaks the chain', async () => {
    expect(await counts({ mode: 'STRICT_ORDER' })).toEqual([11, 8, 5]);
  });

  it('UNORDERED: every step within one window, in any order', async () => {
    expect(await counts({ mode: 'UNORDERED' })).toEqual([11, 11, 8]);
  });

  it('keeps a step exactly `window` seconds after step 1, not one second more', async () => {
    const steps = [{ eventType: A }, { eventType: B }];
    // A..B takes 60 s for u_full, u_extra, u_between, u_late, u_sess; 30 s for u_repeat and u_sess2.
    expect(await counts({ steps, window: 60 })).toEqual([11, 7]);
    expect(await counts({ steps, window: 59 })).toEqual([11, 2]);
  });

  it('follows windowFunnel on breaks, shared events and whole seconds', async () => {
    const period = { from: '2026-03-05', to: '2026-03-06' };
    const modes = async (vars: Record<string, unknown>) =>
      Promise.all(['ORDERED', 'STRICT_ORDER', 'UNORDERED'].map((mode) => counts({ period, mode, ...vars })));
    expect(await modes({ companyId: 'e_break' })).toEqual([
      [1, 1, 1],
      [1, 0, 0],
      [1, 1, 1],
    ]);
    const twice = [{ eventType: A }, { eventType: A, name: 'again' }];
    expect(await modes({ companyId: 'e_once', steps: twice })).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    const ab = [{ eventType: A }, { eventType: B }];
    expect(await modes({ companyId: 'e_sec', steps: ab })).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(await modes({ companyId: 'e_ms', steps: ab, window: 10 })).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(await modes({ companyId: 'e_ms', steps: ab, window: 9 })).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
  });

  it('agrees with a direct computation on seeded random journeys', async () => {
    const expected = (level: (perStep: number[][], window: number) => number, window: number) => {
      const levels = [...random.times.values()].map((perStep) => level(perStep, window));
      return [1, 2, 3].map((k) => levels.filter((l) => l >= k).length);
    };
    const period = { from: '2026-03-07', to: '2026-03-08' };
    for (const window of [1, 60, 300, 900]) {
      expect({ window, ordered: await counts({ period, window, companyId: 'e_random' }) }).toEqual({ window, ordered: expected(orderedLevel, window) });
      expect({ window, unordered: await counts({ period, window, companyId: 'e_random', mode: 'UNORDERED' }) }).toEqual({
        window,
        unordered: expected(unorderedLevel, window),
      });
    }
  });

  it('EACH_STEP: every step on its own (entities with an event of it in the period), equal to a direct count, by user and by session', async () => {
    const all = [...journeys, ...filtered, ...edges, ...random.events];
    const inPeriod = (e: EventJson, from: string, to: string) => {
      const t = Date.parse(e.timestamp as string);
      return t >= Date.parse(`${from}T00:00:00Z`) && t < Date.parse(`${to}T00:00:00Z`);
    };
    const direct = (key: 'user_id' | 'session_id', from: string, to: string, company?: string) =>
      [A, B, C].map(
        (type) =>
          new Set(
            all
              .filter((e) => e.type === type && inPeriod(e, from, to) && (company === undefined || e.company_id === company))
              .map((e) => e[key] as string | undefined)
              .filter((id) => id !== undefined && id !== ''),
          ).size,
      );
    const main = direct('user_id', '2026-03-01', '2026-03-03');
    expect(main).toEqual([11, 13, 11]); // by hand: u_only_b, u_out and u_end did B without A in the period
    expect(await counts({ mode: 'EACH_STEP' })).toEqual(main);
    expect(await counts({ mode: 'EACH_STEP', countBy: 'SESSION' })).toEqual(direct('session_id', '2026-03-01', '2026-03-03'));
    const period = { from: '2026-03-07', to: '2026-03-08' };
    expect(await counts({ mode: 'EACH_STEP', period, companyId: 'e_random' })).toEqual(direct('user_id', '2026-03-07', '2026-03-08', 'e_random'));
    // A breakdown partitions the entities (each by its first step event): the groups add up to the totals.
    const f = await funnel({ mode: 'EACH_STEP', breakdownBy: 'COMPANY' });
    expect(f.steps.map((s) => s.count)).toEqual(main);
    expect([0, 1, 2].map((k) => f.breakdown!.reduce((sum, g) => sum + g.steps[k].count, 0))).toEqual(main);
    expect(f.breakdown!.find((g) => g.value === 'c1')!.steps.map((s) => s.count)).toEqual(direct('user_id', '2026-03-01', '2026-03-03', 'c1'));
    // One query, no windowFunnel: whole UTC days and plain steps read the daily step rollup (0091).
    queries.length = 0;
    await counts({ mode: 'EACH_STEP' });
    expect(queries.filter((q) => q.startsWith('metrics.funnel'))).toEqual(['metrics.funnel.each_step_rollup']);
  });

  it('counts sessions instead of users, leaving out events without a session', async () => {
    expect(await counts({ countBy: 'SESSION' })).toEqual([2, 2, 1]);
    expect(await counts({ countBy: 'SESSION', mode: 'UNORDERED' })).toEqual([2, 2, 1]);
  });

  it('only reads the events of the company asked for', async () => {
    expect(await counts({ companyId: 'c1' })).toEqual([3, 2, 2]);
    expect(await counts({ companyId: 'c1', mode: 'STRICT_ORDER' })).toEqual([3, 1, 1]);
    expect(await counts({ companyId: 'c1', mode: 'UNORDERED' })).toEqual([3, 3, 3]);
    expect(await counts({ companyId: 'nobody' })).toEqual([0, 0, 0]);
  });

  it('reports 0 rates when nobody did step 1', async () => {
    const f = await funnel({ period: { from: '2026-04-01', to: '2026-04-02' } });
    expect(f.steps.map((s) => [s.count, s.conversionFromStart, s.conversionFromPrevious])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(f.overallConversion).toBe(0);
  });

  it("breaks down by the dimension of each entity's first step-1 event, largest group first", async () => {
    const f = await funnel({ breakdownBy: 'PLATFORM' });
    expect(f.breakdown).toEqual([
      { value: 'web', overallConversion: 4 / 8, steps: [{ count: 8 }, { count: 7 }, { count: 4 }] },
      { value: 'ios', overallConversion: 1, steps: [{ count: 2 }, { count: 2 }, { count: 2 }] },
      { value: 'android', overallConversion: 0, steps: [{ count: 1 }, { count: 0 }, { count: 0 }] },
    ]);
    expect(f.steps.map((s) => s.count)).toEqual([11, 9, 6]);
    const byCompany = await funnel({ breakdownBy: 'COMPANY', mode: 'UNORDERED' });
    expect(byCompany.breakdown!.map((g) => [g.value, g.steps.map((s) => s.count)])).toEqual([
      ['', [8, 8, 5]],
      ['c1', [3, 3, 3]],
    ]);
  });

  it('filters steps by page prefix, course, lesson and properties', async () => {
    const review3 = (where: unknown[]) => ({ eventType: 'review.submitted', name: 'reviewed', where });
    const f = await funnel({
      steps: [
        P1,
        P2,
        review3([
          { property: 'rating', op: 'GTE', value: '4' },
          { property: 'plan.tier', value: 'pro' },
        ]),
      ],
    });
    expect(f.steps.map((s) => [s.name, s.count])).toEqual([
      ['page.viewed', 5],
      ['lesson.completed', 4],
      ['reviewed', 1],
    ]);
    const third = async (where: unknown[]) => (await counts({ steps: [P1, P2, review3(where)] }))[2];
    expect(
      await third([
        { property: 'rating', op: 'GTE', value: '4' },
        { property: 'plan.tier', op: 'NEQ', value: 'pro' },
      ]),
    ).toBe(2); // p5 'free', p6 absent
    expect(await third([{ property: 'plan.tier', op: 'CONTAINS', value: 'fr' }])).toBe(1);
    expect(await third([{ property: 'rating', op: 'GT', value: '4' }])).toBe(2);
    expect(await third([{ property: 'rating', op: 'LT', value: '4' }])).toBe(1);
    expect(await third([{ property: 'rating', op: 'LTE', value: '4.0' }])).toBe(2);
    expect(await third([{ property: 'rating', op: 'EQ', value: '5' }])).toBe(2); // the number's text
    expect(
      await third([
        { property: 'rating', op: 'GT', value: '1' },
        { property: 'plan.tier', op: 'GT', value: '0' },
      ]),
    ).toBe(0); // text is never a number
    expect(await third([{ property: 'nothing.here', op: 'EQ', value: '' }])).toBe(4); // absent reads as ''
    expect(await counts({ steps: [P1, { eventType: 'lesson.completed', lessonId: 'course-007-m1-l2' }] })).toEqual([5, 1]);
  });

  it('rejects bad arguments before running any query, naming the argument', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ steps: [{ eventType: A }] }, /^steps: a funnel has 2 to 20 steps, got 1/],
      [{ steps: Array.from({ length: 21 }, () => ({ eventType: A })) }, /^steps: a funnel has 2 to 20 steps, got 21/],
      [{ steps: [{ eventType: A }, { eventType: 'Course.Enrolled' }] }, /^steps\[1\]\.eventType: must be a dot.case event type/],
      [{ steps: [{ eventType: A }, { eventType: 'enrolled' }] }, /^steps\[1\]\.eventType: /],
      [{ steps: [{ eventType: A, courseId: '' }, { eventType: B }] }, /^steps\[0\]\.courseId: must not be empty/],
      [{ steps: [{ eventType: A, lessonId: 'x'.repeat(129) }, { eventType: B }] }, /^steps\[0\]\.lessonId: /],
      [{ steps: [{ eventType: A, pagePrefix: '' }, { eventType: B }] }, /^steps\[0\]\.pagePrefix: must not be empty/],
      [{ steps: [{ eventType: A, name: '' }, { eventType: B }] }, /^steps\[0\]\.name: must not be empty/],
      [{ steps: [{ eventType: A }, { eventType: B, where: [{ property: 'a..b', value: '1' }] }] }, /^steps\[1\]\.where\[0\]\.property: must be a path/],
      [{ steps: [{ eventType: A }, { eventType: B, where: [{ property: "x') OR 1=1 --", value: '1' }] }] }, /^steps\[1\]\.where\[0\]\.property: /],
      [{ steps: [{ eventType: A }, { eventType: B, where: [{ property: 'a.b.c.d.e.f', value: '1' }] }] }, /^steps\[1\]\.where\[0\]\.property: /],
      [
        { steps: [{ eventType: A }, { eventType: B, where: [{ property: 'rating', op: 'GT', value: 'four' }] }] },
        /^steps\[1\]\.where\[0\]\.value: GT compares numbers/,
      ],
      [
        { steps: [{ eventType: A }, { eventType: B, where: Array.from({ length: 11 }, () => ({ property: 'a', value: '1' })) }] },
        /^steps\[1\]\.where: has 11 filters/,
      ],
      [{ window: 0 }, /^window: must be a whole number of seconds from 1 to 7776000/],
      [{ window: 7776001 }, /^window: /],
      [{ period: { from: '2026-03-03', to: '2026-03-01' } }, /^period: from \(2026-03-03\) must be before to/],
      [{ period: { from: '2020-01-01', to: '2026-01-01' } }, /^period: 2192 days is longer than the 400-day limit/],
    ];
    const before = queries.length;
    for (const [vars, message] of cases) {
      const res = await t.graphql(FUNNEL, {
        steps: [{ eventType: A }, { eventType: B }],
        period: { from: '2026-03-01', to: '2026-03-03' },
        window: 3600,
        mode: 'ORDERED',
        countBy: 'USER',
        ...vars,
      });
      expect({ vars, error: res.errors?.[0] }).toMatchObject({
        vars,
        error: { message: expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT' } },
      });
    }
    expect(queries.slice(before).filter((op) => op.startsWith('metrics.funnel'))).toEqual([]);
  });

  it('accepts the defaults (24 h window, ORDERED, by user)', async () => {
    const res = await t.graphql<{ funnel: FunnelData }>(
      `{ funnel(steps: [{ eventType: "${A}" }, { eventType: "${B}" }], period: { from: "2026-03-01", to: "2026-03-03" }) { steps { count } } }`,
    );
    expect(res.errors).toBeUndefined();
    // u_restart's first B (4000 s) is now in the window; u_end's A..B took 10 minutes: every A..B pair counts.
    expect(res.data!.funnel.steps.map((s) => s.count)).toEqual([11, 9]);
  });
});
