// A real browser for the web UI's tests: Debian's chromium (apt package `chromium`, installed by tools/test.mjs)
// driven by playwright-core, which downloads no browser of its own. Playwright gives every launch a fresh profile
// (user-data-dir); each user of a test gets a context of their own (cookies apart).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.INFRA_CHROMIUM ?? '/usr/bin/chromium';

/** Quiet, offline-friendly flags: no GPU, no QUIC, nothing phoning home, no first-run screens. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium (tools/test.mjs does it as root)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 20_000 });
}

/** An iPhone 12-14's screen in CSS pixels, for pages people open on their phone (device approval). */
export const PHONE = { width: 390, height: 844 };

/** A page for one user: English, UTC, a laptop-sized window (or `viewport`), every wait failing within 5 s. */
export async function newUserPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC', viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(5_000);
  return page;
}

const require = createRequire(import.meta.url);
const axeSource = (require('axe-core') as { source: string }).source;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Runs axe-core in the page (through the debugging protocol, so the page's CSP stays on) and returns the serious
 * and critical violations as lines naming the rule and the elements.
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(
    'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)',
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => `${n.target.join(' ')} [${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}]`).join(', ')}`,
    );
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Where screenshots go: docs/ui (committed, shown in the README) when UPDATE_SNAPSHOTS is set, a temp dir otherwise
 * (removed by `done`), so that a test run leaves the work tree as it was.
 */
export function screenshotDir(): { dir: string; done(): void } {
  if (process.env.UPDATE_SNAPSHOTS) {
    const dir = join(repoRoot, 'docs/ui');
    mkdirSync(dir, { recursive: true });
    return { dir, done() {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'infra-ui-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}
