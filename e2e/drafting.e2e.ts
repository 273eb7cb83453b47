import fs from 'node:fs';
import path from 'node:path';
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { pageAs, useServerAndBrowser } from './support.js';

/**
 * 从文本起草: 苍溪's coordinator pastes the news article about the first bureau–county consultation
 * as a portal reprinted it (traditional characters, pinyin glosses, a spam line), reads the
 * candidates, and turns the three whose category the article gives into items of 苍溪's list.
 */

const pageErrors: string[] = [];
const NEWS = fs.readFileSync(path.resolve(import.meta.dirname, '../domain/fixtures/news-wangcang-2022.txt'), 'utf8');
const REPRINT = ['點擊領取新人紅包 www.example.com', ...OpenCC.Converter({ from: 'cn', to: 'tw' })(NEWS).replace('攜手', '攜(xié)手').split('\n')].join('\n');
const TAKEN = ['农业双碳循环经济示范', '开展中低温地热资源综合利用研究', '推动旺苍县争创省级创新型县'];

const app = useServerAndBrowser();

describe('a list drafted from a pasted article', () => {
  it('turns three candidates of the reprinted article into items of the list', async () => {
    const page = await pageAs(app.browser, app.url, 'cangxi.coord', pageErrors, { path: '/consultations' });
    await page
      .getByRole('link', { name: /苍溪县人民政府/ })
      .first()
      .click();
    await page.getByRole('tab', { name: '清单' }).click();
    await page.getByTestId('item-ledger').waitFor();
    const before = await page.getByTestId('item-ledger').innerText();
    for (const title of TAKEN) expect(before).not.toContain(title);

    await page.getByTestId('add-item').click();
    await page.getByTestId('draft-from-text').click();
    await page.getByTestId('draft-text').fill(REPRINT);
    await page.getByTestId('draft-read').click();
    const summary = page.getByTestId('draft-summary');
    await expect.poll(() => summary.innerText()).toContain('文中称共30项');
    expect(await summary.innerText()).toContain('已略去 1 行广告、1 处拼音注音');
    const rows = page.getByTestId('draft-candidates').locator('tbody tr.ant-table-row');
    const titles = await rows.getByTestId('draft-title').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(titles).toEqual(expect.arrayContaining([...TAKEN, '绿色家居加工关键技术研发项目']));
    // The three with a category from the article are ticked; the rest wait for the coordinator.
    const accept = page.getByTestId('draft-accept');
    await expect.poll(() => accept.innerText()).toMatch(/加入清单（3\s*项）/);
    const geo = rows.filter({ has: page.locator(`input[value="${TAKEN[1]}"]`) });
    expect(await geo.getByTestId('draft-category').innerText()).toContain('局县共同推动');
    await accept.click();
    await expect.poll(() => page.locator('body').innerText()).toContain('已加入清单 3 项');

    const ledger = page.getByTestId('item-ledger');
    for (const title of TAKEN) await expect.poll(() => ledger.innerText()).toContain(title);
    expect(pageErrors).toEqual([]);
  });
});
