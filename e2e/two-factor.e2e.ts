import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { totpAt } from '../server/platform/totp.js';
import { DEMO_PASSWORD, useServerAndBrowser, nextPage } from './support.js';

/**
 * The security administrator binds an authenticator in 个人设置 (QR code, secret, a first code,
 * the recovery codes shown once), then signs in again in two steps: a wrong code sends it back to
 * the password like a wrong password, the right one lets it in, and so does a recovery code.
 */

const pageErrors: string[] = [];

const app = useServerAndBrowser();

async function freshPage(): Promise<Page> {
  const page = await nextPage(app.browser);
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  await page.goto(`${app.url}/login`);
  return page;
}

async function password(page: Page) {
  await page.getByPlaceholder('用户名').fill('secadmin');
  await page.getByPlaceholder('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /^登\s*录$/ }).click();
}

async function secondStep(page: Page, code: string) {
  await page.getByTestId('login-second-step').waitFor();
  await page.getByPlaceholder('6 位数字或恢复码').fill(code);
  await page.getByRole('button', { name: '验证并登录' }).click();
}

describe('two-factor login', () => {
  let secret = '';
  let recoveryCodes: string[] = [];

  it('binds an authenticator from the profile page and shows the recovery codes once', async () => {
    const page = await freshPage();
    await password(page);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${app.url}/profile`);
    const card = page.getByTestId('two-factor-card');
    await card.getByTestId('two-factor-enable').click();
    await card.getByTestId('two-factor-start').click();
    await card.locator('.ant-qrcode').waitFor();
    secret = (await card.getByTestId('two-factor-secret').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await card.getByTestId('two-factor-code').fill(totpAt(secret, new Date()));
    await card.getByTestId('two-factor-confirm').click();
    const codes = card.getByTestId('recovery-codes');
    await codes.waitFor();
    recoveryCodes = (await codes.locator('code span').allInnerTexts()).map((c) => c.trim());
    expect(recoveryCodes).toHaveLength(10);
    await card.getByTestId('recovery-codes-saved').click();
    await expect.poll(() => card.innerText()).toContain('已启用');
    expect(await card.innerText()).toContain('10 / 10');
    expect(await card.innerText()).toContain('管理员账号必须启用两步验证，不能关闭');
  });

  it('asks for the code after the password; a wrong code is refused like a wrong password, the right one signs in', async () => {
    const page = await freshPage();
    await password(page);
    const wrong = totpAt(secret, new Date(Date.now() + 30_000)) === '000000' ? '111111' : '000000';
    await secondStep(page, wrong);
    await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('用户名或密码错误');
    // Back to the password: the refusal does not say which factor was wrong.
    await expect.poll(() => page.getByPlaceholder('密码').inputValue()).toBe('');
    await password(page);
    // The enrolment spent this step's code; the authenticator's next one is accepted a step early.
    await secondStep(page, totpAt(secret, new Date(Date.now() + 30_000)));
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  });

  it('signs in with a recovery code, which the profile then counts as spent', async () => {
    const page = await freshPage();
    await password(page);
    await secondStep(page, recoveryCodes[0]);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${app.url}/profile`);
    await expect.poll(() => page.getByTestId('two-factor-card').innerText()).toContain('9 / 10');
    expect(pageErrors).toEqual([]);
  });
});
