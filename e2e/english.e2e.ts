import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, RAW_CODES, useServerAndBrowser } from './support.js';

/**
 * The English switch: a visitor switches on the sign-in page, signs in through the English form,
 * walks the main pages as the bureau's coordinator and as a county reporter, and switches back.
 * Pages must not show any of the web's own Chinese phrases once English is on (names and titles
 * that are data stay as the offices wrote them).
 */

const pageErrors: string[] = [];

function sources(dir: string, pick: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'dist' && entry.name !== 'fixtures') out.push(...sources(p, pick));
    else if (entry.isFile() && pick(entry.name)) out.push(fs.readFileSync(p, 'utf8'));
  }
  return out;
}

/**
 * The web's own Chinese phrases, long enough not to be mistaken for data. Phrases the server or the
 * demo data also write (a notification's title, a demo announcement) are left out: those arrive as
 * data and stay as the offices wrote them.
 */
function webPhrases(): string[] {
  const root = path.resolve(import.meta.dirname, '..');
  const serverText = [
    ...sources(path.join(root, 'server'), (n) => n.endsWith('.ts') && !n.endsWith('.test.ts')),
    ...sources(path.join(root, 'domain'), (n) => n.endsWith('.ts') && !n.endsWith('.test.ts')),
  ].join('\n');
  const out = new Set<string>();
  for (const table of sources(path.join(root, 'web'), (n) => n.endsWith('.en.ts'))) {
    for (const m of table.matchAll(/^\s*'?([^':{}@\n]*[\u4e00-\u9fff][^':{}@\n]*)'?\s*:/gm)) {
      if ([...m[1]].length >= 4 && !serverText.includes(m[1])) out.add(m[1]);
    }
  }
  return [...out];
}

async function chinesePhrasesOn(page: Page, phrases: string[]): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return phrases.filter((p) => text.includes(p));
}

const app = useServerAndBrowser();

describe('English beside Chinese', () => {
  const phrases = webPhrases();

  it('switches on the sign-in page and signs in through the English form', async () => {
    expect(phrases.length).toBeGreaterThan(500);
    const page = await app.browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${app.url}/login`);
    await page.getByRole('button', { name: /登\s*录/ }).waitFor();
    await page.getByTestId('language-switch').click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByPlaceholder('User name').fill('city.coord');
    await page.getByPlaceholder('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));

    const menu = page.getByTestId('main-menu');
    await expect.poll(() => menu.innerText()).toContain('Supervision board');
    const menuText = await menu.innerText();
    for (const label of ['Home', 'Consultations', 'Projects', 'Dashboard', 'Innovation indicators', 'Notifications']) expect(menuText).toContain(label);
    expect(menuText).not.toMatch(/[\u4e00-\u9fff]/);
    await page.locator('.page').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await chinesePhrasesOn(page, phrases)).toEqual([]);
    await page.close();
  });

  it('shows the main pages in English, enumeration labels included', async () => {
    const page = await app.browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    for (const url of ['/consultations', '/board', '/dashboard', '/projects', '/indicators', '/notifications', '/profile']) {
      await page.goto(app.url + url);
      await page.locator('.page').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await chinesePhrasesOn(page, phrases), url).toEqual([]);
      const text = await page.locator('body').innerText();
      for (const code of RAW_CODES) expect(text, url).not.toContain(code);
    }
    await page.goto(`${app.url}/consultations`);
    await page
      .getByRole('link', { name: /旺苍县人民政府/ })
      .first()
      .click();
    await page.getByRole('tab', { name: 'List' }).click();
    await page.waitForLoadState('networkidle');
    // The list's section headings come from the domain's label tables in English.
    await expect.poll(() => page.locator('body').innerText()).toContain('Items supported directly by the bureau');
    expect(await chinesePhrasesOn(page, phrases)).toEqual([]);
    await page.close();
  });

  it('switches back to Chinese from the header', async () => {
    const page = await app.browser.newPage();
    await page.goto(`${app.url}/`);
    await page.getByTestId('main-menu').waitFor();
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('main-menu').innerText()).toContain('工作台');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.close();
    expect(pageErrors).toEqual([]);
  });
});
