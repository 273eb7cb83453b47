import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../server/db/seeds/users.seed.js';
import { navigate, pageAs, RAW_CODES, useServerAndBrowser, type Journey } from './support.js';

/**
 * What a new user meets: every demo role opens every entry of its menu and every tab of those
 * pages (and of a consultation, for those who read consultations). No entry may lead to a dead end:
 * a crash page, 无权访问, a missing page, a refused or failed API call, an error in the console, or a
 * raw code on screen.
 */

/**
 * The demo roles in three groups, one journey file each (every-page-*.e2e.ts), so no one file holds
 * the run up: the host's side, the partners' side, and the three administrators. Every demo account
 * but cangxi.coord (whose pages are wangcang.coord's with other data) is in exactly one group.
 */
export const EVERY_PAGE_GROUPS = {
  host: ['city.coord', 'city.leader', 'province.coord'],
  partner: ['wangcang.coord', 'wangcang.nyj', 'guangyuan.coord'],
  admin: ['sysadmin', 'secadmin', 'auditadmin'],
} as const;
const grouped: readonly string[] = Object.values(EVERY_PAGE_GROUPS).flat();
const walked = DEMO_USERS.filter((u) => u.username !== 'cangxi.coord').map((u) => u.username);
if (grouped.length !== walked.length || walked.some((u) => !grouped.includes(u))) {
  throw new Error(`every demo account must be in one group of EVERY_PAGE_GROUPS: ${walked.join(', ')}`);
}

interface Visit {
  problems: string[];
  seen: string[];
  /** Requests of the page still waiting for their answer. */
  inflight: number;
}

function watch(page: Page, visit: Visit) {
  page.on('request', () => visit.inflight++);
  page.on('requestfinished', () => visit.inflight--);
  page.on('requestfailed', () => visit.inflight--);
  page.on('response', (r) => {
    const url = new URL(r.url());
    // A page may ask for something and be told no while it decides what to offer; a menu entry must
    // not be built on such a call, so any refusal counts.
    if (url.pathname.startsWith('/api/') && r.status() >= 400) visit.problems.push(`${page.url()}: ${r.request().method()} ${url.pathname}${url.search} → ${r.status()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') visit.problems.push(`${page.url()}: console ${m.text()}`);
  });
  page.on('pageerror', (e) => visit.problems.push(`${page.url()}: ${e.message}`));
}

/**
 * The page is drawn and has had no request in flight for half a second. Playwright's networkidle
 * is reached once per document load, so after a click or an in-app navigation it would not wait.
 */
async function settle(page: Page, visit: Visit) {
  await page.locator('.page, .crash-page, .ant-result').first().waitFor();
  for (let quiet = 0; quiet < 5;) {
    await page.waitForTimeout(100);
    quiet = visit.inflight > 0 ? 0 : quiet + 1;
  }
}

async function checkScreen(page: Page, visit: Visit, where: string) {
  const text = await page.locator('body').innerText();
  if (await page.locator('.crash-page').count()) visit.problems.push(`${where}: crash page`);
  for (const dead of ['无权访问', '页面不存在', '数据加载失败']) if (text.includes(dead)) visit.problems.push(`${where}: ${dead}`);
  for (const code of RAW_CODES) if (new RegExp(`\\b${code}\\b`).test(text)) visit.problems.push(`${where}: raw code ${code}`);
  visit.seen.push(where);
}

async function clickEveryTab(page: Page, visit: Visit, where: string) {
  const tabs = page.getByRole('tab');
  const names = (await tabs.allInnerTexts()).map((n) => n.trim()).filter(Boolean);
  for (const name of names) {
    await page.getByRole('tab', { name, exact: true }).first().click();
    await settle(page, visit);
    await checkScreen(page, visit, `${where} › ${name}`);
  }
}

async function walk(app: Journey, username: string): Promise<Visit> {
  const visit: Visit = { problems: [], seen: [], inflight: 0 };
  const page = await pageAs(app.browser, app.url, username, [], { path: '/' });
  watch(page, visit);
  await settle(page, visit);
  await checkScreen(page, visit, '/');
  // The menu's own entries, sub-menus opened (系统管理 opens by default).
  const menu = page.getByTestId('main-menu');
  await menu.waitFor();
  const paths = await menu
    .locator('li[data-menu-id]')
    .evaluateAll((lis) => lis.map((li) => (li.getAttribute('data-menu-id') ?? '').replace(/^.*?-(\/.*)$/, '$1')).filter((p) => p.startsWith('/')));
  expect(paths.length, `${username}'s menu`).toBeGreaterThan(1);
  for (const path of paths) {
    // As the menu goes there: in the app, without loading it again. The router keeps the last page on
    // screen while the next one's code loads, so wait for it to go (on a loaded machine the walk read
    // the old page's tabs, then clicked them after they had gone); a path drawn by the same component
    // keeps its element, hence the bounded wait (and none where the walk already is: the home page).
    const here = new URL(page.url());
    const before = here.pathname + here.search === path ? null : await page.locator('.page').first().elementHandle();
    await navigate(page, path);
    if (before) await page.waitForFunction((el) => !el.isConnected, before, { timeout: 10_000 }).catch(() => undefined);
    await settle(page, visit);
    await checkScreen(page, visit, path);
    await clickEveryTab(page, visit, path);
    if (path === '/consultations') {
      const first = page.locator('a[href^="/consultations/"]').first();
      if (await first.count()) {
        await first.click();
        await settle(page, visit);
        await checkScreen(page, visit, page.url());
        await clickEveryTab(page, visit, new URL(page.url()).pathname);
      }
    }
  }
  await page.close();
  return visit;
}

/** One group's journey: a server and a browser of its own, then each of its roles in turn. */
export function everyPageAs(group: keyof typeof EVERY_PAGE_GROUPS) {
  const app = useServerAndBrowser();
  const users = DEMO_USERS.filter((u) => (EVERY_PAGE_GROUPS[group] as readonly string[]).includes(u.username));
  describe(`every menu entry and tab, as each demo role (${group})`, () => {
    for (const user of users) {
      it(`${user.username} (${user.roles.join(', ')}) meets no dead end`, async () => {
        const visit = await walk(app, user.username);
        expect(visit.seen.length).toBeGreaterThan(2);
        expect(visit.problems).toEqual([]);
      });
    }
  });
}
