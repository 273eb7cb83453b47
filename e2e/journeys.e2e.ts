import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RAW_CODES, login, loginByApi, navigate, useServerAndBrowser, nextPage } from './support.js';

const consoleErrors: string[] = [];
/** API answers a journey provokes on purpose (a hidden consultation's 404); the browser logs them. */
const expectedApiFailures: RegExp[] = [];

const app = useServerAndBrowser();

async function newPage(): Promise<Page> {
  const page = await nextPage(app.browser);
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const from = m.location().url;
    if (/Failed to load resource/.test(m.text()) && expectedApiFailures.some((r) => r.test(from))) return;
    consoleErrors.push(`${page.url()}: ${m.text()} (${from})`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  return page;
}

/** No enumeration code, undefined or NaN is ever shown as text. */
async function expectNoRawCodes(page: Page) {
  const text = await page.locator('body').innerText();
  for (const code of RAW_CODES) expect(text, `raw "${code}" on ${page.url()}`).not.toMatch(new RegExp(`\\b${code}\\b`));
}

async function openWangcang(page: Page) {
  await page
    .getByRole('link', { name: /旺苍县人民政府 局县科技会商/ })
    .first()
    .click();
  await page.waitForURL(/\/consultations\/\d+/);
  await page.getByRole('tab', { name: '清单' }).click();
  await expect.poll(() => page.getByTestId('item-row').count(), { timeout: 15_000 }).toBe(30);
}

describe('browser journeys', () => {
  it('a county coordinator opens the consultation, sees 30 items in three groups of 10, edits one and sees the change', async () => {
    const page = await newPage();
    await login(page, app.url, 'wangcang.coord');
    await expect.poll(() => page.locator('body').innerText()).toContain('旺苍县人民政府');
    // 通知 is a page of the left menu, not only the bell.
    await page.getByTestId('main-menu').getByRole('menuitem', { name: /通知$/ }).click();
    await page.waitForURL(/\/notifications$/);
    await navigate(page, '/consultations');
    await openWangcang(page);

    await expect(page.getByTestId('section-direct_support').innerText()).resolves.toContain('一、市局直接支持事项（10项）');
    await expect(page.getByTestId('section-joint_promotion').innerText()).resolves.toContain('二、局县共同推动事项（10项）');
    await expect(page.getByTestId('section-joint_pursuit').innerText()).resolves.toContain('三、局县共同争取事项（10项）');
    // Rows follow their section: the 11th row is the first of the second group.
    const rows = page.getByTestId('item-row');
    await expect(rows.nth(0).innerText()).resolves.toContain('农业双碳循环经济示范');
    await expect(rows.nth(10).innerText()).resolves.toContain('开展中低温地热资源综合利用研究');
    await expect(rows.nth(20).innerText()).resolves.toContain('推动旺苍县争创省级创新型县');
    await expectNoRawCodes(page);

    await rows.nth(1).click();
    const drawer = page.getByTestId('item-drawer');
    await expect(drawer.innerText()).resolves.toContain('支持秦巴山区特色农产品精深加工中试基地建设');
    await drawer.getByRole('button', { name: /编\s*辑/ }).click();
    const form = page.getByTestId('item-form');
    const responsible = form.getByLabel('责任人');
    await responsible.fill('王建国（演示）');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => drawer.innerText(), { timeout: 10_000 }).toContain('王建国（演示）');

    // The change is stored: a fresh load shows it.
    await page.reload();
    await page.getByRole('tab', { name: '清单' }).click();
    await expect.poll(() => page.getByTestId('item-row').count(), { timeout: 15_000 }).toBe(30);
    await page.getByTestId('item-row').nth(1).click();
    await expect.poll(() => page.getByTestId('item-drawer').innerText()).toContain('王建国（演示）');
  });

  it('another county’s coordinator cannot see it, in the list or by address', async () => {
    const page = await newPage();
    await loginByApi(page, app.url, 'cangxi.coord');
    await page.goto(`${app.url}/consultations`);
    await expect.poll(() => page.locator('body').innerText()).toContain('苍溪县人民政府 局县科技会商');
    expect(await page.locator('body').innerText()).not.toContain('旺苍县人民政府 局县科技会商');

    const wangcangId = await page.evaluate(async () => {
      const r = await fetch('/api/v1/consultations');
      return ((await r.json()) as { data: { title: string; id: number }[] }).data.map((c) => c.id);
    });
    const hidden = [1, 2].find((id) => !wangcangId.includes(id))!;
    expectedApiFailures.push(new RegExp(`/api/v1/consultations/${hidden}(\\b|/|\\?)`));
    await page.goto(`${app.url}/consultations/${hidden}`);
    await expect.poll(() => page.locator('body').innerText(), { timeout: 10_000 }).toMatch(/不存在|无权/);
    expect(await page.locator('body').innerText()).not.toContain('支持秦巴山区特色农产品精深加工中试基地建设');
  });

  it('the system administrator sees administration only, and the organisation tree', async () => {
    const page = await newPage();
    await loginByApi(page, app.url, 'sysadmin');
    await page.goto(`${app.url}/`);
    const menu = page.getByRole('menu').first();
    await expect.poll(() => menu.innerText()).toContain('系统管理');
    expect(await menu.innerText()).not.toContain('会商');
    await navigate(page, '/admin/organisations');
    await expect.poll(() => page.locator('body').innerText(), { timeout: 10_000 }).toContain('旺苍县');
    // 广元 and below are the administrator's to change; the province above is only shown.
    const row = (name: string) => page.locator('tr.ant-table-row').filter({ has: page.getByText(name, { exact: true }) });
    await expect
      .poll(() =>
        row('广元市')
          .getByRole('button', { name: /编\s*辑/ })
          .count(),
      )
      .toBe(1);
    expect(
      await row('四川省')
        .getByRole('button', { name: /编\s*辑|删\s*除|新增下级|群机器人/ })
        .count(),
    ).toBe(0);
    await expectNoRawCodes(page);
  });

  it('三员分立: the system administrator cannot touch the auditor; a user whose password it reset must change it first', async () => {
    const page = await newPage();
    await loginByApi(page, app.url, 'sysadmin');
    await page.goto(`${app.url}/admin/users`);
    const row = (name: string) => page.locator('tr.ant-table-row').filter({ has: page.getByText(name, { exact: true }) });
    await expect.poll(() => row('auditadmin').innerText(), { timeout: 10_000 }).toContain('管理员账号 · 命令行维护');
    expect(await row('auditadmin').getByRole('button').count()).toBe(0);
    await row('wangcang.nyj').getByRole('button', { name: '重置密码' }).click();
    const dialog = page.getByRole('dialog', { name: /重置密码/ });
    await dialog.getByLabel('新密码').fill('Reset#Pass2026');
    await dialog.getByLabel('再次输入').fill('Reset#Pass2026');
    const reset = page.waitForResponse((r) => r.request().method() === 'POST' && /\/users\/\d+\/password$/.test(r.url()));
    await dialog.getByRole('button', { name: /重\s*置/ }).click();
    expect((await reset).status()).toBe(200);
    await expect.poll(() => row('wangcang.nyj').innerText()).toContain('待改密');

    const owner = await newPage();
    await login(owner, app.url, 'wangcang.nyj', 'Reset#Pass2026');
    await expect.poll(() => owner.locator('body').innerText(), { timeout: 10_000 }).toContain('请先修改密码');
    // Nothing of the app is on offer until then: no menu, no consultations.
    expect(await owner.getByTestId('main-menu').count()).toBe(0);
    const form = owner.getByTestId('password-form');
    await form.getByLabel('原密码').fill('Reset#Pass2026');
    await form.getByLabel('新密码', { exact: true }).fill('Mine#Only2026');
    await form.getByLabel('再次输入新密码').fill('Mine#Only2026');
    const changed = owner.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/me/password'));
    await form.getByRole('button', { name: '修改密码' }).click();
    expect((await changed).status()).toBe(200);
    await expect.poll(() => owner.getByTestId('main-menu').count(), { timeout: 10_000 }).toBe(1);
    await expectNoRawCodes(owner);
  });

  it('both sides discuss an item in its drawer, with a file attached', async () => {
    const png = path.join(os.tmpdir(), `意见附图-${process.pid}.png`);
    // A 1×1 PNG: the server checks the bytes, not just the name.
    fs.writeFileSync(png, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
    let page = await newPage();
    await loginByApi(page, app.url, 'wangcang.coord');
    await page.goto(`${app.url}/consultations`);
    await openWangcang(page);
    await page.getByTestId('item-row').nth(2).click();
    const drawer = page.getByTestId('item-drawer');
    await drawer.getByTestId('comment-input').fill('建议增加一家示范企业');
    await drawer.locator('input[type=file]').setInputFiles(png);
    await drawer.getByTestId('comment-submit').click();
    const posted = drawer.getByTestId('comment').first();
    await expect.poll(async () => ((await posted.count()) ? posted.innerText() : ''), { timeout: 10_000 }).toContain('建议增加一家示范企业');
    await expect.poll(() => posted.innerText(), { timeout: 10_000 }).toContain('意见附图');

    page = await newPage();
    await loginByApi(page, app.url, 'city.coord');
    await page.goto(`${app.url}/consultations`);
    await openWangcang(page);
    await page.getByTestId('item-row').nth(2).click();
    const seen = page.getByTestId('item-drawer').getByTestId('item-comments');
    await expect.poll(() => seen.innerText(), { timeout: 10_000 }).toContain('旺苍县联络员（演示）');
    const href = await seen.getByRole('link', { name: /意见附图/ }).getAttribute('href');
    const res = await page.request.get(`${app.url}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('image/png');
    fs.rmSync(png, { force: true });
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
