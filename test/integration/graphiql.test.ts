import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { GRAPHIQL_EXAMPLES } from '../../src/server/graphiql.page';
import { artifactPath, BROWSER_WAIT_MS, describeWithChromium, launchChromium, watchPage } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/http';

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
    // One token field for every tab, above the editor.
    expect(html).toContain('<form id="token-form"');
    expect(html).toContain('<input id="token" name="token" type="password"');
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

/**
 * The result pane's text once it matches `pattern`. GraphiQL's editors are CodeMirror 5
 * instances that render only the lines in view, so the text is read through the editor, and
 * the editor's own `change` event (in the page) ends the wait: no polling, no sleep. A string
 * waitForFunction would need eval, which the page's CSP forbids; a function passed to
 * evaluate() does not.
 */
async function resultText(page: Page, pattern: RegExp, screenshot: string): Promise<string> {
  const result = page.locator('.result-window .CodeMirror');
  const shown = result.evaluate(
    (element, source) =>
      new Promise<string>((resolve) => {
        type Editor = { getValue(): string; on(event: 'change', f: () => void): void; off(event: 'change', f: () => void): void };
        const editor = (element as unknown as { CodeMirror: Editor }).CodeMirror;
        const matches = new RegExp(source);
        const check = () => {
          const text = editor.getValue();
          if (!matches.test(text)) return;
          editor.off('change', check);
          resolve(text);
        };
        editor.on('change', check);
        check();
      }),
    pattern.source,
  );
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), BROWSER_WAIT_MS)));
  try {
    const text = await Promise.race([shown, gaveUp]);
    if (text !== null) return text;
    const json = await result.evaluate(editorValue);
    await page.screenshot({ path: artifactPath(screenshot) });
    throw new Error(`the result pane did not show the answer within ${BROWSER_WAIT_MS / 60_000} min: ${json || '(empty)'}`);
  } finally {
    clearTimeout(timer);
  }
}

const visibleEditors = (page: Page): Locator => page.locator('.graphiql-editor-tool .CodeMirror');

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
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.server.stop();
    await engine?.dispose();
  });

  it('from a fresh profile runs the first tab on first load with one token field, keeps the token across a reload and for every tab, and loads nothing from elsewhere', async () => {
    // A new context is a fresh profile: no stored tabs, no token.
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const origin = new URL(t.base).origin;
    const watch = await watchPage(page, origin);

    const response = await page.goto(`${t.base}/graphql`, { waitUntil: 'load' });
    expect(response!.status()).toBe(200);
    await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror');
    await expect(page.locator('#token-status').getAttribute('data-token-set')).resolves.toBe('false');

    // The example tabs, named by their operations; the first one is open.
    await expect(page.locator('.graphiql-tab').allTextContents()).resolves.toEqual([
      expect.stringContaining('DailyActiveUsers'),
      expect.stringContaining('CourseEngagement'),
      expect.stringContaining('EnrollmentFunnel'),
    ]);
    await expect(page.locator('.graphiql-query-editor .CodeMirror').evaluate(editorValue)).resolves.toContain('dau(period: $period');
    // Without switching tabs, the Variables pane holds the first tab's period (graphql/graphiql#3392).
    const variables = async () =>
      (
        await visibleEditors(page).evaluateAll((editors) => editors.map((e) => (e as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue()))
      ).join('\n');
    await expect(variables()).resolves.toContain(`"from": "${utcDay(-29)}"`);
    await expect(variables()).resolves.toContain(`"to": "${utcDay(1)}"`);

    // One token for every tab, typed once into the Token field.
    await page.locator('#token').fill(t.adminToken);
    await page.getByRole('button', { name: 'Use token' }).click();
    await expect(page.locator('#token-status').getAttribute('data-token-set')).resolves.toBe('true');
    // With the token the page fetches the schema again: the Docs explorer shows it.
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page.locator('.graphiql-doc-explorer-root-type', { hasText: 'Query' }).first().waitFor();
    await page.getByRole('button', { name: 'Hide Documentation Explorer' }).click();

    // Run the first tab as it loaded.
    await page.locator('.graphiql-execute-button').click();
    const json = await resultText(page, /"value": [1-9]|"errors"/, 'graphiql-failed.png');
    const answer = JSON.parse(json) as { data?: { dau: { date: string; value: number }[] }; errors?: unknown[] };
    expect(answer.errors).toBeUndefined();
    const dau = answer.data!.dau;
    expect(dau).toHaveLength(30);
    expect(dau[0].date).toBe(utcDay(-29));
    expect(dau.filter((d) => d.value > 0)).toEqual([
      { date: day1, value: 2 },
      { date: day2, value: 3 },
    ]);
    // Scroll the result to its end (the days with users) for the screenshot.
    await page
      .locator('.result-window .CodeMirror')
      .evaluate((e) => (e as unknown as { CodeMirror: { scrollTo(x: null, y: number): void } }).CodeMirror.scrollTo(null, 1e9));
    await page.screenshot({ path: artifactPath('graphiql.png') });

    // A reload keeps the token; the first tab runs again, and so does another tab with the same token.
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror');
    await expect(page.locator('#token').inputValue()).resolves.toBe(t.adminToken);
    await expect(page.locator('#token-status').getAttribute('data-token-set')).resolves.toBe('true');
    await expect(page.locator('.graphiql-tab').count()).resolves.toBe(3); // the same tabs, none added
    await expect(variables()).resolves.toContain(`"from": "${utcDay(-29)}"`);
    await page.locator('.graphiql-execute-button').click();
    const again = await resultText(page, /"value": [1-9]|"errors"/, 'graphiql-reload-failed.png');
    expect((JSON.parse(again) as { data: { dau: unknown[] } }).data.dau).toEqual(dau);

    await page.locator('.graphiql-tab', { hasText: 'CourseEngagement' }).click();
    await page.locator('.graphiql-execute-button').click();
    const course = await resultText(page, /"courseEngagement"|"errors"/, 'graphiql-tab2-failed.png');
    const courseAnswer = JSON.parse(course) as { data?: { courseEngagement: { courseId: string } }; errors?: unknown[] };
    expect(courseAnswer.errors).toBeUndefined();
    expect(courseAnswer.data!.courseEngagement.courseId).toBe('course-001');

    // Every request went to this server: the page works with no internet.
    expect(watch.elsewhere()).toEqual([]);
    expect(watch.requests).toEqual(expect.arrayContaining([`${origin}/graphql`, expect.stringMatching(/\/graphql\/ide\/assets\/graphiql\.min\.js\?v=/)]));
    expect(await watch.cspViolations()).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    await context.close();
  });
});
