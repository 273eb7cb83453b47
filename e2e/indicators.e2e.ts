import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RAW_CODES, loginByApi, openDialog, useServerAndBrowser, nextPage } from './support.js';

/**
 * The yearly indicators in the browser: 旺苍's coordinator enters and submits 2025, the city bureau
 * returns it over one figure and accepts the correction, and a leader reads the comparison and the
 * 创新型县 assessment built on the accepted figures.
 */

const consoleErrors: string[] = [];

const app = useServerAndBrowser();

async function pageAs(username: string): Promise<Page> {
  const page = await nextPage(app.browser);
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  await loginByApi(page, app.url, username);
  return page;
}

/** Last year's accepted figure of 旺苍, as the form shows it beside the input. */
async function previous(page: Page, indicator: string): Promise<number> {
  const r = await page.request.get(`${app.url}/api/v1/indicators/sheet?division=510821&year=2025`);
  const line = (await r.json()).lines.find((l: { indicator: string }) => l.indicator === indicator);
  return line.previous as number;
}

const saved = (page: Page, path: string) => page.waitForResponse((r) => r.url().includes(`/api/v1/indicators/sheet${path}`) && r.request().method() !== 'GET');

describe('indicators journey', () => {
  it('旺苍 enters and submits its 2025 figures, the R&D intensity working itself out', async () => {
    const page = await pageAs('wangcang.coord');
    await page.goto(`${app.url}/indicators`);
    await page.getByTestId('main-menu').getByRole('menuitem', { name: '创新指标' }).waitFor();
    await expect.poll(() => page.getByTestId('sheet-status').innerText(), { timeout: 15_000 }).toBe('未填报');
    const gdp = Math.round((await previous(page, 'gdp')) * 1.06);
    const rd = Math.round((await previous(page, 'rd_expenditure')) * 1.12);
    const firms = (await previous(page, 'hitech_enterprises')) + 2;
    await page.getByLabel('地区生产总值', { exact: true }).fill(String(gdp));
    await page.getByLabel('全社会R&D经费支出').fill(String(rd));
    await page.getByLabel('高新技术企业数').fill(String(firms));
    const save = saved(page, '');
    await page.getByRole('button', { name: '保存草稿' }).click();
    expect((await save).status()).toBe(200);
    await expect.poll(() => page.getByTestId('sheet-status').innerText()).toBe('草稿');
    await expect.poll(() => page.getByTestId('value-rd_intensity').innerText()).toContain(((rd / gdp) * 100).toFixed(2).slice(0, 3));
    const submit = saved(page, '/submit');
    await page.getByRole('button', { name: '提交审核' }).click();
    expect((await submit).status()).toBe(200);
    await expect.poll(() => page.getByTestId('sheet-status').innerText()).toBe('待审核');
    expect(await page.getByRole('button', { name: '保存草稿' }).count()).toBe(0);
  });

  it('the city bureau returns it with a reason; 旺苍 corrects and resubmits; the bureau accepts', async () => {
    const city = await pageAs('city.coord');
    await city.goto(`${app.url}/indicators/review`);
    const row = city.locator('tr.ant-table-row').filter({ hasText: '旺苍县' }).filter({ hasText: '2025' });
    await row.getByRole('button', { name: '审核' }).click();
    const returnDialog = city.getByRole('dialog', { name: '退回指标填报' });
    await openDialog(city.getByRole('button', { name: /^退\s*回$/ }).first(), returnDialog);
    await returnDialog.getByLabel('退回理由').fill('高新技术企业数与认定名单不符，请核实');
    const back = saved(city, '/review');
    await returnDialog.getByRole('button', { name: /退\s*回/ }).click();
    expect((await back).status()).toBe(200);

    const county = await pageAs('wangcang.coord');
    await county.goto(`${app.url}/indicators/entry`);
    await expect.poll(() => county.getByTestId('return-reason').innerText(), { timeout: 15_000 }).toContain('高新技术企业数与认定名单不符');
    const firms = Number(await county.getByLabel('高新技术企业数').inputValue());
    await county.getByLabel('高新技术企业数').fill(String(firms - 1));
    const resubmit = saved(county, '/submit');
    await county.getByRole('button', { name: '提交审核' }).click();
    expect((await resubmit).status()).toBe(200);
    await expect.poll(() => county.getByTestId('sheet-status').innerText()).toBe('待审核');

    const again = await pageAs('city.coord');
    await again.goto(`${app.url}/indicators/review`);
    await again.locator('tr.ant-table-row').filter({ hasText: '旺苍县' }).filter({ hasText: '2025' }).getByRole('button', { name: '审核' }).click();
    const accept = saved(again, '/review');
    await again.getByRole('button', { name: /审核通过/ }).click();
    expect((await accept).status()).toBe(200);
    await expect.poll(() => again.getByTestId('sheet-status').last().innerText()).toBe('已审核');
  });

  it('the bureau sends 旺苍’s accepted 2023 back; 旺苍 imports its own 2019–2023 workbook and only 2023 changes', async () => {
    const city = await pageAs('city.coord');
    await city.goto(`${app.url}/indicators/review`);
    await city.getByLabel('状态').click();
    await city.getByTitle('已审核').click();
    const row = city.locator('tr.ant-table-row').filter({ hasText: '旺苍县' }).filter({ hasText: '2023' });
    await row.getByRole('button', { name: '查看' }).click();
    const dialog = city.getByRole('dialog', { name: '退回已通过的指标更正' });
    await openDialog(city.getByRole('button', { name: '退回更正' }), dialog);
    await dialog.getByLabel('退回理由').fill('2023年技术合同成交额以年报数为准，请更正后重新报送');
    const back = saved(city, '/review');
    await dialog.getByRole('button', { name: /退\s*回/ }).click();
    expect((await back).status()).toBe(200);
    await expect.poll(() => city.getByTestId('sheet-status').last().innerText()).toBe('已退回');

    const county = await pageAs('wangcang.coord');
    await county.goto(`${app.url}/indicators/entry`);
    await county.getByTestId('indicator-import').click();
    const modal = county.getByTestId('indicator-import-modal');
    await modal.locator('input[type=file]').setInputFiles(path.resolve(import.meta.dirname, '../server/modules/indicators/fixtures/indicators-wangcang-2019-2023.xlsx'));
    await expect.poll(() => modal.getByTestId('indicator-import-summary').innerText(), { timeout: 15_000 }).toContain('读到 54 个数值');
    expect(await modal.getByTestId('indicator-import-summary').innerText()).toContain('县（区）：旺苍县');
    expect(await modal.getByTestId('indicator-import-skipped').allInnerTexts()).toEqual([2019, 2020, 2021, 2022].map((y) => expect.stringContaining(`${y} 年`)));
    expect(await modal.getByTestId('indicator-import-problem').count()).toBe(0);
    const commit = county.waitForResponse((r) => r.url().includes('/api/v1/indicators/imports/commit'));
    await modal.getByTestId('indicator-import-commit').click();
    expect((await commit).status()).toBe(201);
    await expect.poll(() => modal.innerText()).toContain('2023 年写入');
    expect(await modal.innerText()).toContain('2019、2020、2021、2022 年已提交或已审核，未改动');
    await modal.getByTestId('indicator-import-done').click();
    // The form moves to the year just written: still returned, the sample's 快报 figure in it, ready to resubmit.
    await expect.poll(() => county.getByTestId('sheet-status').innerText()).toBe('已退回');
    expect(await county.getByLabel('技术合同成交额').inputValue()).toMatch(/^2,?640$/);
    const resubmit = saved(county, '/submit');
    await county.getByRole('button', { name: '提交审核' }).click();
    expect((await resubmit).status()).toBe(200);
    await expect.poll(() => county.getByTestId('sheet-status').innerText()).toBe('待审核');
  });

  it('a leader opens the dashboard from the home page, clicks the red bar of 局县共同推动 and gets exactly those items, then a county on the indicator map', async () => {
    const page = await pageAs('city.leader');
    await page.goto(app.url);
    await page.getByTestId('leader-link').filter({ hasText: '数据看板' }).click();
    const chart = page.getByTestId('chart-category-light');
    // The SVG renderer draws each bar as a path: find the red one standing over the 局县共同推动 label.
    await chart.locator('text', { hasText: '局县共同推动' }).first().waitFor({ timeout: 15_000 });
    const dashboard = await (await page.request.get(`${app.url}/api/v1/dashboard`)).json();
    const expected = dashboard.byCategoryLight.find((c: { category: string; light: string }) => c.category === 'joint_promotion' && c.light === 'red').count;
    expect(expected).toBeGreaterThan(0);
    const label = await chart.locator('text', { hasText: '局县共同推动' }).first().boundingBox();
    const bars = chart.locator('path[fill="#f5222d"]');
    let target = -1;
    let best = Infinity;
    for (let i = 0; i < (await bars.count()); i++) {
      const b = await bars.nth(i).boundingBox();
      if (!b || b.height < 1) continue;
      const dx = Math.abs(b.x + b.width / 2 - (label!.x + label!.width / 2));
      if (dx < best) [best, target] = [dx, i];
    }
    expect(best).toBeLessThan(40);
    await bars.nth(target).click();
    const modal = page.getByRole('dialog', { name: /局县共同推动 · 红灯/ });
    await expect.poll(() => modal.innerText(), { timeout: 10_000 }).toContain(`（${expected} 项）`);
    const rows = modal.getByTestId('drill-items').locator('tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(expected);
    for (let i = 0; i < expected; i++) {
      expect(await rows.nth(i).innerText()).toContain('局县共同推动');
      expect(await rows.nth(i).getByTestId('light-tag').getAttribute('data-light')).toBe('red');
    }
    await page.keyboard.press('Escape');

    // The map coloured by an indicator (R&D intensity, the latest accepted year) and its trend lines;
    // 旺苍 on the map opens its 创新型县 assessment for that year.
    const map = page.getByTestId('chart-indicator-map');
    await map.locator('text', { hasText: '旺苍县' }).first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('chart-indicator-trend').locator('text', { hasText: '苍溪县' }).count()).toBeGreaterThan(0);
    await map.scrollIntoViewIfNeeded();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    const spot = (await map.locator('text', { hasText: '旺苍县' }).first().boundingBox())!;
    await page.mouse.click(spot.x + spot.width / 2, spot.y + spot.height / 2);
    await page.waitForURL(/\/indicators\/readiness\?division=510821&year=\d{4}/);
    await expect.poll(() => page.getByTestId('readiness-table').innerText(), { timeout: 15_000 }).toContain('R&D经费投入强度');
    expect(await page.getByLabel('县（区）').locator('..').innerText()).toContain('旺苍县');
  });

  it('a leader compares the seven counties and reads 旺苍’s 创新型县 assessment', async () => {
    const page = await pageAs('city.leader');
    await page.goto(`${app.url}/indicators/comparison`);
    await page.getByLabel('对比年度').click();
    await page.getByTitle('2025 年').click();
    const table = page.getByTestId('comparison-table');
    await expect.poll(() => table.innerText(), { timeout: 15_000 }).toContain('综合得分');
    for (const name of ['利州区', '昭化区', '朝天区', '旺苍县', '青川县', '剑阁县', '苍溪县']) expect(await table.innerText()).toContain(name);
    // 旺苍's 2025 figures were just accepted, so they are compared.
    expect(await page.getByTestId('cmp-gdp-510821').innerText()).toMatch(/\d/);

    await page.getByRole('tab', { name: '创新型县评估' }).click();
    await page.getByLabel('县（区）').click();
    await page.getByTitle('旺苍县').click();
    const readiness = page.getByTestId('readiness-table');
    await expect.poll(() => readiness.innerText(), { timeout: 15_000 }).toContain('R&D经费投入强度');
    expect(await readiness.innerText()).toMatch(/达标|未达标/);
    const text = await page.locator('body').innerText();
    for (const code of RAW_CODES) expect(text).not.toMatch(new RegExp(`\\b${code}\\b`));
    expect(consoleErrors).toEqual([]);
  });
});
