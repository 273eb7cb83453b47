import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RAW_CODES, login, useServerAndBrowser } from './support.js';

/** The office's own Excel ledger comes in through the browser, and goes out again, in Chinese. */

const SAMPLE = path.resolve(import.meta.dirname, '../server/modules/ledger/fixtures/ledger-wangcang-2024.xlsx');
const TITLE = '广元市科学技术局 旺苍县人民政府 台账导入（演示）';

let page: Page;
const consoleErrors: string[] = [];

const app = useServerAndBrowser();
beforeAll(async () => {
  page = await app.browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  await login(page, app.url, 'city.coord');
});

describe('importing and exporting a ledger in the browser', () => {
  it('the bureau opens a consultation with 旺苍县人民政府 for the imported list', async () => {
    await page.goto(`${app.url}/consultations`);
    await page.getByTestId('create-consultation').click();
    const form = page.getByTestId('consultation-form');
    await form.getByLabel('会商名称').fill(TITLE);
    await form.getByLabel('年度').fill('2024');
    await form.getByLabel('会商方').click();
    await page.keyboard.type('旺苍县人民政府');
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^旺苍县人民政府$/ })
      .first()
      .click();
    await page.keyboard.press('Escape');
    await form.getByLabel('会商主题').fill('把已有的 Excel 台账导入平台');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /发\s*起/ })
      .click();
    await page.waitForURL(/\/consultations\/\d+/);
    await page.getByTestId('status-negotiating').click();
    await page.getByRole('dialog').getByRole('button', { name: '开始协商' }).click();
    await expect.poll(() => page.getByTestId('consultation-status').innerText(), { timeout: 10_000 }).toBe('协商中');
  });

  it('uploads the sample ledger, previews its 30 rows as new items, and commits them', async () => {
    await page.getByRole('tab', { name: '清单', exact: true }).click();
    await page.getByTestId('ledger-import').click();
    const modal = page.getByTestId('ledger-import-modal');
    await modal.locator('input[type=file]').setInputFiles(SAMPLE);
    await expect.poll(() => modal.getByTestId('ledger-preview-row').count(), { timeout: 30_000 }).toBe(30);
    const text = await modal.innerText();
    expect(text).toContain('支持实施“农业双碳循环经济示范”科技项目');
    expect(text).toContain('市科技局农村科技科');
    for (const code of RAW_CODES) expect(text, `raw "${code}" in the preview`).not.toMatch(new RegExp(`\\b${code}\\b`));
    await expect.poll(() => modal.getByTestId('ledger-commit').isEnabled(), { timeout: 10_000 }).toBe(true);
    await modal.getByTestId('ledger-commit').click();
    await expect.poll(() => modal.innerText(), { timeout: 30_000 }).toContain('台账已导入');
    expect(await modal.innerText()).toContain('新增 30 项');
    await modal.getByTestId('ledger-import-done').click();

    await expect.poll(() => page.getByTestId('item-row').count(), { timeout: 15_000 }).toBe(30);
    for (const category of ['direct_support', 'joint_promotion', 'joint_pursuit']) {
      expect(await page.locator(`[data-testid=item-row][data-category=${category}]`).count()).toBe(10);
    }
    expect(await page.getByTestId('section-heading').first().innerText()).toBe('一、市局直接支持事项（10项）');
  });

  it('exports the list as an Excel ledger, which imports back with no changes', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-export').click()]);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);

    // The exported ledger comes back in as the same 30 items, nothing to change.
    await page.getByTestId('ledger-import').click();
    const modal = page.getByTestId('ledger-import-modal');
    await modal.locator('input[type=file]').setInputFiles(file);
    await expect.poll(() => modal.getByTestId('ledger-preview-row').count(), { timeout: 30_000 }).toBe(30);
    await expect.poll(() => modal.getByTestId('ledger-commit').isEnabled(), { timeout: 10_000 }).toBe(true);
    await modal.getByTestId('ledger-commit').click();
    await expect.poll(() => modal.innerText(), { timeout: 30_000 }).toContain('台账已导入');
    expect(await modal.innerText()).toContain('新增 0 项，更新 0 项，未变 30 项');
    await modal.getByTestId('ledger-import-done').click();
    await expect.poll(() => page.getByTestId('item-row').count(), { timeout: 15_000 }).toBe(30);
    expect(consoleErrors).toEqual([]);
  });

  it('downloads the progress bulletin and the annual summary of the demo 旺苍 consultation as Word files', async () => {
    await page.goto(`${app.url}/consultations`);
    await page
      .getByRole('link', { name: /旺苍县人民政府 局县科技会商$/ })
      .first()
      .click();
    await page.waitForURL(/\/consultations\/\d+/);
    await page.getByRole('tab', { name: '文档', exact: true }).click();
    const card = page.getByTestId('consultation-documents-tab').getByTestId('consultation-documents');
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    for (const button of ['download-bulletin', 'download-summary']) {
      await expect.poll(() => card.getByTestId(button).isEnabled(), { timeout: 10_000 }).toBe(true);
      const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId(button).click()]);
      expect(download.suggestedFilename(), button).toMatch(/\.docx$/);
      expect(
        fs
          .readFileSync(await download.path())
          .subarray(0, 2)
          .toString(),
        button,
      ).toBe('PK');
    }
    expect(consoleErrors).toEqual([]);
  });
});
