import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { summarize, type Repeat, type Summary } from './stats';

/** Debian's chromium package (the browser tests use the same one). */
const CHROMIUM = '/usr/bin/chromium';

/** The overview's panels: the DAU/WAU/MAU tiles and the DAU chart (one GraphQL request). */
const OVERVIEW_PANELS = ['active-users', 'dau'];

export interface DashboardMeasurement {
  /** Navigation start to the last overview panel showing data, first visit (fresh profile, empty cache); ms. */
  cold: Summary;
  /** The same on a reload (bundle cached); ms. */
  warm: Summary;
}

/** Headless Chromium that only talks to the bench's own server; the reason when it is not installed. */
export async function launchBenchBrowser(): Promise<{ browser: Browser } | { skipped: string }> {
  if (!fs.existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM} (apt-get install chromium)` };
  const browser = await chromium.launch({
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
  return { browser };
}

/**
 * How long a page may take to navigate or show a panel: far past a loaded machine's need
 * (Playwright's 30 s default is not), under the test suite's 15 min bound. The
 * time to data is read from the page's own marks, so waiting longer does not change it.
 */
const PAGE_WAIT_MS = 10 * 60_000;

async function newBenchContext(browser: Browser, init: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  context.setDefaultTimeout(PAGE_WAIT_MS);
  context.setDefaultNavigationTimeout(PAGE_WAIT_MS);
  await context.addInitScript(init);
  return context;
}

/**
 * Opens `/#/overview` and returns its time to data: the page's own User Timing marks
 * (`learnmetrics:data:<panel>`, set by the dashboard when a panel first shows data), relative to
 * navigation start, so neither the browser's context setup nor this process's polling counts.
 */
async function timeToData(page: Page, navigate: () => Promise<unknown>): Promise<number> {
  await navigate();
  for (const id of OVERVIEW_PANELS) await page.locator(`[data-panel="${id}"][data-state="done"]`).waitFor();
  const marks = await page.evaluate(
    (names) => names.map((n) => performance.getEntriesByName(n)[0]?.startTime ?? Number.NaN),
    OVERVIEW_PANELS.map((id) => `learnmetrics:data:${id}`),
  );
  return Math.max(...marks);
}

/**
 * The admin dashboard's overview, time to data, cold (a new context each time) and warm (a
 * reload), interleaved. The token is put into sessionStorage before the page loads, as after a
 * sign-in.
 */
export async function benchDashboard(browser: Browser, base: string, token: string, repeat: Repeat): Promise<DashboardMeasurement> {
  const init = `sessionStorage.setItem('learnmetrics.token', ${JSON.stringify(token)});`;
  const url = `${base}/#/overview`;
  const warmContext = await newBenchContext(browser, init);
  try {
    const warmPage = await warmContext.newPage();
    await timeToData(warmPage, () => warmPage.goto(url));
    const cold = async () => {
      const context = await newBenchContext(browser, init);
      try {
        const page = await context.newPage();
        return await timeToData(page, () => page.goto(url));
      } finally {
        await context.close();
      }
    };
    const warm = () => timeToData(warmPage, () => warmPage.reload());
    for (let i = 0; i < repeat.warmup; i++) {
      await cold();
      await warm();
    }
    const samples = { cold: [] as number[], warm: [] as number[] };
    const started = performance.now();
    for (let i = 0; i < repeat.max; i++) {
      if (i >= repeat.min && performance.now() - started > repeat.budgetMs) break;
      samples.cold.push(await cold());
      samples.warm.push(await warm());
    }
    return { cold: summarize(samples.cold), warm: summarize(samples.warm) };
  } finally {
    await warmContext.close();
  }
}
