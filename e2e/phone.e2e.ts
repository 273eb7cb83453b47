import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { periodLabel } from '../domain/periods.js';
import { WANGCANG_ITEMS } from '../server/db/seeds/wangcang-items.seed.js';
import { componentOfClass, FIRST_SCREEN_COMPONENTS } from '../web/app/antd-sheets.js';
import { FIRST_LOAD_JS_BUDGET, firstLoad } from '../bench/first-load.js';
import { RAW_CODES, login, loginByApi, useServerAndBrowser, nextPage } from './support.js';

/**
 * A unit reporter on a phone (390 px): the menu is a drawer, no page is wider than the screen, and
 * a progress report goes in with a photo taken on the spot. Also: the first screens (login, frame,
 * home) draw only components whose styles come in the first download.
 */

const PHONE = { width: 390, height: 844 };
const TITLE = WANGCANG_ITEMS.find((i) => i.lead === '县农业农村局' && i.deadline !== null)!.title;
// A real 1×1 PNG: the server checks a photo's first bytes, not its name.
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const consoleErrors: string[] = [];

const app = useServerAndBrowser();

async function newPage(size = PHONE): Promise<Page> {
  const page = await nextPage(app.browser);
  await page.setViewportSize(size);
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  return page;
}

/** Nothing sticks out sideways: the page never scrolls horizontally at the phone's width. */
async function expectFitsWidth(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${page.url()} is ${width}px wide`).toBeLessThanOrEqual(PHONE.width);
}

/** The antd components drawn on the page, by their class's first segment (antd-sheets.ts). */
async function drawnComponents(page: Page): Promise<string[]> {
  const classes = await page.evaluate(() => [...document.querySelectorAll('[class*="ant-"]')].flatMap((el) => [...el.classList]));
  return [...new Set(classes.map(componentOfClass).filter((c): c is string => c !== null))].sort();
}

describe('on a phone', () => {
  it('the login page fits the screen and signs the reporter in', async () => {
    const page = await newPage();
    await page.goto(`${app.url}/login`);
    await expectFitsWidth(page);
    await login(page, app.url, 'wangcang.nyj');
    await page.getByTestId('my-tasks').waitFor();
    await expectFitsWidth(page);
    // No sidebar beside a phone's page: the menu opens as a drawer from the header.
    expect(await page.locator('.shell-sider').count()).toBe(0);
    await page.getByTestId('menu-open').click();
    const menu = page.getByTestId('menu-drawer').getByTestId('main-menu');
    await menu.waitFor();
    expect(await menu.innerText()).toContain('会商');
    await menu.getByText('会商', { exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/consultations');
    await page.getByTestId('menu-drawer').waitFor({ state: 'hidden' });
    await expectFitsWidth(page);
  });

  it('the reporter files the owed report with a photo from the home page task', async () => {
    const page = await newPage();
    await loginByApi(page, app.url, 'wangcang.nyj');
    await page.goto(`${app.url}/`);
    const task = page.getByTestId('my-tasks').getByTestId('task-row').filter({ hasText: TITLE });
    await expect.poll(() => task.count()).toBeGreaterThan(0);
    await task.first().getByRole('link').click();
    const drawer = page.getByTestId('item-drawer');
    await expect.poll(() => drawer.innerText()).toContain(TITLE);
    // The drawer takes the screen, not 760 px of it.
    const box = await page.locator('.ant-drawer-content-wrapper').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(PHONE.width);
    await expectFitsWidth(page);

    const reports = drawer.getByTestId('item-reports');
    await reports.getByTestId('report-new').click();
    const form = page.getByTestId('report-form');
    await form.waitFor({ state: 'visible' });
    // It opens on the period the unit owes (the overdue one), not on the current quarter.
    const owed = await reports.locator('[data-testid="report-slot"][data-state="missing"]').first().getAttribute('data-period');
    expect(await form.getByTestId('report-period').innerText()).toContain(periodLabel(owed!));
    await form.getByTestId('report-progress-editor').click();
    await page.keyboard.type('现场查看联盟筹备工作，已拍照留存。');
    await form.getByLabel('完成百分比').fill('40');
    await page.getByTestId('report-evidence-input').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PHOTO });
    await expect.poll(() => page.locator('[data-testid="report-evidence-file"][data-status="done"]').count()).toBe(1);
    const modal = await page.getByRole('dialog', { name: '报送进展报告' }).boundingBox();
    expect(modal!.width).toBeLessThanOrEqual(PHONE.width);
    await page.getByTestId('report-submit').click();
    await form.waitFor({ state: 'hidden' });

    const card = drawer.getByTestId('report-card').filter({ hasText: periodLabel(owed!) });
    await expect.poll(() => card.getAttribute('data-status')).toBe('submitted');
    expect(await card.getByTestId('report-evidence').allInnerTexts()).toEqual([expect.stringContaining('现场照片.png')]);
    const text = await page.locator('body').innerText();
    for (const code of RAW_CODES) expect(text).not.toContain(code);
  });

  it('a leader reads the home page, the board, a consultation and the notifications within the screen', async () => {
    const page = await newPage();
    await loginByApi(page, app.url, 'city.leader');
    for (const url of ['/', '/board', '/consultations', '/notifications']) {
      await page.goto(app.url + url);
      await page.locator('.page').first().waitFor();
      await page.waitForLoadState('networkidle');
      await expectFitsWidth(page);
    }
    await page.goto(`${app.url}/consultations`);
    await page
      .getByRole('link', { name: /旺苍县人民政府/ })
      .first()
      .click();
    await page.getByRole('tab', { name: '清单' }).waitFor();
    await page.waitForLoadState('networkidle');
    await expectFitsWidth(page);
    expect(consoleErrors).toEqual([]);
  });
});

describe('first download', () => {
  it('login and home download at most 300 KB of scripts, gzip-compressed as the server sends them', () => {
    // From the build the journeys run against: an import that drags a heavy component onto the
    // first screens fails here, not on a county office's slow link.
    const f = firstLoad(path.resolve(import.meta.dirname, '../web/dist'));
    expect(f.jsGzip, `${f.files} files, ${f.jsGzip} bytes of script`).toBeLessThanOrEqual(FIRST_LOAD_JS_BUDGET);
  });

  it('login, the frame and the home page draw only components styled by the first sheet', async () => {
    // The list the build splits antd's sheet by must cover what these screens draw, at both widths.
    const desk = { width: 1440, height: 900 };
    const runs = [
      [PHONE, ['wangcang.nyj', 'city.leader', 'sysadmin']],
      [desk, ['city.coord', 'auditadmin', 'wangcang.nyj']],
    ] as const;
    for (const [size, users] of runs) {
      for (const user of users) {
        const page = await newPage(size);
        await page.goto(`${app.url}/login`);
        await page.getByPlaceholder('用户名').waitFor();
        const drawn = new Set(await drawnComponents(page));
        await login(page, app.url, user);
        await page.locator('.page').first().waitFor();
        await page.waitForLoadState('networkidle');
        await page.getByTestId('user-menu').click();
        await page.getByText('退出登录').waitFor();
        for (const c of await drawnComponents(page)) drawn.add(c);
        const outside = [...drawn].filter((c) => !FIRST_SCREEN_COMPONENTS.includes(c));
        expect(outside, `${user} at ${size.width}px`).toEqual([]);
      }
    }
  });

  it('the home page does not fetch the rest of the sheet; the next page does', async () => {
    const page = await newPage({ width: 1440, height: 900 });
    const sheets: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'stylesheet' || r.url().endsWith('.css')) sheets.push(path.basename(new URL(r.url()).pathname));
    });
    await loginByApi(page, app.url, 'city.coord');
    await page.goto(`${app.url}/`);
    await page.getByTestId('my-tasks').waitFor();
    await page.waitForLoadState('networkidle');
    expect(sheets.filter((s) => s.startsWith('antd-rest'))).toEqual([]);
    await page.getByTestId('main-menu').getByText('会商', { exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/consultations');
    await expect.poll(() => sheets.filter((s) => s.startsWith('antd-rest')).length).toBe(1);
    // The sheet named in the page really is the built one (not a stale file from an older build).
    const dist = path.resolve(import.meta.dirname, '../web/dist/assets');
    expect(
      fs.existsSync(
        path.join(
          dist,
          sheets.find((s) => s.startsWith('antd-rest'))!,
        ),
      ),
    ).toBe(true);
  });
});
