import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pageAs, RAW_CODES, useServerAndBrowser } from './support.js';

/**
 * 全文搜索 from the header: 苍溪's coordinator searches 猕猴桃 and finds 苍溪's items, marked, and
 * opens one; 旺苍's coordinator, searching the same word, never sees 苍溪's rows.
 */

const pageErrors: string[] = [];
const CANGXI_ITEM = '支持红心猕猴桃品种选育与溃疡病防控技术攻关';

const app = useServerAndBrowser();

async function searchFromHeader(username: string, q: string): Promise<Page> {
  const page = await pageAs(app.browser, app.url, username, pageErrors, { path: '/', consoleErrors: true });
  // antd puts the test id on the input itself, or on its wrapper when it draws one.
  const box = page.locator('input[data-testid="header-search"], [data-testid="header-search"] input').first();
  await box.fill(q);
  await box.press('Enter');
  await expect.poll(() => new URL(page.url()).pathname).toBe('/search');
  expect(new URL(page.url()).searchParams.get('q')).toBe(q);
  return page;
}

describe('全文搜索', () => {
  let cangxiHits: string[] = [];

  it('finds 苍溪 rows for 苍溪’s coordinator, marked, each linking to where it lives', async () => {
    const page = await searchFromHeader('cangxi.coord', '猕猴桃');
    const hits = page.getByTestId('search-hit');
    await expect.poll(() => hits.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    cangxiHits = await hits.allInnerTexts();
    expect(cangxiHits.join('\n')).toContain(CANGXI_ITEM);
    expect(await page.locator('mark.search-hit').first().innerText()).toBe('猕猴桃');
    const text = await page.locator('body').innerText();
    for (const code of RAW_CODES) expect(text).not.toContain(code);

    await hits.filter({ hasText: CANGXI_ITEM }).first().getByTestId('search-hit-link').click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/consultations\/\d+\/items$/);
    expect(new URL(page.url()).searchParams.get('item')).toMatch(/^\d+$/);
  });

  it('shows 旺苍’s coordinator none of 苍溪’s rows for the same word', async () => {
    const page = await searchFromHeader('wangcang.coord', '猕猴桃');
    await expect.poll(async () => (await page.getByTestId('search-hit').count()) > 0 || (await page.getByText('没有找到相关内容').count()) > 0, { timeout: 15_000 }).toBe(true);
    const theirs = await page.getByTestId('search-hit').allInnerTexts();
    expect(theirs.join('\n')).not.toContain(CANGXI_ITEM);
    expect(theirs).not.toEqual(cangxiHits);
    expect(pageErrors).toEqual([]);
  });
});
