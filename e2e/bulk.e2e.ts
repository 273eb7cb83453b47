import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, useServerAndBrowser } from './support.js';

const app = useServerAndBrowser();

/** Signs city.coord in on a fresh page and returns the page with the CSRF token the API asks for. */
async function signIn(): Promise<{ page: Page; csrf: string; errors: string[] }> {
  const page = await app.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const res = await page.request.post(`${app.url}/api/v1/auth/login`, { data: { username: 'city.coord', password: DEMO_PASSWORD } });
  expect(res.ok()).toBe(true);
  await page.addInitScript(() => localStorage.setItem('huishang.signedIn', '1'));
  return { page, csrf: (await res.json()).csrfToken as string, errors };
}

async function api(page: Page, csrf: string, method: 'GET' | 'POST', path: string, data?: unknown) {
  const res = await page.request.fetch(`${app.url}/api/v1${path}`, { method, data, headers: { 'X-CSRF-Token': csrf } });
  expect(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
}

describe('bulk changes', () => {
  it('the bureau’s coordinator moves five items’ deadline on the 旺苍 list at once and sees the new deadline on them', async () => {
    const { page, csrf, errors } = await signIn();
    // The adopted 旺苍 list changes its deadlines only through change requests, as a single edit
    // would: next year's 旺苍 list, still being drawn up, is where deadlines move directly.
    const orgs = (await api(page, csrf, 'GET', '/organisations')).data as { id: number; name: string }[];
    const wangcang = orgs.find((o) => o.name === '旺苍县人民政府')!;
    const c = await api(page, csrf, 'POST', '/consultations', { title: '2027年旺苍县局县科技会商', year: 2027, partnerOrgIds: [wangcang.id] });
    for (let i = 1; i <= 6; i++) {
      await api(page, csrf, 'POST', `/consultations/${c.id}/items`, { title: `旺苍科技事项${i}`, category: 'direct_support', domain: '高新技术', deadline: '2027-03-31' });
    }

    await page.goto(`${app.url}/consultations/${c.id}`);
    await page.getByRole('tab', { name: '清单', exact: true }).click();
    const rows = page.getByTestId('item-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(6);
    for (let i = 0; i < 5; i++) await rows.nth(i).locator('.ant-table-selection-column input[type="checkbox"]').check();
    const bar = page.getByTestId('bulk-bar');
    await expect.poll(() => bar.innerText()).toContain('已选 5 项');
    await bar.getByRole('button', { name: '修改完成时限' }).click();

    const dialog = page.getByRole('dialog', { name: '修改完成时限' });
    await expect.poll(() => dialog.getByTestId('bulk-count').innerText()).toContain('5 个事项');
    await dialog.getByTestId('bulk-deadline').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('2027-09-30');
    await page.keyboard.press('Enter');
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/items/bulk') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: '确认修改 5 项' }).click();
    expect((await saved).status()).toBe(200);

    const report = page.getByTestId('bulk-report');
    await expect.poll(() => report.innerText(), { timeout: 15_000 }).toContain('已修改 5 项，未修改 0 项');
    await page.getByRole('dialog', { name: '批量修改结果' }).locator('.ant-modal-close').click();

    // The five selected rows show the new deadline; the sixth keeps its own.
    await expect
      .poll(async () => (await Promise.all([0, 1, 2, 3, 4].map((i) => rows.nth(i).innerText()))).every((t) => t.includes('2027年9月30日')), { timeout: 15_000 })
      .toBe(true);
    expect(await rows.nth(5).innerText()).toContain('2027年3月31日');
    expect(errors).toEqual([]);
  });

  it('on the adopted 旺苍 list a bulk deadline move is refused item by item with the reason, extension requests are filed instead, and a saved filter comes back', async () => {
    const { page, csrf, errors } = await signIn();
    const list = (await api(page, csrf, 'GET', '/consultations?status=implementing')).data as { id: number; title: string }[];
    const adopted = list.find((c) => c.title.includes('旺苍'))!;
    await page.goto(`${app.url}/consultations/${adopted.id}`);
    await page.getByRole('tab', { name: '清单', exact: true }).click();
    const rows = page.getByTestId('item-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(30);
    for (let i = 0; i < 5; i++) await rows.nth(i).locator('.ant-table-selection-column input[type="checkbox"]').check();
    await page.getByTestId('bulk-bar').getByRole('button', { name: '修改完成时限' }).click();
    const dialog = page.getByRole('dialog', { name: '修改完成时限' });
    await dialog.getByTestId('bulk-deadline').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('2027-09-30');
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: '确认修改 5 项' }).click();
    const report = page.getByTestId('bulk-report');
    await expect.poll(() => report.innerText(), { timeout: 15_000 }).toContain('已修改 0 项，未修改 5 项');
    expect(await page.getByTestId('bulk-refused').count()).toBe(5);
    expect(await page.getByTestId('bulk-refused').first().innerText()).toContain('调整申请');
    await page.getByRole('dialog', { name: '批量修改结果' }).locator('.ant-modal-close').click();

    // What the list allows instead: one extension request per item, for 旺苍's coordinator to decide.
    for (let i = 0; i < 5; i++) await rows.nth(i).locator('.ant-table-selection-column input[type="checkbox"]').check();
    await page.getByTestId('bulk-bar').getByRole('button', { name: '申请延期' }).click();
    const ask = page.getByRole('dialog', { name: '申请延期' });
    await ask.getByTestId('bulk-extend-deadline').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('2027-12-31');
    await page.keyboard.press('Enter');
    await ask.getByTestId('bulk-extend-reason').fill('汛期施工受阻，统一顺延');
    const filing = page.waitForResponse((r) => r.url().endsWith('/api/v1/change-requests/extensions'));
    await ask.getByRole('button', { name: '提出 5 项延期申请' }).click();
    const answer = (await (await filing).json()) as { filed: { itemId: number; changeRequestId: number }[]; refused: unknown[] };
    expect(answer.filed.length).toBeGreaterThan(0);
    expect(answer.filed.length + answer.refused.length).toBe(5);
    await expect.poll(() => report.innerText(), { timeout: 15_000 }).toContain(`已提出 ${answer.filed.length} 项延期申请`);
    const requests = (await api(page, csrf, 'GET', `/consultations/${adopted.id}/change-requests?limit=100`)).data as { id: number; kind: string; status: string }[];
    for (const f of answer.filed) expect(requests.find((r) => r.id === f.changeRequestId)).toMatchObject({ kind: 'extend', status: 'pending' });
    await page.getByRole('dialog', { name: '批量延期申请结果' }).locator('.ant-modal-close').click();

    // A filter set saved under a name comes back after the filters were reset.
    await page.getByTestId('filter-q').locator('input').fill('猕猴桃');
    await page.getByTestId('filter-q').locator('input').press('Enter');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeLessThan(30);
    const found = await rows.count();
    await page.getByTestId('saved-filters').click();
    await page.getByRole('menuitem', { name: '保存当前筛选' }).click();
    const save = page.getByRole('dialog', { name: '保存当前筛选' });
    await save.getByTestId('saved-filter-name').fill('猕猴桃事项');
    await save.getByRole('checkbox').check();
    await save.getByRole('button', { name: /保\s*存/ }).click();
    await save.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: /重\s*置/ }).click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(30);
    await page.getByTestId('saved-filters').click();
    const saved = page.locator('[data-testid="saved-filter"][data-name="猕猴桃事项"]');
    expect(await saved.innerText()).toContain('已共享');
    await saved.getByText('猕猴桃事项').click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(found);
    expect(errors).toEqual([]);
  });
});
