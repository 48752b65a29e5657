import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium package; .ci/run installs it. Never `npx playwright install` (no downloads here). */
export const CHROMIUM = '/usr/bin/chromium';

/** Screenshots the browser tests keep (git-ignored; CI keeps the folder as artifacts). */
export const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');

/** `describe` that needs a real Chromium; skipped with a printed reason when it is not installed. */
export function describeWithChromium(name: string, body: () => void): void {
  if (fs.existsSync(CHROMIUM)) {
    describe(name, body);
  } else {
    const reason = `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
    process.stderr.write(`skipped "${name}": ${reason}\n`);
    describe.skip(`${name} (skipped: ${reason})`, body);
  }
}

/**
 * Headless Chromium that talks to nothing but the pages it is sent to: no component updates,
 * no sync, no background requests, no QUIC. Playwright gives every launch a fresh temporary
 * profile, and every `newContext()` fresh storage.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/**
 * How long a browser test waits for anything (an element, a navigation, an answer pane): far
 * past what a loaded 2-core machine needs (Playwright's own default, 30 s, is not), and under
 * the suite's 15 min bound (jest.config.js), so a real hang still fails with its screenshot.
 * watchPage sets it as the page's default; a wait in a test gives no shorter timeout.
 */
export const BROWSER_WAIT_MS = 10 * 60_000;

export interface PageWatch {
  /** Every URL the page requested that is not on `origin` (data: and blob: URLs are local). */
  elsewhere(): string[];
  requests: string[];
  pageErrors: string[];
  /** Content-Security-Policy violations reported in the page (directive and blocked URI). */
  cspViolations(): Promise<string[]>;
}

/** Records what a page requests, its uncaught errors and its CSP violations; call before goto. Sets the page's timeouts to BROWSER_WAIT_MS. */
export async function watchPage(page: Page, origin: string): Promise<PageWatch> {
  page.setDefaultTimeout(BROWSER_WAIT_MS);
  page.setDefaultNavigationTimeout(BROWSER_WAIT_MS);
  const requests: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.addInitScript(`
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  `);
  return {
    requests,
    pageErrors,
    elsewhere: () => requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin),
    cspViolations: () => page.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations),
  };
}

export function artifactPath(name: string): string {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}
