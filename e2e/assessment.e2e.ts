import { describe, expect, it } from 'vitest';
import { pageAs, useServerAndBrowser } from './support.js';

/**
 * 单位考评: the bureau's coordinator finds the ranking from the 督办看板 menu entry, reads each
 * unit's formula, and changes a weight; 旺苍's coordinator sees only 旺苍's units and cannot change
 * the weights; 旺苍县农业农村局 sees its own row alone.
 */

const pageErrors: string[] = [];

const app = useServerAndBrowser();

const rowsOf = (page: Awaited<ReturnType<typeof pageAs>>) => page.getByTestId('assessment').locator('tbody tr.ant-table-row');

describe('unit assessment', () => {
  it('ranks the units with their formulas, and the bureau changes a weight', async () => {
    const page = await pageAs(app.browser, app.url, 'city.coord', pageErrors, { path: '/' });
    await page.getByTestId('main-menu').getByText('督办看板').click();
    await page.getByRole('tab', { name: '单位考评' }).click();
    await rowsOf(page).first().waitFor();
    expect(page.url()).toContain('tab=assessment');
    const formula = await page.getByTestId('assessment-formula').first().innerText();
    expect(formula).toMatch(/^按时报送率.+× 40 \+ 按期办结率.+× 40 \+ 督办单按期答复率.+× 20 − 红灯 \d+ 天 × 0\.5 − 退回 \d+ 次 × 2 = [\d.]+/);
    expect(await page.getByTestId('assessment-export').getAttribute('href')).toMatch(/^\/api\/v1\/assessment\/export\.xlsx\?period=\d{4}Q[1-4]$/);

    await page.getByTestId('assessment-weights-edit').click();
    const form = page.getByTestId('assessment-weights-form');
    await form.getByLabel('红灯每天扣分').fill('1');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.locator('body').innerText()).toContain('每天扣 1 分');
    await expect.poll(() => page.getByTestId('assessment-formula').first().innerText()).toMatch(/红灯 \d+ 天 × 1 /);

    // A half-year from the period picker: the same table, recomputed.
    await page.getByTestId('assessment-period').click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /上半年/ })
      .first()
      .click();
    await expect.poll(() => page.getByTestId('assessment').innerText()).toContain('上半年牵头单位考评排名');
    expect(pageErrors).toEqual([]);
  });

  it('shows a county its own units only, and a unit its own row', async () => {
    const wc = await pageAs(app.browser, app.url, 'wangcang.coord', pageErrors, { path: '/board?tab=assessment' });
    await rowsOf(wc).first().waitFor();
    const text = await wc.getByTestId('assessment').innerText();
    expect(text).not.toMatch(/苍溪|利州|昭化|朝天/);
    expect(await wc.getByTestId('assessment-weights-edit').count()).toBe(0);

    const nyj = await pageAs(app.browser, app.url, 'wangcang.nyj', pageErrors, { path: '/board?tab=assessment' });
    await rowsOf(nyj).first().waitFor();
    expect(await rowsOf(nyj).count()).toBe(1);
    expect(await rowsOf(nyj).first().innerText()).toContain('旺苍县农业农村局');
    expect(pageErrors).toEqual([]);
  });
});
