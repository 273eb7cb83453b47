import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pageAs, RAW_CODES, useServerAndBrowser } from './support.js';

/**
 * 上下联动 in the browser: the province's coordinator opens an item of the 厅市会商 and sees its
 * breakdown into 旺苍 and 苍溪 items with their lights; 旺苍's coordinator changes the 旺苍 item,
 * sees its 上级事项 (without a way into the province's consultation) and none of 苍溪's; the
 * province's page shows the change.
 */

const pageErrors: string[] = [];
const PARENT = '支持科技特派员服务秦巴山区特色产业';
const WANGCANG_CHILD = '选派科技特派员团队服务黄茶产业';
const CANGXI_CHILD = '选派科技特派员服务猕猴桃产业';

const app = useServerAndBrowser();

/** The consultation whose title matches, and its item of that title, as the signed-in user reads them. */
async function find(page: Page, consultation: RegExp, title: string): Promise<{ consultationId: number; itemId: number }> {
  const list = await (await page.request.get(`${app.url}/api/v1/consultations?limit=100`)).json();
  const c = (list.data as { id: number; title: string }[]).find((x) => consultation.test(x.title));
  expect(c, String(consultation)).toBeDefined();
  const items = await (await page.request.get(`${app.url}/api/v1/consultations/${c!.id}/items?limit=200`)).json();
  const item = (items.data as { id: number; title: string }[]).find((x) => x.title === title);
  expect(item, title).toBeDefined();
  return { consultationId: c!.id, itemId: item!.id };
}

async function openItem(page: Page, at: { consultationId: number; itemId: number }) {
  await page.goto(`${app.url}/consultations/${at.consultationId}/items?item=${at.itemId}`);
  const drawer = page.getByTestId('item-drawer');
  await expect.poll(() => drawer.getAttribute('data-item-id'), { timeout: 20_000 }).toBe(String(at.itemId));
  return drawer;
}

const childRow = (page: Page, title: string) => page.getByTestId('item-children').getByTestId('child-row').filter({ hasText: title });

describe('上下联动', () => {
  it('the province sees the breakdown with lights; a county’s change shows above; the county sees only its own', async () => {
    let page = await pageAs(app.browser, app.url, 'province.coord', pageErrors, { path: '/' });
    const parent = await find(page, /厅市科技会商$/, PARENT);
    let drawer = await openItem(page, parent);
    const children = drawer.getByTestId('item-children');
    await expect.poll(() => children.getByTestId('child-row').count(), { timeout: 15_000 }).toBe(2);
    expect(await childRow(page, WANGCANG_CHILD).innerText()).toContain('旺苍县人民政府');
    expect(await childRow(page, CANGXI_CHILD).innerText()).toContain('苍溪县人民政府');
    for (const title of [WANGCANG_CHILD, CANGXI_CHILD]) expect(await childRow(page, title).getByTestId('light-tag').count()).toBe(1);
    // The 旺苍 item is behind (滞后) in the demo; the roll-up names the worst light among the two.
    expect(await childRow(page, WANGCANG_CHILD).getByTestId('item-status').innerText()).toBe('滞后');
    expect(await drawer.getByTestId('item-rollup').innerText()).toContain('已完成 0/2 项');
    const text = await page.locator('body').innerText();
    for (const code of RAW_CODES) expect(text).not.toMatch(new RegExp(`\\b${code}\\b`));

    // 旺苍's coordinator opens the own item: it names its parent, with no way into the province's list.
    page = await pageAs(app.browser, app.url, 'wangcang.coord', pageErrors, { path: '/' });
    const child = await find(page, /旺苍县人民政府 局县科技会商$/, WANGCANG_CHILD);
    drawer = await openItem(page, child);
    const parentLine = drawer.getByTestId('item-parent');
    await expect.poll(() => parentLine.innerText(), { timeout: 15_000 }).toContain(PARENT);
    expect(await parentLine.getByRole('link').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain(CANGXI_CHILD);
    // …and moves it on: from 滞后 to 推进中.
    await drawer.getByTestId('item-edit').click();
    await drawer
      .locator('.ant-form-item')
      .filter({ has: page.locator('label', { hasText: /^状态$/ }) })
      .locator('.ant-select')
      .click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '推进中' }).first().click();
    await drawer.getByTestId('item-save').click();
    await expect.poll(() => drawer.getByTestId('item-status').first().innerText(), { timeout: 15_000 }).toBe('推进中');
    // The province's consultation and the 苍溪 sibling do not exist for the county.
    const hidden = await page.request.get(`${app.url}/api/v1/consultations/${parent.consultationId}`);
    expect(hidden.status()).toBe(404);
    const own = await (await page.request.get(`${app.url}/api/v1/consultations?limit=100`)).json();
    expect((own.data as { title: string }[]).map((c) => c.title)).toEqual(['广元市科学技术局 旺苍县人民政府 局县科技会商']);

    // The province's page shows the change at once.
    page = await pageAs(app.browser, app.url, 'province.coord', pageErrors, { path: '/' });
    await openItem(page, parent);
    await expect.poll(() => childRow(page, WANGCANG_CHILD).getByTestId('item-status').innerText(), { timeout: 15_000 }).toBe('推进中');
    expect(pageErrors).toEqual([]);
  });
});
