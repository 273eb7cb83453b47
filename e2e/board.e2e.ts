import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request, type APIRequestContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, pageAs, useServerAndBrowser } from './support.js';

/**
 * The board's list of this period's progress reports shows its first 50 rows and a 加载更多 button
 * that fetches the rest a page at a time. The demo has fewer than 50, so a list of 60 items is
 * negotiated and adopted through the API one quarter, and the board is read the next: every item
 * of it owes that quarter's report.
 */

// The list is adopted in the second quarter; on the second day the current reporting period is the third.
const ADOPTION_DAY = '2026-05-15';
const BOARD_DAY = '2026-11-25';
const ITEMS = 60;
const FIRST_PAGE = 50;
const TABLE_PAGE = 8;

let dir = '';
const pageErrors: string[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huishang-e2e-board-'));
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});
const app = useServerAndBrowser({ server: () => ({ dir, env: { HUISHANG_TODAY: ADOPTION_DAY } }) });

type Call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, data?: unknown) => Promise<any>;

/** An API client signed in as `username`, with the CSRF token its writes need. */
async function apiAs(username: string, contexts: APIRequestContext[]): Promise<Call> {
  const ctx = await request.newContext({ baseURL: app.url });
  contexts.push(ctx);
  const login = await ctx.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(login.ok(), `login of ${username}`).toBe(true);
  const csrf = (await login.json()).csrfToken as string;
  return async (method, p, data) => {
    const res = await ctx.fetch(`/api/v1${p}`, { method, data, headers: { 'X-CSRF-Token': csrf } });
    expect(res.ok(), `${method} ${p}: ${res.status()} ${await res.text()}`).toBe(true);
    return res.json();
  };
}

beforeAll(async () => {
  const contexts: APIRequestContext[] = [];
  try {
    const city = await apiAs('city.coord', contexts);
    const county = await apiAs('wangcang.coord', contexts);
    const orgs = (await city('GET', '/organisations')).data as { id: number; name: string }[];
    const wangcang = orgs.find((o) => o.name === '旺苍县人民政府')!;
    const c = await city('POST', '/consultations', { title: '2026年旺苍县局县科技会商（补充清单）', year: 2026, partnerOrgIds: [wangcang.id] });
    const items = (
      await city('POST', `/consultations/${c.id}/items/batch`, {
        items: Array.from({ length: ITEMS }, (_, i) => ({
          title: `补充清单事项${String(i + 1).padStart(2, '0')}`,
          category: 'direct_support',
          domain: '高新技术',
          deadline: '2027-12-31',
        })),
      })
    ).data as { id: number }[];
    await city('PATCH', `/consultations/${c.id}`, { status: 'negotiating', version: c.version });
    for (const item of items) {
      await city('PUT', `/items/${item.id}/agreement`, { agreed: true });
      await county('PUT', `/items/${item.id}/agreement`, { agreed: true });
    }
    await city('POST', `/consultations/${c.id}/adoption`);
    expect((await county('POST', `/consultations/${c.id}/adoption`)).status).toBe('implementing');
  } finally {
    await Promise.all(contexts.map((ctx) => ctx.dispose()));
  }
  await app.restartServer({ dir, env: { HUISHANG_TODAY: BOARD_DAY } });
});

/** Every row of the current period, in the board's order, as the API pages them. */
async function expectedRows(page: Page): Promise<{ titles: string[]; firstPage: number }> {
  const board = await (await page.request.get(`${app.url}/api/v1/board`)).json();
  const titles: string[] = board.currentReports.rows.map((r: { itemTitle: string }) => r.itemTitle);
  const firstPage = titles.length;
  let cursor: string | null = board.currentReports.nextCursor;
  while (cursor) {
    const next = await (await page.request.get(`${app.url}/api/v1/board/current-reports?cursor=${encodeURIComponent(cursor)}`)).json();
    titles.push(...next.data.map((r: { itemTitle: string }) => r.itemTitle));
    cursor = next.nextCursor;
  }
  return { titles, firstPage };
}

/** The rows the table's last page shows. */
async function lastTablePage(page: Page): Promise<string[]> {
  const table = page.getByTestId('board-reports');
  // antd puts the test id on the table itself; its pager sits beside it, in the same wrapper.
  await page.locator('.ant-table-wrapper', { has: table }).locator('.ant-pagination-item').last().click();
  const rows = table.locator('tbody tr.ant-table-row');
  await expect.poll(async () => (await rows.count()) > 0).toBe(true);
  return rows.allInnerTexts();
}

describe('督办看板 本期进展报告', () => {
  it('shows the first 50 rows, and 加载更多 brings in the next ones until none are left', async () => {
    const page = await pageAs(app.browser, app.url, 'city.coord', pageErrors, { path: '/board', consoleErrors: true });
    const { titles, firstPage } = await expectedRows(page);
    expect(firstPage).toBe(FIRST_PAGE);
    expect(titles.length).toBeGreaterThan(FIRST_PAGE + 1);

    const more = page.getByTestId('board-reports-more');
    await expect.poll(() => more.innerText()).toContain(`已显示 ${FIRST_PAGE} / ${titles.length} 项`);
    // The 50th row ends the table's last page; the 51st is nowhere yet.
    let last = await lastTablePage(page);
    expect(last.at(-1)).toContain(titles[FIRST_PAGE - 1]);
    expect(last.length).toBe(FIRST_PAGE % TABLE_PAGE || TABLE_PAGE);

    let shown = FIRST_PAGE;
    while (shown < titles.length) {
      const fetched = page.waitForResponse((r) => r.url().includes('/api/v1/board/current-reports?') && r.url().includes('cursor='));
      await more.click();
      expect((await fetched).status()).toBe(200);
      shown = Math.min(shown + FIRST_PAGE, titles.length);
      if (shown < titles.length) await expect.poll(() => more.innerText()).toContain(`已显示 ${shown} / ${titles.length} 项`);
    }
    // Everything is in: the button is gone, and the table's last page ends with the last row.
    await expect.poll(() => more.count()).toBe(0);
    last = await lastTablePage(page);
    expect(last.length).toBe(titles.length % TABLE_PAGE || TABLE_PAGE);
    expect(last.at(-1)).toContain(titles.at(-1));
    expect(titles.slice(FIRST_PAGE).some((t) => t.startsWith('补充清单事项'))).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
