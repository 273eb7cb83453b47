import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RAW_CODES, loginByApi, useServerAndBrowser, nextPage } from './support.js';

/**
 * The public transparency page: the bureau's coordinator publishes the adopted 旺苍 consultation,
 * then a reader without an account (on a phone) finds it under /public, reads its list by category
 * and its progress, and never sees 苍溪's consultation, which is still being negotiated.
 */

const PHONE = { width: 390, height: 844 };
const WANGCANG = '广元市科学技术局 旺苍县人民政府 局县科技会商';
const CANGXI = '广元市科学技术局 苍溪县人民政府 局县科技会商';

const pageErrors: string[] = [];

const app = useServerAndBrowser();

async function newPage(size?: { width: number; height: number }): Promise<Page> {
  const page = await nextPage(app.browser);
  if (size) await page.setViewportSize(size);
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  return page;
}

async function expectFitsWidth(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${page.url()} is ${width}px wide`).toBeLessThanOrEqual(PHONE.width);
}

let ids: { wangcang: number; cangxi: number };

describe('the public transparency page', () => {
  it('city.coord publishes the adopted 旺苍 consultation from its overview, seeing plainly what goes out', async () => {
    const page = await newPage();
    await loginByApi(page, app.url, 'city.coord');
    const list = (await (await page.request.get(`${app.url}/api/v1/consultations`)).json()) as { data: { id: number; title: string }[] };
    ids = { wangcang: list.data.find((c) => c.title === WANGCANG)!.id, cangxi: list.data.find((c) => c.title === CANGXI)!.id };

    // 苍溪 is still in negotiation: the switch is not offered.
    await page.goto(`${app.url}/consultations/${ids.cangxi}`);
    const cxCard = page.getByTestId('publication-card');
    await cxCard.getByText('清单议定后才能公开').waitFor();
    expect(await cxCard.getByRole('button', { name: '公开此会商' }).count()).toBe(0);

    await page.goto(`${app.url}/consultations/${ids.wangcang}`);
    const card = page.getByTestId('publication-card');
    await card.getByText('未公开').waitFor();
    await card.getByText('不公开：').waitFor();
    const keywords = card.getByRole('combobox');
    await keywords.fill('科技会商');
    await keywords.press('Enter');
    await card.getByRole('button', { name: '公开此会商' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('将公开：').waitFor();
    await dialog.getByText(/责任人、联系方式和账号等个人信息/).waitFor();
    await dialog.getByRole('button', { name: '确认公开' }).click();
    await card.getByText(/已公开（/).waitFor();
    await card.getByRole('link', { name: '查看公开页面' }).waitFor();
  });

  it('a logged-out reader on a phone finds it, reads the list by category and the progress; 苍溪 is absent', async () => {
    const page = await newPage(PHONE);
    const apiCalls: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/')) apiCalls.push(u.pathname);
    });
    await page.goto(`${app.url}/public`);
    const card = page.getByTestId('public-consultation-card');
    await card.first().waitFor();
    expect(await card.count()).toBe(1);
    await card.getByText(WANGCANG).waitFor();
    await page.getByTestId('public-keywords').getByText('科技会商').waitFor();
    await page.getByTestId('public-updates').getByText('议定事项清单公开发布').waitFor();
    await page.waitForLoadState('networkidle');
    let body = await page.locator('body').innerText();
    expect(body).not.toContain(CANGXI);
    expect(body).not.toContain('苍溪');
    await expectFitsWidth(page);

    await card.getByRole('link', { name: WANGCANG }).click();
    await page.waitForURL(`**/public/consultations/${ids.wangcang}`);
    await page.getByRole('heading', { name: WANGCANG }).waitFor();
    const sections = page.getByTestId('public-list');
    for (const h of ['一、市局直接支持事项（10项）', '二、局县共同推动事项（10项）', '三、局县共同争取事项（10项）']) await sections.getByRole('heading', { name: h }).waitFor();
    expect(await page.getByTestId('public-item').count()).toBe(30);
    expect(await page.getByTestId('public-category-progress').count()).toBe(3);
    await page
      .getByTestId('public-progress')
      .getByText(/议定事项30项，已办结\d+项，完成率\d+%/)
      .waitFor();
    await page
      .getByTestId('public-updates')
      .getByText(/进展经审核，累计完成约\d+%/)
      .first()
      .waitFor();
    await page.waitForLoadState('networkidle');
    await expectFitsWidth(page);
    body = await page.locator('body').innerText();
    expect(body).not.toContain('苍溪');
    // No demo person or report problem (both end in （演示）), no report text (（演示数据）), no raw code.
    expect(body).not.toContain('（演示）');
    expect(body).not.toContain('（演示数据）');
    expect(body).not.toContain('联络员');
    for (const code of RAW_CODES) expect(body).not.toMatch(new RegExp(`\\b${code}\\b`));

    // Everything came from the public API: the signed-in app was never asked for anything.
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(apiCalls.filter((p) => !p.startsWith('/api/v1/public/'))).toEqual([]);

    // 苍溪 by its address: not found, the same as a consultation that does not exist.
    await page.goto(`${app.url}/public/consultations/${ids.cangxi}`);
    await page.getByText('没有找到这项公开信息').waitFor();
    const direct = await page.request.get(`${app.url}/api/v1/public/consultations/${ids.cangxi}`);
    expect(direct.status()).toBe(404);
    expect(pageErrors).toEqual([]);
  });
});
