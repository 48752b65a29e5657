/**
 * The admin dashboard (dashboard/, served at `/`) in real headless Chromium against a real
 * embedded engine with generated events: every page loads with no request leaving the server,
 * every figure shown equals the GraphQL answer for the same period (computed here through the
 * API, formatted with the dashboard's own format.ts), a partner token sees only its company,
 * and screenshots are kept in test-artifacts/. One built dashboard and one browser for the file.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  CampaignsDocument,
  CompanySummaryDetailDocument,
  CompanySummaryDocument,
  CourseEngagementDetailDocument,
  CourseEngagementTrendsDocument,
  CourseProgressDocument,
  CourseQuizItemsDocument,
  DailyActiveUsersDocument,
  FunnelDocument,
  RetentionDocument,
  RevenueDocument,
  type PeriodInput,
} from '../../client/generated/graphql';
import { benchDashboard } from '../../bench/dashboard.bench';
import { formatFigure, NO_VALUE, withheldText, type FigureKind } from '../../dashboard/src/format';
import { generateEvents, postEventBatches } from '../../src/generator';
import { projectRoot } from '../../src/paths';
import { artifactPath, describeWithChromium, launchChromium, watchPage, type PageWatch } from '../helpers/browser';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';

/** YYYY-MM-DD of today + offset days, UTC. */
function utcDay(offset: number): string {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

/** The last 30 days, stated in the URL (a custom period), so the page and the test ask the same. */
const PERIOD: PeriodInput = { from: utcDay(-29), to: utcDay(1), timezone: 'UTC' };
const PERIOD_QUERY = `from=${PERIOD.from}&to=${PERIOD.to}&tz=UTC`;
const PARTNER_COMPANY = 'company-01';
/**
 * Jest's limit for the setup and for each test: several times what they take on a quiet machine
 * (setup ~10 s, a test 10-20 s), so a loaded one (other suites, other agents) does not fail them.
 * Nothing waits for a time; every wait is for a state of the page.
 */
const BUSY_MACHINE_TIMEOUT = 240_000;

/** One request a page makes: the same document and variables as the page's (see each page's component). */
interface Ask {
  document: TypedDocumentNode<unknown, never>;
  variables: Record<string, unknown>;
}
const ask = <T, V>(document: TypedDocumentNode<T, V>, variables: V): Ask => ({
  document: document as TypedDocumentNode<unknown, never>,
  variables: variables as Record<string, unknown>,
});

interface PageCase {
  name: string;
  /** The hash route, without the period. */
  route: string;
  /** `data-panel` ids that must reach the `done` state. */
  panels: string[];
  asks: Ask[];
}

function adminPages(courseId: string): PageCase[] {
  return [
    {
      name: 'overview',
      route: 'overview',
      panels: ['active-users', 'dau'],
      asks: [ask(DailyActiveUsersDocument, { period: PERIOD, compareTo: 'PREVIOUS_PERIOD' })],
    },
    // CoursesPage: COURSE_LIMIT 20, daily trend for periods up to 45 days.
    {
      name: 'courses',
      route: 'courses',
      panels: ['courses'],
      asks: [ask(CourseEngagementTrendsDocument, { period: PERIOD, orderBy: 'ENROLLMENTS_DESC', limit: 20, granularity: 'DAY' })],
    },
    {
      name: 'course',
      route: `courses/${courseId}`,
      panels: ['course-engagement', 'course-funnel', 'course-progress', 'course-quiz-items'],
      asks: [
        ask(CourseEngagementDetailDocument, { courseId, period: PERIOD, granularity: 'DAY' }),
        // CourseProgressPanel (the curriculum drop-off) and CourseQuizItemsPanel.
        ask(CourseProgressDocument, { courseId, period: PERIOD }),
        ask(CourseQuizItemsDocument, { courseId, period: PERIOD }),
        // CourseFunnelPanel: the four course steps, 30-day window, by platform.
        ask(FunnelDocument, {
          period: PERIOD,
          steps: [
            { eventType: 'course.viewed', courseId, name: 'Viewed' },
            { eventType: 'course.enrolled', courseId, name: 'Enrolled' },
            { eventType: 'lesson.completed', courseId, name: 'Completed a lesson' },
            { eventType: 'course.completed', courseId, name: 'Completed the course' },
          ],
          window: 30 * 86_400,
          breakdownBy: 'PLATFORM',
        }),
      ],
    },
    { name: 'companies', route: 'companies', panels: ['companies'], asks: [ask(CompanySummaryDocument, { period: PERIOD })] },
    {
      name: 'company',
      route: `companies/${PARTNER_COMPANY}`,
      panels: ['company-detail'],
      asks: [ask(CompanySummaryDetailDocument, { companyId: PARTNER_COMPANY, period: PERIOD, granularity: 'DAY' })],
    },
    { name: 'acquisition', route: 'acquisition', panels: ['campaigns'], asks: [ask(CampaignsDocument, { period: PERIOD, limit: 20 })] },
    { name: 'revenue', route: 'revenue', panels: ['revenue-totals', 'revenue-series'], asks: [ask(RevenueDocument, { period: PERIOD, granularity: 'DAY' })] },
    { name: 'retention', route: 'retention', panels: ['retention'], asks: [ask(RetentionDocument, { period: PERIOD, granularity: 'WEEK', periods: 8 })] },
    // FunnelBuilderPage's first funnel.
    {
      name: 'funnels',
      route: 'funnels',
      panels: ['funnel-builder', 'funnel'],
      asks: [
        ask(FunnelDocument, {
          period: PERIOD,
          steps: [{ eventType: 'user.registered' }, { eventType: 'course.enrolled' }, { eventType: 'lesson.completed' }, { eventType: 'course.completed' }],
          window: 7 * 86_400,
          mode: 'ORDERED',
          countBy: 'USER',
          breakdownBy: null,
        }),
      ],
    },
  ];
}

interface ApiAnswer {
  data: Record<string, unknown>;
  withheld: Set<string>;
  minLearners: number;
}

interface Shown {
  path: string;
  kind: FigureKind;
  text: string;
}

function valueAt(data: unknown, dottedPath: string): unknown {
  return dottedPath.split('.').reduce<unknown>((node, key) => (node === null || node === undefined ? undefined : (node as Record<string, unknown>)[key]), data);
}

/** What the dashboard must show for a value of the API's answer. */
function expectedText(answer: ApiAnswer, figure: Shown): string {
  const value = valueAt(answer.data, figure.path);
  if (value === null || value === undefined) return answer.withheld.has(figure.path) ? withheldText(answer.minLearners) : NO_VALUE;
  return formatFigure(figure.kind, value as number | string);
}

describeWithChromium('admin dashboard in headless Chromium (offline: only this server)', () => {
  let engine: TestEngine;
  let t: TestServer;
  let browser: Browser;
  let partnerToken: string;
  let courseId: string;
  let origin: string;

  beforeAll(async () => {
    // The dashboard npm install built, rebuilt here only when its sources changed since.
    execFileSync(process.execPath, [path.join(projectRoot(), 'scripts/build-dashboard.js'), '--if-stale'], { stdio: 'inherit' });
    engine = await migratedEngine('dashboard_browser');
    t = await startTestServer(engine);
    origin = new URL(t.base).origin;
    // 45 days ending tomorrow (UTC), so the last 30 days and the 30 before them have data.
    const end = new Date(`${utcDay(1)}T00:00:00Z`);
    const sent = await postEventBatches(generateEvents({ events: 20_000, companies: 3, learners: 300, courses: 5, days: 45, seed: 23, end }), {
      url: `${t.base}/v1/events`,
      token: t.adminToken,
      batchSize: 5_000,
      concurrency: 2,
      seed: 23,
    });
    expect(sent).toMatchObject({ events: 20_000, rejected: 0 });
    partnerToken = await tokenFor('partner', PARTNER_COMPANY);
    const courses = await t.graphql<{ courses: { id: string }[] }>(print(CourseEngagementTrendsDocument), { period: PERIOD, limit: 1 });
    courseId = courses.data!.courses[0].id;
    browser = await launchChromium();
  }, BUSY_MACHINE_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.server.stop();
    await engine?.dispose();
  });

  async function apiAnswer(asks: Ask[], token: string): Promise<ApiAnswer> {
    const answer: ApiAnswer = { data: {}, withheld: new Set(), minLearners: 0 };
    for (const a of asks) {
      const res = await fetch(`${t.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: print(a.document), variables: a.variables }),
      });
      const body = (await res.json()) as {
        data?: Record<string, unknown>;
        errors?: unknown[];
        extensions?: { privacy?: { minLearners: number; paths: (string | number)[][] } };
      };
      expect(body.errors).toBeUndefined();
      Object.assign(answer.data, body.data);
      for (const p of body.extensions?.privacy?.paths ?? []) answer.withheld.add(p.join('.'));
      answer.minLearners = body.extensions?.privacy?.minLearners ?? answer.minLearners;
    }
    return answer;
  }

  /** A fresh profile signed in through the form, as a person would. */
  async function signedIn(token: string, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; watch: PageWatch }> {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    const page = await context.newPage();
    const watch = await watchPage(page, origin);
    const res = await page.goto(`${t.base}/`, { waitUntil: 'load' });
    expect(res!.status()).toBe(200);
    await page.locator('#token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.layout').waitFor();
    return { context, page, watch };
  }

  async function open(page: Page, route: string, panels: string[], query = PERIOD_QUERY): Promise<void> {
    await page.goto(`${t.base}/#/${route}?${query}`);
    for (const id of panels) await page.locator(`[data-panel="${id}"][data-state="done"], [data-panel="${id}"]:not([data-state])`).waitFor();
    // Away from the charts, so no tooltip covers the screenshot.
    await page.mouse.move(0, 0);
  }

  async function shownFigures(page: Page): Promise<Shown[]> {
    return page.locator('[data-path]').evaluateAll((elements) =>
      elements.map((e) => ({
        path: e.getAttribute('data-path') ?? '',
        kind: (e.getAttribute('data-kind') ?? 'int') as FigureKind,
        text: (e.textContent ?? '').trim(),
      })),
    );
  }

  /** Every figure on the page, as shown, against the API's answer to the page's requests. */
  async function expectFiguresToMatch(page: Page, asks: Ask[], token: string): Promise<Shown[]> {
    const answer = await apiAnswer(asks, token);
    const shown = await shownFigures(page);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.map((f) => ({ path: f.path, text: f.text }))).toEqual(shown.map((f) => ({ path: f.path, text: expectedText(answer, f) })));
    return shown;
  }

  it(
    'shows every page with the numbers the API gives for the same period, loading nothing from elsewhere (laptop)',
    async () => {
      const { context, page, watch } = await signedIn(t.adminToken, { width: 1366, height: 900 });
      const summary: Record<string, number> = {};
      for (const c of adminPages(courseId)) {
        await open(page, c.route, c.panels);
        const shown = await expectFiguresToMatch(page, c.asks, t.adminToken);
        summary[c.name] = shown.length;
        await page.screenshot({ path: artifactPath(`dashboard-${c.name}.png`), fullPage: true });
      }
      // Every page shows figures (no page passes by showing nothing).
      expect(Object.values(summary).every((n) => n > 0)).toBe(true);
      // The admin navigation: every page.
      await expect(page.locator('.sidenav a').allTextContents()).resolves.toEqual([
        'Overview',
        'Courses',
        'Companies',
        'Acquisition',
        'Revenue',
        'Retention',
        'Funnels',
      ]);
      // Only this server, and nothing the page's Content-Security-Policy had to block.
      expect(watch.elsewhere()).toEqual([]);
      expect(watch.requests.some((u) => u.startsWith(`${origin}/assets/`))).toBe(true);
      expect(await watch.cspViolations()).toEqual([]);
      expect(watch.pageErrors).toEqual([]);
      await context.close();
    },
    BUSY_MACHINE_TIMEOUT,
  );

  it(
    'gives a partner its own company only, with withheld figures as "fewer than k learners", usable on a 390 px phone',
    async () => {
      const { context, page, watch } = await signedIn(partnerToken, { width: 390, height: 844 });
      await page.locator('.sidenav').waitFor();
      await expect(page.locator('.sidenav a').allTextContents()).resolves.toEqual(['Overview', 'Courses', 'My company', 'Retention', 'Funnels']);
      await expect(page.locator('.role-badge').textContent()).resolves.toBe(`Partner · ${PARTNER_COMPANY}`);

      const pages = adminPages(courseId).filter((c) => ['overview', 'courses', 'course', 'retention', 'funnels'].includes(c.name));
      // "My company" opens the partner's company page, whatever the list route says.
      pages.push({ ...adminPages(courseId).find((c) => c.name === 'company')!, name: 'company', route: 'companies' });
      let withheldShown = 0;
      for (const c of pages) {
        await open(page, c.route, c.panels);
        const shown = await expectFiguresToMatch(page, c.asks, partnerToken);
        withheldShown += shown.filter((f) => f.text === withheldText(5)).length;
        // Nothing wider than the phone: wide tables scroll inside their panel.
        await expect(
          page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth),
        ).resolves.toBeLessThanOrEqual(390);
        await page.screenshot({ path: artifactPath(`dashboard-partner-phone-${c.name}.png`), fullPage: true });
      }
      // The generated company has days and groups of fewer than 5 learners: some figures are withheld.
      expect(withheldShown).toBeGreaterThan(0);
      // The DAU chart says why it has gaps: as many as the API withheld days.
      await open(page, 'overview', ['active-users', 'dau']);
      const overview = await apiAnswer(pages[0].asks, partnerToken);
      const withheldDays = [...overview.withheld].filter((p) => p.startsWith('dau.')).length;
      expect(withheldDays).toBeGreaterThan(0);
      await expect(page.locator('[data-panel="dau"] .withheld-note').getAttribute('data-withheld-count')).resolves.toBe(String(withheldDays));

      // The company page names the partner's company and no other.
      await open(page, 'companies', ['company-detail']);
      const text = await page.locator('main').innerText();
      expect(text).toContain(`Company ${PARTNER_COMPANY}`);
      expect(text.match(/company-\d+/g)?.filter((id) => id !== PARTNER_COMPANY) ?? []).toEqual([]);

      expect(watch.elsewhere()).toEqual([]);
      expect(await watch.cspViolations()).toEqual([]);
      expect(watch.pageErrors).toEqual([]);
      await context.close();
    },
    BUSY_MACHINE_TIMEOUT,
  );

  it(
    'shares the period and timezone across pages, downloads CSVs, shows panel errors, and keeps the token for the session',
    async () => {
      const { context, page, watch } = await signedIn(t.adminToken, { width: 1366, height: 900 });
      // The default period (last 30 days) in another timezone: the page states the days it asked for.
      await open(page, 'overview', ['active-users', 'dau'], '');
      // The panels go back to loading when the selection changes: wait for the answer in the new zone.
      const answered = page.waitForResponse((r) => r.url() === `${origin}/graphql` && (r.request().postData() ?? '').includes('America/New_York'));
      await page.getByLabel('Timezone', { exact: true }).selectOption('America/New_York');
      await answered;
      await page.locator('[data-panel="dau"][data-state="done"]').waitFor();
      expect(page.url()).toContain('tz=America%2FNew_York');
      const [from, to] = (await page.locator('.period-days').getAttribute('data-period'))!.split('/');
      const period = { from, to, timezone: 'America/New_York' };
      await expectFiguresToMatch(page, [ask(DailyActiveUsersDocument, { period, compareTo: 'PREVIOUS_PERIOD' })], t.adminToken);

      // Another page keeps the selection.
      await page.locator('.sidenav a', { hasText: 'Retention' }).click();
      await page.locator('[data-panel="retention"][data-state="done"]').waitFor();
      await expect(page.getByLabel('Timezone', { exact: true }).inputValue()).resolves.toBe('America/New_York');
      await expectFiguresToMatch(page, [ask(RetentionDocument, { period, granularity: 'WEEK', periods: 8 })], t.adminToken);

      // A CSV built from the panel's data (retention has no API export) ...
      const [retentionCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Retention as CSV' }).click()]);
      const cohorts = (await apiAnswer([ask(RetentionDocument, { period, granularity: 'WEEK', periods: 8 })], t.adminToken)).data.retention as {
        cohortStart: string;
        size: number;
      }[];
      const retentionLines = (await streamText(await retentionCsv.createReadStream())).trim().split('\r\n');
      expect(retentionCsv.suggestedFilename()).toBe(`retention_${from}_${to}.csv`);
      expect(retentionLines[0]).toMatch(/^cohortStart,size,retained0,/);
      expect(retentionLines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(cohorts.map((c) => `${c.cohortStart},${c.size}`));

      // ... and one from the API's export, the same bytes as GET /export/dau.csv (the same days, stated).
      await open(page, 'overview', ['dau'], `from=${from}&to=${to}&tz=America%2FNew_York`);
      const [dauCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Daily active users as CSV' }).click()]);
      const exported = await fetch(`${t.base}/export/dau.csv?from=${from}&to=${to}&timezone=America%2FNew_York`, {
        headers: { authorization: `Bearer ${t.adminToken}` },
      });
      expect(await streamText(await dauCsv.createReadStream())).toBe(await exported.text());

      // A period the API refuses: the panel says why and offers to try again.
      await page.goto(`${t.base}/#/overview?from=2020-01-01&to=2026-01-01&tz=UTC`);
      const failed = page.locator('[data-panel="active-users"][data-state="error"]');
      await failed.waitFor();
      await expect(failed.innerText()).resolves.toMatch(/Could not load this panel: .*period/i);
      await expect(failed.getByRole('button', { name: 'Try again' }).isVisible()).resolves.toBe(true);

      // The token lives for the browser session: a reload stays signed in; signing out forgets it.
      await page.reload();
      await page.locator('.layout').waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.locator('#token').waitFor();
      await page.reload();
      await page.locator('#token').waitFor();
      // A token the API refuses is not kept.
      await page.locator('#token').fill(`${t.adminToken.slice(0, -4)}AAAA`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.locator('.form-error').innerText()).resolves.toMatch(/refused this token/);

      expect(watch.elsewhere()).toEqual([]);
      expect(watch.pageErrors).toEqual([]);
      await context.close();
    },
    BUSY_MACHINE_TIMEOUT,
  );

  it(
    "times the overview's time to data as `npm run bench` does (section 8), from the page's own marks",
    async () => {
      const timing = await benchDashboard(browser, t.base, t.adminToken, { warmup: 0, min: 1, max: 1, budgetMs: 0 });
      for (const visit of [timing.cold, timing.warm]) {
        expect(visit.n).toBe(1);
        expect(visit.p50).toBeGreaterThan(0);
      }
      process.stderr.write(
        `dashboard overview time to data (this run, not a benchmark): cold ${timing.cold.p50.toFixed(0)} ms, warm ${timing.warm.p50.toFixed(0)} ms\n`,
      );
    },
    BUSY_MACHINE_TIMEOUT,
  );
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
