import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RAW_CODES, pageAs, openDialog, useServerAndBrowser } from './support.js';

/**
 * One consultation from its first day to an approved extension, in the browser only: a NEW
 * consultation, because needs are taken only before adoption and the demo 旺苍 one is adopted.
 */

let consultationPath = '';
const consoleErrors: string[] = [];

const TITLE = '广元市科学技术局 旺苍县人民政府 2027年度局县科技会商（演示）';
const NEED = '建设高山茶叶绿色防控技术示范基地';
const year = new Date().getFullYear();
const DEADLINE = `${year + 1}-12-31`;
const EXTENDED = `${year + 2}-06-30`;

const app = useServerAndBrowser();

function signIn(username: string): Promise<Page> {
  return pageAs(app.browser, app.url, username, consoleErrors, { consoleErrors: true });
}

async function as(username: string, tab: string): Promise<Page> {
  const page = await signIn(username);
  await page.goto(`${app.url}${consultationPath}`);
  await expect.poll(() => page.getByTestId('consultation-title').innerText(), { timeout: 15_000 }).toBe(TITLE);
  await page.getByRole('tab', { name: tab, exact: true }).click();
  return page;
}

async function expectNoRawCodes(page: Page) {
  const text = await page.locator('body').innerText();
  for (const code of RAW_CODES) expect(text, `raw "${code}" on ${page.url()}`).not.toMatch(new RegExp(`\\b${code}\\b`));
}

async function pick(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

async function typeDate(page: Page, input: ReturnType<Page['getByTestId']>, date: string) {
  await input.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(date);
  await page.keyboard.press('Enter');
}

async function openOnlyItem(page: Page) {
  await expect.poll(() => page.getByTestId('item-row').count(), { timeout: 15_000 }).toBe(1);
  await page.getByTestId('item-row').first().click();
  const drawer = page.getByTestId('item-drawer');
  await expect.poll(() => drawer.innerText(), { timeout: 10_000 }).toContain(NEED);
  return drawer;
}

async function closeDrawer(page: Page) {
  await page.locator('.ant-drawer-close').click();
  await page.getByTestId('item-drawer').waitFor({ state: 'hidden' });
}

async function agree(page: Page, side: 'host' | 'partner') {
  const drawer = await openOnlyItem(page);
  await drawer.getByTestId('agree-button').click();
  const ok = page.getByRole('dialog', { name: '同意该事项' }).getByRole('button', { name: '确认同意' });
  await ok.waitFor({ state: 'visible' });
  await ok.click();
  await expect.poll(() => drawer.getByTestId(`agreement-mark-${side}`).innerText(), { timeout: 15_000 }).toContain('同意');
  await closeDrawer(page);
  await expect.poll(() => page.getByTestId('item-row').first().getByTestId(`agreement-${side}`).innerText(), { timeout: 15_000 }).toContain('✓');
}

async function confirmAdoption(page: Page) {
  await page.getByTestId('confirm-adoption').click();
  await page.getByRole('dialog').getByRole('button', { name: '确认议定' }).click();
}

function cnDate(iso: string) {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

describe('a whole consultation cycle with 旺苍县人民政府, in Chinese', () => {
  it('the bureau opens a new consultation with 旺苍县人民政府 and starts negotiating', async () => {
    const page = await signIn('city.coord');
    await page.goto(`${app.url}/consultations`);
    await page.getByTestId('create-consultation').click();
    const form = page.getByTestId('consultation-form');
    await form.getByLabel('会商名称').fill(TITLE);
    await form.getByLabel('年度').fill('2027');
    await form.getByLabel('会商方').click();
    await page.keyboard.type('旺苍县人民政府');
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^旺苍县人民政府$/ })
      .first()
      .click();
    await page.keyboard.press('Escape');
    await form.getByLabel('会商主题').fill('聚焦茶叶、猕猴桃产业科技需求');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /发\s*起/ })
      .click();
    await page.waitForURL(/\/consultations\/\d+/);
    consultationPath = /\/consultations\/\d+/.exec(new URL(page.url()).pathname)![0];
    await expect.poll(() => page.getByTestId('consultation-status').innerText(), { timeout: 10_000 }).toBe('筹备中');
    expect(await page.locator('body').innerText()).toContain('旺苍县人民政府');

    await page.getByTestId('status-negotiating').click();
    await page.getByRole('dialog').getByRole('button', { name: '开始协商' }).click();
    await expect.poll(() => page.getByTestId('consultation-status').innerText(), { timeout: 10_000 }).toBe('协商中');
    await expectNoRawCodes(page);
  });

  it('the county submits a need and the bureau converts it into a draft item', async () => {
    let page = await as('wangcang.coord', '需求');
    await page.getByTestId('submit-need').click();
    await page.getByTestId('need-title').fill(NEED);
    await page.getByTestId('need-description').fill('茶园病虫害防控依赖化学农药，希望市局支持绿色防控技术示范。');
    await pick(page, 'need-domain', '农业农村');
    await pick(page, 'need-category', '市局直接支持');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    await expect.poll(() => page.getByTestId('need-row').first().innerText(), { timeout: 10_000 }).toContain(NEED);
    // A closing dialog's select lists still carry their option codes for screen readers; read the page once it is gone.
    await page.getByTestId('need-form').waitFor({ state: 'detached' });
    await expectNoRawCodes(page);

    page = await as('city.coord', '需求');
    await page.getByTestId('need-row').first().click();
    const drawer = page.getByTestId('need-drawer');
    await drawer.getByTestId('convert-need').click();
    await expect.poll(() => drawer.getByTestId('need-linked-item').innerText(), { timeout: 10_000 }).toContain(NEED);
    await page.locator('.ant-drawer-close').click();

    // The item keeps the link back to the need it came from.
    await page.getByRole('tab', { name: '清单', exact: true }).click();
    const item = await openOnlyItem(page);
    await expect.poll(() => item.getByTestId('item-source-need').innerText(), { timeout: 10_000 }).toContain(NEED);
    expect(await page.getByTestId('section-direct_support').innerText()).toContain('（1项）');
  });

  it('the bureau sets the deadline and both sides agree the item', async () => {
    let page = await as('city.coord', '清单');
    const drawer = await openOnlyItem(page);
    await drawer.getByTestId('item-edit').click();
    await typeDate(page, page.getByTestId('item-form').getByLabel('完成时限'), DEADLINE);
    await page.getByTestId('item-save').click();
    await expect.poll(() => drawer.innerText(), { timeout: 10_000 }).toContain(cnDate(DEADLINE));
    await closeDrawer(page);
    await agree(page, 'host');

    page = await as('wangcang.coord', '清单');
    await agree(page, 'partner');
    await expect.poll(() => page.getByTestId('agreed-counts').innerText(), { timeout: 10_000 }).toContain('1/1');
    await expectNoRawCodes(page);
  });

  it('a version is saved, an item edited, and the comparison shows the change', async () => {
    let page = await as('city.coord', '版本对比');
    await page.getByTestId('save-version').click();
    await page.getByTestId('version-label').fill('双方同意稿');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expect.poll(() => page.getByTestId('version-list').innerText(), { timeout: 10_000 }).toContain('双方同意稿');

    page = await as('wangcang.coord', '清单');
    // 责任人 is compared but is not an agreed field, so both marks stay.
    const drawer = await openOnlyItem(page);
    await drawer.getByTestId('item-edit').click();
    await page.getByTestId('item-form').getByLabel('责任人').fill('王芳（演示）');
    await page.getByTestId('item-save').click();
    await expect.poll(() => drawer.getByTestId('item-responsible').innerText(), { timeout: 10_000 }).toBe('王芳（演示）');
    await closeDrawer(page);

    await page.getByRole('tab', { name: '版本对比', exact: true }).click();
    const result = page.getByTestId('compare-result');
    await expect.poll(() => result.innerText(), { timeout: 10_000 }).toContain('王芳（演示）');
    expect(await page.getByTestId('changed-item').count()).toBe(1);
    expect(await page.getByTestId('changed-item').first().innerText()).toContain('责任人');
    await expectNoRawCodes(page);
  });

  it('the bureau records the meeting', async () => {
    let page = await as('city.coord', '会商会议');
    await page.getByTestId('new-meeting').click();
    const form = page.getByTestId('meeting-form');
    await typeDate(page, form.getByTestId('meeting-date'), `${year}-11-20`);
    await form.getByTestId('meeting-venue').fill('旺苍县人民政府二楼会议室');
    await form.getByTestId('attendee-name').first().fill('张伟（演示）');
    await form.getByTestId('attendee-org').first().fill('旺苍县人民政府');
    await form.getByTestId('attendee-title').first().fill('副县长');
    await form.getByTestId('meeting-agenda').fill('一、审议2027年度会商事项清单');
    await form.getByTestId('meeting-minutes-editor').click();
    await page.keyboard.type('会议同意将高山茶叶绿色防控列入会商事项。');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expect.poll(() => page.getByTestId('meeting-row').first().innerText(), { timeout: 10_000 }).toContain('旺苍县人民政府二楼会议室');

    // A record entered twice by mistake: the bureau deletes the duplicate.
    await page.getByTestId('new-meeting').click();
    await typeDate(page, page.getByTestId('meeting-form').getByTestId('meeting-date'), `${year}-11-21`);
    await page.getByTestId('meeting-form').getByTestId('meeting-venue').fill('误登记的会议');
    await page.getByTestId('meeting-form').getByTestId('attendee-name').first().fill('张伟（演示）');
    await page.getByTestId('meeting-form').getByTestId('attendee-org').first().fill('旺苍县人民政府');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expect.poll(() => page.getByTestId('meeting-row').count(), { timeout: 10_000 }).toBe(2);
    await page.getByTestId('meeting-row').filter({ hasText: '误登记的会议' }).click();
    await page.getByTestId('delete-meeting').click();
    await page.getByTestId('delete-meeting-ok').click();
    await expect.poll(() => page.getByTestId('meeting-row').count(), { timeout: 10_000 }).toBe(1);

    page = await as('wangcang.coord', '会商会议');
    await page.getByTestId('meeting-row').first().click();
    await expect.poll(() => page.getByTestId('meeting-detail').innerText(), { timeout: 10_000 }).toContain('会议同意将高山茶叶绿色防控列入会商事项。');
    expect(await page.getByTestId('meeting-detail').getByTestId('delete-meeting').count()).toBe(0);
  });

  it('both coordinators confirm adoption and the consultation is being implemented', async () => {
    let page = await as('wangcang.coord', '概况');
    await confirmAdoption(page);
    await expect.poll(() => page.getByTestId('adoption-partner').innerText(), { timeout: 10_000 }).toMatch(/旺苍/);

    page = await as('city.coord', '概况');
    await confirmAdoption(page);
    await expect.poll(() => page.getByTestId('adoption-card').innerText(), { timeout: 10_000 }).toContain('已议定');
    await expect.poll(() => page.getByTestId('consultation-status').innerText(), { timeout: 10_000 }).toBe('落实中');
    await expectNoRawCodes(page);
  });

  it('the county asks for an extension, the bureau approves it, and the item’s history shows it', async () => {
    let page = await as('wangcang.coord', '清单');
    let drawer = await openOnlyItem(page);
    const dialog = page.getByRole('dialog', { name: '申请延期' });
    await openDialog(drawer.getByTestId('request-extension'), dialog.getByTestId('change-reason'));
    await typeDate(page, dialog.getByTestId('extend-deadline'), EXTENDED);
    await dialog.getByTestId('change-reason').fill('示范基地建设受春茶采摘期影响，申请延期');
    // Filed once the server says so: on a loaded machine the list refetch can trail the click.
    const filed = page.waitForResponse((r) => /\/items\/\d+\/change-requests$/.test(r.url()) && r.request().method() === 'POST');
    await dialog.getByTestId('change-request-submit').click();
    expect((await filed).status()).toBe(201);
    await expect.poll(() => drawer.innerText()).toContain('待审批');

    page = await as('city.coord', '调整申请');
    const row = page.getByTestId('change-request-row').first();
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toContain('示范基地建设受春茶采摘期影响');
    await row.getByTestId('approve-change').click();
    await page.getByTestId('decision-note').fill('同意延期');
    await page.getByTestId('decision-ok').click();
    await expect.poll(() => page.getByTestId('change-request-row').first().getAttribute('data-status'), { timeout: 10_000 }).toBe('approved');
    await expectNoRawCodes(page);

    await page.getByRole('tab', { name: '清单', exact: true }).click();
    drawer = await openOnlyItem(page);
    await expect.poll(() => drawer.innerText(), { timeout: 10_000 }).toContain(cnDate(EXTENDED));
    const history = page.getByTestId('item-history');
    await expect.poll(() => history.innerText(), { timeout: 10_000 }).toContain('延期');
    expect(await history.innerText()).toContain('完成时限');
    expect(await history.innerText()).toContain(cnDate(EXTENDED));
    await expectNoRawCodes(page);
  });

  it('the county files a cancellation by mistake and withdraws it before the bureau decides', async () => {
    const page = await as('wangcang.coord', '清单');
    const drawer = await openOnlyItem(page);
    const dialog = page.getByRole('dialog', { name: '申请取消' });
    await openDialog(drawer.getByTestId('request-cancel'), dialog.getByTestId('change-reason'));
    await dialog.getByTestId('change-reason').fill('误操作');
    const filed = page.waitForResponse((r) => /\/items\/\d+\/change-requests$/.test(r.url()) && r.request().method() === 'POST');
    await dialog.getByTestId('change-request-submit').click();
    expect((await filed).status()).toBe(201);
    const row = drawer.getByTestId('change-request-row').filter({ hasText: '误操作' });
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('pending');
    await row.getByTestId('withdraw-change').click();
    await page.getByTestId('withdraw-change-ok').click();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('withdrawn');
    expect(await row.innerText()).toContain('已撤回');
    await expect.poll(() => page.getByTestId('item-history').innerText(), { timeout: 10_000 }).toContain('撤回调整申请');
    // The item itself never changed: it is still 未启动, not 已取消.
    expect(await drawer.innerText()).toMatch(/状态\s+未启动/);
    await expectNoRawCodes(page);
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
