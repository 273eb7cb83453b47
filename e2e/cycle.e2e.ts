import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginByApi, useServerAndBrowser, nextPage } from './support.js';

const app = useServerAndBrowser();

async function as(username: string, consultation: RegExp, tab: string): Promise<Page> {
  const page = await nextPage(app.browser);
  await loginByApi(page, app.url, username);
  await page.goto(`${app.url}/consultations`);
  await page.getByRole('link', { name: consultation }).first().click();
  await page.waitForURL(/\/consultations\/\d+/);
  await page.getByRole('tab', { name: tab, exact: true }).click();
  return page;
}

async function pick(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

const CANGXI = /苍溪县人民政府 局县科技会商/;
const WANGCANG = /旺苍县人民政府 局县科技会商/;

describe('the consultation cycle in the browser', () => {
  it('the county submits a need and the bureau turns it into a draft item', async () => {
    let page = await as('cangxi.coord', CANGXI, '需求');
    await page.getByTestId('submit-need').click();
    await page.getByTestId('need-title').fill('建设猕猴桃冷链保鲜技术示范线');
    await page.getByTestId('need-description').fill('产后损耗大，希望市局支持冷链保鲜技术示范。');
    await pick(page, 'need-domain', '农业农村');
    await pick(page, 'need-category', '市局直接支持');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    await expect.poll(() => page.getByTestId('need-row').first().innerText(), { timeout: 10_000 }).toContain('建设猕猴桃冷链保鲜技术示范线');

    page = await as('city.coord', CANGXI, '需求');
    await page.getByTestId('need-row').first().click();
    await page.getByTestId('need-drawer').getByTestId('convert-need').click();
    await expect.poll(() => page.getByTestId('need-drawer').innerText(), { timeout: 10_000 }).toContain('清单事项');
    await page.locator('.ant-drawer-close').click();
    await page.getByRole('tab', { name: '清单', exact: true }).click();
    await expect.poll(() => page.getByTestId('item-row').count(), { timeout: 15_000 }).toBe(7);
    expect(await page.getByTestId('section-direct_support').innerText()).toContain('（3项）');
    expect(await page.locator('body').innerText()).toContain('建设猕猴桃冷链保鲜技术示范线');
  });

  it('the bureau records the meeting and the county reads its minutes', async () => {
    let page = await as('city.coord', WANGCANG, '会商会议');
    await page.getByTestId('new-meeting').click();
    const form = page.getByTestId('meeting-form');
    await form.getByTestId('meeting-date').click();
    await page.keyboard.type('2026-04-15');
    await page.keyboard.press('Enter');
    await form.getByTestId('meeting-venue').fill('旺苍县人民政府三楼会议室');
    await form.getByTestId('attendee-name').first().fill('李明（演示）');
    await form.getByTestId('attendee-org').first().fill('广元市科学技术局');
    await form.getByTestId('attendee-title').first().fill('局长');
    await form.getByTestId('meeting-agenda').fill('一、审议会商事项清单');
    await form.getByTestId('meeting-minutes-editor').click();
    await page.keyboard.type('会议审议通过了30项会商事项。');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expect.poll(() => page.getByTestId('meeting-row').first().innerText(), { timeout: 10_000 }).toContain('旺苍县人民政府三楼会议室');
    expect(await page.getByTestId('meeting-row').first().innerText()).toContain('2026年4月15日');

    page = await as('wangcang.coord', WANGCANG, '会商会议');
    await page.getByTestId('meeting-row').first().click();
    const detail = page.getByTestId('meeting-detail');
    await expect.poll(() => detail.innerText(), { timeout: 10_000 }).toContain('会议审议通过了30项会商事项。');
    expect(await detail.innerText()).toContain('李明（演示）');
  });

  it('the county asks for a deadline extension, the bureau approves it, and the item’s history shows it', async () => {
    const next = `${new Date().getFullYear() + 2}-06-30`;
    let page = await as('wangcang.coord', WANGCANG, '清单');
    await expect.poll(() => page.getByTestId('item-row').count(), { timeout: 15_000 }).toBe(30);
    await page.getByTestId('item-row').nth(0).click();
    await page.getByTestId('item-drawer').getByTestId('request-extension').click();
    const dialog = page.getByRole('dialog').last();
    await dialog.getByTestId('extend-deadline').click();
    await page.keyboard.type(next);
    await page.keyboard.press('Enter');
    await dialog.getByTestId('change-reason').fill('示范点建设受汛期影响，申请延期');
    await dialog.getByTestId('change-request-submit').click();
    await expect.poll(() => page.getByTestId('item-drawer').innerText(), { timeout: 10_000 }).toContain('待审批');

    page = await as('city.coord', WANGCANG, '调整申请');
    const row = page.getByTestId('change-request-row').first();
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toContain('示范点建设受汛期影响');
    await row.getByTestId('approve-change').click();
    await page.getByTestId('decision-note').fill('同意延期');
    await page.getByTestId('decision-ok').click();
    await expect.poll(() => page.getByTestId('change-request-row').first().getAttribute('data-status'), { timeout: 10_000 }).toBe('approved');

    await page.getByRole('tab', { name: '清单', exact: true }).click();
    await page.getByTestId('item-row').nth(0).click();
    const [y, m, d] = next.split('-').map(Number);
    await expect.poll(() => page.getByTestId('item-drawer').innerText(), { timeout: 10_000 }).toContain(`${y}年${m}月${d}日`);
    const history = page.getByTestId('item-history');
    await expect.poll(() => history.innerText(), { timeout: 10_000 }).toContain('延期');
    expect(await history.innerText()).toContain('完成时限');
  });
});
