// Headless Chromium (Debian's package) driven by playwright-core, and a page that records every JavaScript error
// and failed request so a test can fail on them.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p));

/** The browser to drive, or why there is none (the tests then skip with that one line). */
export function findChromium(): { path: string } | { missing: string } {
  const path = CANDIDATES.find((p) => existsSync(p));
  if (path) return { path };
  return { missing: `no Chromium at ${CANDIDATES.join(' or ')}; install Debian's chromium package (apt-get install -y chromium) to run the browser tests` };
}

// Flags that work in containers without a GPU, a sandbox or network beyond loopback.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export interface Session {
  browser: BrowserContext;
  close(): Promise<void>;
}

/** A fresh profile each time: nothing cached from an earlier run. */
export async function launch(executablePath: string): Promise<Session> {
  const profile = mkdtempSync(join(tmpdir(), 'durable-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: FLAGS,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  return {
    browser: context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface WatchedPage {
  page: Page;
  /** what went wrong on the page so far: uncaught errors, console errors, failed or refused requests */
  problems: string[];
  /** a request that is expected to be refused (an action the test makes the server refuse) */
  allow(pattern: RegExp): void;
}

export async function watchedPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  const allowed: RegExp[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // A refused request also logs "Failed to load resource"; the response handler below judges those.
    if (/Failed to load resource/.test(msg.text())) return;
    problems.push(`console error: ${msg.text()}`);
  });
  page.on('requestfailed', (req) => {
    const failure = req.failure()?.errorText ?? '';
    // A read still in flight (the live history long poll, a list refresh) is aborted when the test loads another
    // page; a change (POST, DELETE) never may be.
    if (failure.includes('ERR_ABORTED') && req.method() === 'GET') return;
    problems.push(`request failed: ${req.method()} ${req.url()} ${failure}`);
  });
  page.on('response', (res) => {
    if (res.status() < 400 || allowed.some((p) => p.test(res.url()))) return;
    problems.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
  });
  return { page, problems, allow: (p) => allowed.push(p) };
}
