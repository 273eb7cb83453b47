import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pageAs, openDialog, RAW_CODES, useServerAndBrowser } from './support.js';

/**
 * 通知公告 from end to end at 1440 px: the bureau's coordinator drafts a notice through 系统管理,
 * addresses it to 旺苍县's coordinators and publishes it; 旺苍's coordinator finds it unread on the
 * home page and reads it; the bureau sees the receipt; 苍溪 never sees it.
 */

const pageErrors: string[] = [];
const TITLE = '关于做好猕猴桃产业项目申报准备的通知';

const app = useServerAndBrowser();

function signIn(username: string, path: string): Promise<Page> {
  return pageAs(app.browser, app.url, username, pageErrors, { path });
}

describe('通知公告', () => {
  it('is drafted and published by the bureau to one county and one role', async () => {
    const city = await signIn('city.coord', '/');
    await city.getByTestId('admin-link').filter({ hasText: '通知公告' }).click();
    await expect.poll(() => new URL(city.url()).pathname).toBe('/admin/announcements');
    const table = city.getByTestId('announcement-table');
    await expect.poll(() => table.innerText()).toContain('演示草稿');

    const form = city.getByTestId('announcement-form');
    await openDialog(city.getByTestId('new-announcement'), form);
    await form.getByLabel('标题').fill(TITLE);
    await form.getByLabel('正文').fill('各县联络员：\n请于本月底前梳理猕猴桃产业拟申报项目。');
    await form.getByTestId('announcement-orgs').click();
    await city.keyboard.type('旺苍县');
    await city.locator('.ant-select-tree-node-content-wrapper', { hasText: /^旺苍县$/ }).click();
    await city.keyboard.press('Escape');
    await form.getByTestId('announcement-roles').click();
    await city.locator('.ant-select-item-option', { hasText: /^县联络员$/ }).click();
    await city.keyboard.press('Escape');
    await city.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => city.locator('body').innerText()).toContain('草稿已保存');

    const row = table.locator('tr', { hasText: TITLE });
    await expect.poll(() => row.innerText()).toContain('草稿');
    await expect.poll(() => row.innerText()).toContain('旺苍县 · 县联络员');
    await row.getByTestId('publish').click();
    await city
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /发\s*布/ })
      .click();
    await expect.poll(() => city.locator('body').innerText()).toMatch(/已发布，送达 \d+ 人/);
    await expect.poll(() => row.innerText()).toContain('已发布');
    await expect.poll(() => row.getByTestId('receipts-link').innerText()).toMatch(/^0 \/ \d+ 已读$/);
  });

  it('reaches 旺苍 unread on the home page, and opening it is the receipt the bureau sees', async () => {
    const county = await signIn('wangcang.coord', '/');
    const card = county.getByTestId('home-announcements');
    const entry = card.getByTestId('home-announcement').filter({ hasText: TITLE });
    await expect.poll(() => entry.getAttribute('data-unread')).toBe('true');
    await entry.getByRole('link').click();
    const view = county.getByTestId('announcement-view');
    await view.waitFor();
    await expect.poll(() => view.innerText()).toContain('请于本月底前梳理猕猴桃产业拟申报项目');
    await expect.poll(() => view.innerText()).toContain('广元市科学技术局');
    const listed = county.getByTestId('announcement-row').filter({ hasText: TITLE });
    await expect.poll(() => listed.getAttribute('data-unread')).toBe('false');
    await county.keyboard.press('Escape');
    await county.goto(`${app.url}/`);
    await expect.poll(() => county.getByTestId('home-announcement').filter({ hasText: TITLE }).getAttribute('data-unread')).toBe('false');
    const text = await county.locator('body').innerText();
    for (const code of RAW_CODES) expect(text).not.toContain(code);

    const other = await signIn('cangxi.coord', '/');
    await other.getByTestId('home-announcements').waitFor();
    await expect.poll(() => other.getByTestId('home-announcements').innerText()).toContain('系统维护公告');
    expect(await other.getByTestId('home-announcements').innerText()).not.toContain(TITLE);

    const city = await signIn('city.coord', '/admin/announcements');
    const row = city.getByTestId('announcement-table').locator('tr', { hasText: TITLE });
    await expect.poll(() => row.getByTestId('receipts-link').innerText()).toMatch(/^1 \/ \d+ 已读$/);
    await row.getByTestId('receipts-link').click();
    const receipts = city.getByTestId('receipts-table');
    await expect.poll(() => receipts.innerText()).toContain('旺苍县联络员（演示）');
    await expect.poll(() => city.getByTestId('receipts-summary').innerText()).toMatch(/已读 1 \/ \d+ 人/);
    expect(pageErrors).toEqual([]);
  });
});
