// What the web UI's specs share: signing in through the page, the forced password change, and `look` (axe-core
// with no serious violation, then a screenshot for docs/ui).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { grantInfraRole, type TestClient } from '@infra/server/testing';
import type { Browser, Page } from 'playwright-core';
import { newUserPage, screenshotDir, seriousA11yViolations } from './browser.js';

/** Signing in and changing a password hash a password (deliberately slow): on this shared machine, seconds. */
export const HASHING_MS = 20_000;

/** Fills the sign-in form, at `url` or (undefined) on the page shown now. `exact`: providers add "Sign in with …". */
export async function signIn(page: Page, url: string | undefined, name: string, password: string): Promise<void> {
  if (url) await page.goto(url);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

export async function choosePassword(page: Page, password: string): Promise<void> {
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor({ timeout: HASHING_MS });
  await page.getByLabel(/^New password/).fill(password);
  await page.getByLabel('Repeat the new password').fill(password);
  await page.getByRole('button', { name: 'Change password' }).click();
}

/** Checks pages with axe-core and photographs them (docs/ui/<name>.png with UPDATE_SNAPSHOTS=1). */
export function photographer(): { look(page: Page, name: string): Promise<void>; done(): void } {
  const shots = screenshotDir();
  return {
    async look(page, name) {
      await page.waitForLoadState('networkidle');
      assert.deepEqual(await seriousA11yViolations(page), [], `accessibility of the ${name} page`);
      await page.screenshot({ path: join(shots.dir, `${name}.png`), fullPage: true });
    },
    done: shots.done,
  };
}

/**
 * A browser page signed in as a new user (an Infra admin when `role` says so), past the one-time password change;
 * it shows "My access".
 */
export async function signedInUser(
  browser: Browser,
  url: string,
  admin: TestClient,
  name: string,
  role?: 'admin' | 'view',
): Promise<Page> {
  const created = await admin.post('/api/users', { name });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  if (role) await grantInfraRole(admin, name, role);
  const page = await newUserPage(browser);
  await signIn(page, url, name, created.body.oneTimePassword);
  const refused = page.getByRole('alert');
  await page.getByRole('heading', { name: 'Choose a new password' }).or(refused).waitFor({ timeout: HASHING_MS });
  if (await refused.count()) throw new Error(`${name} could not sign in: ${await refused.innerText()}`);
  await choosePassword(page, `${name} chooses a long password`);
  await page.getByRole('heading', { name: 'My access' }).waitFor({ timeout: HASHING_MS });
  return page;
}
