import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { GRAPHIQL_EXAMPLES } from '../../src/server/graphiql.page';
import { startTestServer, type TestServer } from '../helpers/http';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');

/** `describe` that needs a real Chromium; skipped with a printed reason when it is not installed (.ci/run installs it). */
function describeWithChromium(name: string, body: () => void): void {
  if (fs.existsSync(CHROMIUM)) {
    describe(name, body);
  } else {
    const reason = `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
    process.stderr.write(`skipped "${name}": ${reason}\n`);
    describe.skip(`${name} (skipped: ${reason})`, body);
  }
}

/** YYYY-MM-DD of today + offset days, UTC (the IDE's example period is the last 30 days, UTC). */
function utcDay(offset: number): string {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

/** The text of a CodeMirror 5 editor (GraphiQL 3's editors), from its DOM element; passed as is to evaluate() (runs in the page). */
function editorValue(element: unknown): string {
  return (element as { CodeMirror: { getValue(): string } }).CodeMirror.getValue();
}

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

describe('GraphiQL IDE over HTTP', () => {
  let engine: TestEngine;
  let t: TestServer;
  let disabledEngine: TestEngine;
  let disabled: TestServer;
  beforeAll(async () => {
    engine = await migratedEngine('graphiql_http');
    t = await startTestServer(engine);
    disabledEngine = await migratedEngine('graphiql_off', { ideEnabled: false });
    disabled = await startTestServer(disabledEngine);
  });
  afterAll(async () => {
    await t.server.stop();
    await disabled.server.stop();
    await engine.dispose();
    await disabledEngine.dispose();
  });

  it('serves the IDE page to browsers with a self-only Content-Security-Policy, without a token', async () => {
    const res = await fetch(`${t.base}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const csp = res.headers.get('content-security-policy')!;
    const directives = Object.fromEntries(
      csp.split(/;\s*/).map((d) => {
        const [k, ...v] = d.split(' ');
        return [k, v];
      }),
    );
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['script-src'][0]).toBe("'self'");
    const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(directives['script-src'][1])![1];
    // Every source in the policy is this server, a nonce, or inline data (fonts): no other host.
    for (const sources of Object.values(directives)) {
      for (const s of sources) expect(s).toMatch(/^('self'|'none'|'unsafe-inline'|'nonce-[A-Za-z0-9+/=]+'|data:)$/);
    }
    const html = await res.text();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain('Bearer \\u003ctoken>'); // the headers placeholder, escaped inside the script
    expect(html).not.toMatch(/(src|href)="https?:/); // nothing loaded from another origin
    const assets = [...html.matchAll(/(?:src|href)="(\/graphql\/ide\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.map((a) => a.replace(/\?v=[0-9a-f]{12}$/, ''))).toEqual([
      '/graphql/ide/assets/graphiql.min.css',
      '/graphql/ide/assets/react.production.min.js',
      '/graphql/ide/assets/react-dom.production.min.js',
      '/graphql/ide/assets/graphiql.min.js',
    ]);
    // A fresh nonce for every response.
    const again = await fetch(`${t.base}/graphql`, { headers: { accept: 'text/html' } });
    expect(again.headers.get('content-security-policy')).not.toBe(csp);
  });

  it('serves the whitelisted assets from node_modules with long cache headers', async () => {
    const html = await (await fetch(`${t.base}/graphql`, { headers: { accept: 'text/html' } })).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/graphql\/ide\/assets\/[^"]+)"/g)].map((m) => m[1]);
    for (const asset of assets) {
      const res = await fetch(t.base + asset);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-type')).toMatch(asset.includes('.css') ? /^text\/css/ : /^text\/javascript/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const body = await res.text();
      const file = asset.replace(/^.*\/assets\/([^?]+).*$/, '$1');
      const source = {
        'graphiql.min.css': require.resolve('graphiql/graphiql.min.css'),
        'react.production.min.js': path.join(path.dirname(require.resolve('react/package.json')), 'umd/react.production.min.js'),
        'react-dom.production.min.js': path.join(path.dirname(require.resolve('react-dom/package.json')), 'umd/react-dom.production.min.js'),
        'graphiql.min.js': require.resolve('graphiql/graphiql.min.js'),
      }[file]!;
      expect(body.length).toBe(fs.readFileSync(source, 'utf8').length);
    }
  });

  it('answers 404 for anything else under /graphql/ide: no listing, no traversal', async () => {
    const paths = [
      '/graphql/ide/assets/graphiql.min.js.map',
      '/graphql/ide/assets/package.json',
      '/graphql/ide/assets/',
      '/graphql/ide/assets',
      '/graphql/ide/',
      '/graphql/ide/assets/..%2F..%2F..%2Fpackage.json',
      '/graphql/ide/assets/%2e%2e%2fpackage.json',
      '/graphql/ide/assets/umd/react.production.min.js',
      '/graphql/ide/assets/..%2Fumd%2Freact.production.min.js',
    ];
    for (const p of paths) {
      const res = await fetch(t.base + p);
      expect({ p, status: res.status }).toEqual({ p, status: 404 });
      expect(await res.text()).not.toMatch(/"name":\s*"(learnmetrics|graphiql|react)"/);
    }
  });

  it('still answers GraphQL to non-browser GETs and POSTs', async () => {
    const auth = { authorization: `Bearer ${t.adminToken}`, 'apollo-require-preflight': 'true' };
    const get = await fetch(`${t.base}/graphql?query=${encodeURIComponent('{__typename}')}`, { headers: { accept: 'application/json', ...auth } });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    // No Accept header at all (curl sends */*): GraphQL, not the IDE.
    const star = await fetch(`${t.base}/graphql?query=${encodeURIComponent('{__typename}')}`, { headers: { accept: '*/*', ...auth } });
    expect(await star.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await t.graphql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('has example tabs that the API answers without errors', async () => {
    const period = { from: utcDay(-29), to: utcDay(1), timezone: 'UTC' };
    const variables = {
      dau: { period },
      courseEngagement: { courseId: 'course-001', period },
      funnel: { period, courseId: 'course-001' },
      newTab: undefined,
    };
    for (const [name, query] of Object.entries(GRAPHIQL_EXAMPLES)) {
      const res = await t.graphql(query, variables[name as keyof typeof variables]);
      expect({ name, errors: res.errors }).toEqual({ name, errors: undefined });
    }
  });

  it("with the IDE disabled, browsers get a 404 saying how to enable it, and never Apollo's CDN landing page", async () => {
    const res = await fetch(`${disabled.base}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(/IDE is disabled/);
    expect(body.error).toMatch(/IDE_ENABLED=true/);
    expect((await fetch(`${disabled.base}/graphql/ide/assets/graphiql.min.js`)).status).toBe(404);
    const api = await disabled.graphql('{ __typename }');
    expect(api.data).toEqual({ __typename: 'Query' });
  });
});

describeWithChromium('GraphiQL IDE in headless Chromium (offline: only this server)', () => {
  let engine: TestEngine;
  let t: TestServer;
  let browser: Browser;
  const day1 = utcDay(-3);
  const day2 = utcDay(-1);

  beforeAll(async () => {
    engine = await migratedEngine('graphiql_browser');
    t = await startTestServer(engine);
    const events = [
      anEvent({ type: 'user.logged_in', user_id: 'u1', timestamp: `${day1}T09:00:00Z` }),
      anEvent({ type: 'lesson.completed', user_id: 'u2', timestamp: `${day1}T11:30:00Z` }),
      anEvent({ type: 'user.logged_in', user_id: 'u1', timestamp: `${day2}T08:00:00Z` }),
      anEvent({ type: 'user.logged_in', user_id: 'u2', timestamp: `${day2}T12:00:00Z` }),
      anEvent({ type: 'course.enrolled', user_id: 'u3', timestamp: `${day2}T15:45:00Z` }),
    ];
    const res = await t.postEvents(toNdjson(events));
    expect(res.json).toMatchObject({ accepted: 5 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.server.stop();
    await engine?.dispose();
  });

  it('renders GraphiQL, runs the dau example with a token typed into the headers pane, and loads nothing from elsewhere', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Collects CSP violations: the page must need nothing its policy forbids.
    await page.addInitScript(`
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
    `);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const response = await page.goto(`${t.base}/graphql`, { waitUntil: 'load' });
    expect(response!.status()).toBe(200);
    await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror', { timeout: 30_000 });

    // The example tabs, named by their operations.
    const tabs = page.locator('.graphiql-tab');
    await expect(tabs.allTextContents()).resolves.toEqual([
      expect.stringContaining('DailyActiveUsers'),
      expect.stringContaining('CourseEngagement'),
      expect.stringContaining('EnrollmentFunnel'),
    ]);
    await page.locator('.graphiql-tab', { hasText: 'CourseEngagement' }).click();
    await page.locator('.graphiql-tab', { hasText: 'DailyActiveUsers' }).click();
    const queryText = await page.locator('.graphiql-query-editor .CodeMirror').evaluate(editorValue);
    expect(queryText).toContain('dau(period: $period');

    // The headers pane is open with the placeholder; replace it with a real token, as a user would.
    const headerEditor = page.locator('.graphiql-editor-tool .CodeMirror').filter({ visible: true });
    await expect(headerEditor.innerText()).resolves.toContain('"Authorization": "Bearer <token>"');
    await headerEditor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${t.adminToken}` }));

    const variablesText = await page
      .locator('.graphiql-editor-tool .CodeMirror')
      .evaluateAll((editors) => editors.map((e) => (e as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue()));
    expect(variablesText.some((v) => v.includes(`"from": "${utcDay(-29)}"`) && v.includes(`"to": "${utcDay(1)}"`))).toBe(true);
    expect(variablesText.some((v) => v.includes(t.adminToken))).toBe(true);

    // With a real token the page fetches the schema again: the Docs explorer shows it.
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page.locator('.graphiql-doc-explorer-root-type', { hasText: 'Query' }).first().waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Hide Documentation Explorer' }).click();

    await page.locator('.graphiql-execute-button').click();
    // The result pane fills in when the response arrives: wait until it holds the dau numbers.
    const result = page.locator('.result-window .CodeMirror');
    // (Polled from here: waitForFunction with a string would need eval, which the page's CSP forbids.)
    let json = '';
    for (const deadline = Date.now() + 30_000; !/"value": [1-9]/.test(json); await new Promise((r) => setTimeout(r, 100))) {
      json = await result.evaluate(editorValue);
      if (Date.now() > deadline) {
        await page.screenshot({ path: path.join(ARTIFACTS, 'graphiql-failed.png') });
        throw new Error(`no dau numbers in the result pane after 30 s: ${json || '(empty)'}`);
      }
    }
    const dau = (JSON.parse(json) as { data: { dau: { date: string; value: number }[] } }).data.dau;
    expect(dau).toHaveLength(30);
    expect(dau[0].date).toBe(utcDay(-29));
    expect(dau.filter((d) => d.value > 0)).toEqual([
      { date: day1, value: 2 },
      { date: day2, value: 3 },
    ]);

    // Scroll the result to its end (the days with users) for the screenshot.
    await result.evaluate((e) => (e as unknown as { CodeMirror: { scrollTo(x: null, y: number): void } }).CodeMirror.scrollTo(null, 1e9));
    await page.screenshot({ path: path.join(ARTIFACTS, 'graphiql.png') });

    // Every request went to this server: the page works with no internet.
    const origin = new URL(t.base).origin;
    const elsewhere = requests.filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin);
    expect(elsewhere).toEqual([]);
    expect(requests).toEqual(expect.arrayContaining([`${origin}/graphql`, expect.stringMatching(/\/graphql\/ide\/assets\/graphiql\.min\.js\?v=/)]));
    expect(await page.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
