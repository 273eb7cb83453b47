import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginByApi, useServerAndBrowser, nextPage } from './support.js';

const app = useServerAndBrowser();

async function as(username: string): Promise<Page> {
  const page = await nextPage(app.browser);
  await loginByApi(page, app.url, username);
  await page.goto(`${app.url}/consultations`);
  await page
    .getByRole('link', { name: /苍溪县人民政府 局县科技会商/ })
    .first()
    .click();
  await page.waitForURL(/\/consultations\/\d+/);
  return page;
}

async function openLedger(page: Page) {
  await page.getByRole('tab', { name: '清单' }).click();
  await expect.poll(() => page.getByTestId('item-row').count(), { timeout: 15_000 }).toBe(6);
}

/** Marks every row this side has not yet agreed, through the drawer as a coordinator would. */
async function agreeAll(page: Page, side: 'host' | 'partner') {
  const rows = page.getByTestId('item-row');
  for (let i = 0; i < 6; i++) {
    const mark = await rows.nth(i).getByTestId(`agreement-${side}`).innerText();
    if (mark.includes('✓')) continue;
    const itemId = await rows.nth(i).getAttribute('data-item-id');
    await rows.nth(i).click();
    // The drawer shows this row's item, not the one it showed last, before anything is clicked in it.
    const drawer = page.locator(`[data-testid="item-drawer"][data-item-id="${itemId}"]`);
    await drawer.getByTestId('agree-button').click();
    const ok = page.getByRole('dialog', { name: '同意该事项' }).getByRole('button', { name: '确认同意' });
    await ok.waitFor({ state: 'visible' });
    const saved = page.waitForResponse((r) => r.url().endsWith(`/items/${itemId}/agreement`) && r.request().method() === 'PUT');
    await ok.click();
    expect((await saved).status()).toBe(200);
    await expect.poll(() => drawer.getByTestId(`agreement-mark-${side}`).innerText(), { timeout: 15_000 }).toContain('同意');
    await closeDrawer(page);
    await expect.poll(() => rows.nth(i).getByTestId(`agreement-${side}`).innerText(), { timeout: 15_000 }).toContain('✓');
  }
}

async function closeDrawer(page: Page) {
  await page.locator('.ant-drawer-close').click();
  await page.getByTestId('item-drawer').waitFor({ state: 'hidden' });
}

async function confirmAdoption(page: Page) {
  await page.getByRole('tab', { name: '概况' }).click();
  await page.getByTestId('confirm-adoption').click();
  await page.getByRole('dialog').getByRole('button', { name: '确认议定' }).click();
}

describe('negotiation journey', () => {
  it('both sides agree every item, a saved version is compared after an edit, and both confirm adoption', async () => {
    let page = await as('city.coord');
    await openLedger(page);
    await agreeAll(page, 'host');

    await page.getByRole('tab', { name: '版本对比' }).click();
    await page.getByTestId('save-version').click();
    await page.getByTestId('version-label').fill('第一稿');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expect.poll(() => page.getByTestId('version-list').innerText()).toContain('第一稿');

    page = await as('cangxi.coord');
    await openLedger(page);
    await agreeAll(page, 'partner');
    // An edit after the version: 责任人 is compared but not an agreed field, so the marks stay.
    await page.getByTestId('item-row').nth(0).click();
    await page
      .getByTestId('item-drawer')
      .getByRole('button', { name: /编\s*辑/ })
      .click();
    await page.getByTestId('item-form').getByLabel('责任人').fill('刘洋（演示）');
    await page
      .getByTestId('item-form')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expect.poll(() => page.getByTestId('item-drawer').innerText()).toContain('刘洋（演示）');
    await closeDrawer(page);

    await page.getByRole('tab', { name: '版本对比' }).click();
    const result = page.getByTestId('compare-result');
    await expect.poll(() => result.innerText(), { timeout: 10_000 }).toContain('刘洋（演示）');
    expect(await page.getByTestId('changed-item').count()).toBe(1);
    expect(await page.getByTestId('changed-item').first().innerText()).toContain('责任人');

    await confirmAdoption(page);
    await expect.poll(() => page.getByTestId('adoption-partner').innerText()).toMatch(/苍溪县联络员/);

    page = await as('city.coord');
    await confirmAdoption(page);
    await expect.poll(() => page.getByTestId('adoption-card').innerText(), { timeout: 10_000 }).toContain('已议定');
    await expect.poll(() => page.locator('body').innerText()).toContain('落实中');
  });
});
