// Steps every web UI spec takes: sign in, choose a new password, and check a page (axe-core, then a screenshot for
// docs/ui).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { seriousA11yViolations } from './browser.js';

/** Checks the page with axe-core and photographs it as <dir>/<name>.png. */
export async function look(page: Page, dir: string, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  assert.deepEqual(await seriousA11yViolations(page), [], `accessibility of the ${name} page`);
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** Fills the sign-in form of the page shown now (`goto` first to start at an address). */
export async function signIn(page: Page, name: string, password: string, goto?: string): Promise<void> {
  if (goto) await page.goto(goto);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

export async function choosePassword(page: Page, password: string): Promise<void> {
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await page.getByLabel(/^New password/).fill(password);
  await page.getByLabel('Repeat the new password').fill(password);
  await page.getByRole('button', { name: 'Change password' }).click();
}
