import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../server/db/seeds/users.seed.js';
import { WANGCANG_ITEMS } from '../server/db/seeds/wangcang-items.seed.js';
import { RAW_CODES, pageAs, useServerAndBrowser } from './support.js';

/**
 * The coordinator's desk at 1440 px: an item's history after a report is sent back, the audit log
 * naming reports by their item, the board's and the ledger's column widths, the 会商方 picker, and
 * the 进展 and 文档 tabs of an adopted consultation (and their absence from one still negotiated).
 */

const demoItem = WANGCANG_ITEMS.find((i) => i.lead === '县农业农村局' && i.deadline !== null)!;
const TITLE = demoItem.title;
const WANGCANG = '广元市科学技术局 旺苍县人民政府 局县科技会商';
const CANGXI = '广元市科学技术局 苍溪县人民政府 局县科技会商';
const RETURN_REASON = '请补充茶叶企业走访记录和科研院所的合作意向书。';
const COORDINATOR = DEMO_USERS.find((u) => u.username === 'city.coord')!.displayName;

let page: Page;
let wangcangPath = '';
let cangxiPath = '';
const pageErrors: string[] = [];

const app = useServerAndBrowser();

function signIn(username: string): Promise<Page> {
  return pageAs(app.browser, app.url, username, pageErrors);
}

async function expectNoRawCodes(p: Page) {
  const text = await p.locator('body').innerText();
  for (const code of RAW_CODES) expect(text, `raw "${code}" on ${p.url()}`).not.toMatch(new RegExp(`\\b${code}\\b`));
}

const itemRow = (p: Page) => p.getByTestId('item-row').filter({ hasText: TITLE });

/** Opens the demo item from the 旺苍 ledger by its row; the ledger is loaded unless it is showing. */
async function openItem(p: Page, load = true): Promise<Locator> {
  if (load) await p.goto(`${app.url}${wangcangPath}/items`);
  await expect.poll(() => itemRow(p).count()).toBe(1);
  await itemRow(p).click();
  const drawer = p.getByTestId('item-drawer');
  await expect.poll(() => drawer.innerText()).toContain(TITLE);
  await drawer.getByTestId('item-reports').waitFor();
  return drawer;
}

/** Opens a consultation from the list by its name. */
async function openConsultation(p: Page, title: string): Promise<string> {
  await p.goto(`${app.url}/consultations`);
  await p.getByTestId('consultation-link').filter({ hasText: title }).first().click();
  await p.waitForURL(/\/consultations\/\d+/);
  await expect.poll(() => p.getByTestId('consultation-title').innerText()).toBe(title);
  return /\/consultations\/\d+/.exec(new URL(p.url()).pathname)![0];
}

/** Whether any scrolling part of the table is wider than what it shows. */
async function tableOverflows(table: Locator): Promise<{ scrollWidth: number; clientWidth: number }[]> {
  return table.evaluate((el) =>
    [...el.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body')]
      .map((s) => ({ scrollWidth: s.scrollWidth, clientWidth: s.clientWidth }))
      .filter((s) => s.scrollWidth > s.clientWidth),
  );
}

const header = (scope: Locator, text: string) => scope.locator('th', { hasText: new RegExp(`^${text}$`) }).first();

async function box(l: Locator) {
  const b = await l.boundingBox();
  expect(b, 'element has a box').not.toBeNull();
  return b!;
}

describe('the coordinator’s desk at 1440 px', () => {
  it('旺苍县农业农村局 reports on its item through the form', async () => {
    page = await signIn('wangcang.nyj');
    wangcangPath = await openConsultation(page, WANGCANG);
    await page.getByRole('tab', { name: '清单', exact: true }).click();
    const drawer = await openItem(page, false);
    await drawer.getByTestId('report-new').click();
    const form = page.getByTestId('report-form');
    await form.waitFor({ state: 'visible' });
    await form.getByTestId('report-progress-editor').click();
    await page.keyboard.type('已走访茶叶企业6家，联盟章程已起草。');
    await form.getByLabel('完成百分比').fill('30');
    await page.getByTestId('report-submit').click();
    await form.waitFor({ state: 'hidden' });
    const card = drawer.getByTestId('report-card').filter({ hasText: '已走访茶叶企业6家' });
    await expect.poll(() => card.getAttribute('data-status')).toBe('submitted');
    await expectNoRawCodes(page);
  });

  it('the bureau returns it, and the item’s history tells who sent it back and why', async () => {
    page = await signIn('city.coord');
    let drawer = await openItem(page);
    const card = drawer.getByTestId('report-card').filter({ hasText: '已走访茶叶企业6家' });
    await expect.poll(() => card.getAttribute('data-status')).toBe('submitted');
    await card.getByTestId('review-note').fill(RETURN_REASON);
    await card.getByTestId('review-return').click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('returned');

    // Opened again, the drawer's history starts with the return, above the submission it answers.
    await page.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });
    drawer = await openItem(page, false);
    const entries = drawer.getByTestId('history-entry');
    const ret = drawer.locator('[data-testid="history-entry"][data-kind="report_returned"]');
    await expect.poll(() => ret.count()).toBe(1);
    const kinds = await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    const returned = kinds.indexOf('report_returned');
    const submitted = kinds.indexOf('report_submitted');
    expect(submitted, `history kinds: ${kinds.join(', ')}`).toBeGreaterThan(returned);

    const summary = await ret.getByTestId('history-summary').innerText();
    expect(summary).toContain('退回进展报告');
    expect(summary).toContain(RETURN_REASON);
    expect(await ret.getByTestId('history-by').innerText()).toBe(COORDINATOR);
    const sub = drawer.locator('[data-testid="history-entry"][data-kind="report_submitted"]').first();
    expect(await sub.getByTestId('history-summary').innerText()).toContain('进度 30%');
    await expectNoRawCodes(page);
  });

  it('the board gives item titles room and its tables fit without scrolling', async () => {
    await page.goto(`${app.url}/board`);
    const board = page.getByTestId('board');
    const reports = board.getByTestId('board-reports');
    await expect.poll(() => reports.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    const titleHead = header(reports, '事项');
    expect((await box(titleHead)).width).toBeGreaterThanOrEqual(220);
    for (const id of ['board-units', 'board-overdue', 'board-notices']) {
      const table = board.getByTestId(id);
      await table.waitFor();
      expect(await tableOverflows(table), `${id} scrolls sideways`).toEqual([]);
    }
    await expectNoRawCodes(page);
  });

  it('the ledger of a consultation in negotiation shows 状态 clear of 双方确认, nothing pinned to the right', async () => {
    cangxiPath = await openConsultation(page, CANGXI);
    await page.getByRole('tab', { name: '清单', exact: true }).click();
    await page.waitForURL((u) => u.pathname === `${cangxiPath}/items`);
    await expect.poll(() => page.getByTestId('item-row').count()).toBeGreaterThan(0);
    const ledger = page.locator('.ant-table-wrapper').filter({ has: page.getByTestId('item-row') });
    const status = await box(header(ledger, '状态'));
    const agreement = await box(header(ledger, '双方确认'));
    expect(status.x + status.width).toBeLessThanOrEqual(agreement.x);
    expect(await ledger.locator('th.ant-table-cell-fix-end').count()).toBe(0);
    // Nothing needs pinning because the whole row fits at this width.
    expect(await tableOverflows(ledger), 'the ledger scrolls sideways').toEqual([]);
    await expectNoRawCodes(page);
  });

  it('the 会商方 picker offers only people’s governments and finds one by name', async () => {
    await page.goto(`${app.url}/consultations`);
    await page.getByTestId('create-consultation').click();
    const dialog = page.getByRole('dialog').filter({ hasText: '发起会商' });
    const form = dialog.getByTestId('consultation-form');
    await form.waitFor({ state: 'visible' });
    await form.getByLabel('会商方').click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await expect.poll(() => options.count()).toBeGreaterThan(1);
    const all = await options.allInnerTexts();
    for (const o of all) {
      expect(o).toMatch(/人民政府$/);
      expect(o).not.toContain('局');
    }
    await page.keyboard.type('苍溪');
    await expect.poll(() => options.allInnerTexts()).toEqual(['苍溪县人民政府']);
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expectNoRawCodes(page);
  });

  it('an adopted consultation has 进展 and 文档 tabs; one in negotiation has neither', async () => {
    await page.goto(`${app.url}${wangcangPath}`);
    await expect.poll(() => page.getByTestId('consultation-title').innerText()).toBe(WANGCANG);
    await page.getByRole('tab', { name: '进展', exact: true }).click();
    const progress = page.getByTestId('consultation-progress-tab');
    await progress.getByTestId('progress-by-category').waitFor();
    await expect.poll(() => progress.getByTestId('progress-count-total').innerText()).toBe('30');
    await expectNoRawCodes(page);

    await page.getByRole('tab', { name: '文档', exact: true }).click();
    const documents = page.getByTestId('consultation-documents-tab');
    for (const id of ['download-bulletin', 'download-summary']) {
      const button = documents.getByTestId(id);
      await button.waitFor();
      expect(await button.isEnabled(), `${id} is enabled`).toBe(true);
    }
    await expectNoRawCodes(page);

    await page.goto(`${app.url}${cangxiPath}`);
    await expect.poll(() => page.getByTestId('consultation-title').innerText()).toBe(CANGXI);
    await page.getByRole('tab', { name: '清单', exact: true }).waitFor();
    expect(await page.getByRole('tab', { name: '进展', exact: true }).count()).toBe(0);
    expect(await page.getByRole('tab', { name: '文档', exact: true }).count()).toBe(0);
  });

  it('the audit log names a report by its item and offers 进展报告 and 督办单 as objects', async () => {
    page = await signIn('auditadmin');
    await page.goto(`${app.url}/admin/audit-log`);
    const entities = page.getByTestId('audit-entity');
    await expect.poll(() => entities.count()).toBeGreaterThan(0);
    const filter = page.getByTestId('audit-entity-filter');
    const option = (name: string) => page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: new RegExp(`^${name}$`) });

    await filter.click();
    await page.keyboard.type('督办');
    await expect.poll(() => option('督办单').count()).toBe(1);
    await page.keyboard.press('Escape');

    await filter.click();
    await page.keyboard.type('进展');
    await option('进展报告').click();
    await expect.poll(() => entities.first().innerText()).toMatch(new RegExp(`^进展报告 · ${TITLE}`));
    // Every row of the filter is a report, each named by its item rather than a bare number.
    const texts = await entities.allInnerTexts();
    for (const t of texts) {
      expect(t).toMatch(/^进展报告/);
      expect(t).not.toMatch(/#\d+$/);
    }
    await expectNoRawCodes(page);
  });

  it('threw no errors in the browser', () => {
    expect(pageErrors).toEqual([]);
  });
});
