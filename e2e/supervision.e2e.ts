import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shiftMonths } from '../domain/dates.js';
import { formatNoticeNumber, noticePrefix } from '../domain/notices.js';
import { addDays, daysBetween, dueDateOf, owedPeriods, periodLabel, DEFAULT_REPORT_DUE_DAYS, DEFAULT_REPORT_CYCLE } from '../domain/periods.js';
import { formatDateCn } from '../domain/labels.js';
import { DEFAULT_LIGHT_THRESHOLDS } from '../domain/supervision.js';
import { demoShift } from '../server/db/seeds/demo.seed.js';
import { DEMO_ADOPTION_MONTHS_AGO } from '../server/db/seeds/supervision.seed.js';
import { LEDGER_DATE, WANGCANG_ITEMS } from '../server/db/seeds/wangcang-items.seed.js';
import { startSmtp, type ReceivedMail } from '../server/modules/notifications/notifications.testkit.js';
import { RAW_CODES, pageAs, useServerAndBrowser } from './support.js';

/**
 * The supervision loop in the app.browser, on a set calendar: 旺苍县农业农村局 reports on its item, the
 * bureau sends the report back and then accepts the revision, and the light follows. The app is then
 * started again on the same database one day past the item's deadline: the item turns red, the
 * reminder reaches the unit's mailbox on a local SMTP server, and a notice is drafted, signed and
 * shown on the board.
 */

const LEAD_UNIT = '县农业农村局';
const demoItem = WANGCANG_ITEMS.find((i) => i.lead === LEAD_UNIT && i.deadline !== null)!;
const TITLE = demoItem.title;
const CONSULTATION = '广元市科学技术局 旺苍县人民政府 局县科技会商';
const EMAIL = 'wangcang.nyj@demo.invalid';

// The demo is seeded around the app's today, so every date below follows from the first one.
const FIRST_DAY = '2026-11-25';
const DEADLINE = shiftMonths(demoItem.deadline!, demoShift(LEDGER_DATE, FIRST_DAY));
const SECOND_DAY = addDays(DEADLINE, 1);
const ADOPTED_ON = shiftMonths(FIRST_DAY, -DEMO_ADOPTION_MONTHS_AGO);
// The demo leaves this item's latest owed report missing; the journey writes it.
const PERIOD = owedPeriods(DEFAULT_REPORT_CYCLE, ADOPTED_ON, FIRST_DAY).at(-1)!;
const PERIOD_DUE = dueDateOf(PERIOD, DEFAULT_REPORT_DUE_DAYS);
const RESPONSE_DUE = addDays(SECOND_DAY, 10);
const NOTICE_NUMBER = formatNoticeNumber(noticePrefix('广元市科学技术局'), Number(SECOND_DAY.slice(0, 4)), 1);

let dir = '';
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let consultationPath = '';
let itemId = '';
const consoleErrors: string[] = [];

function appEnv(today: string): Record<string, string> {
  return { HUISHANG_TODAY: today, SMTP_URL: smtp.url, MAIL_FROM: '会商平台（演示） <noreply@demo.invalid>', JOB_POLL_MS: '300' };
}

// Registered before the app's hooks, so the mailbox is there before the app starts and closes after it stops.
beforeAll(async () => {
  smtp = await startSmtp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huishang-e2e-supervision-'));
});
afterAll(async () => {
  await smtp?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});
const app = useServerAndBrowser({ server: () => ({ dir, env: appEnv(FIRST_DAY) }) });

function signIn(username: string): Promise<Page> {
  return pageAs(app.browser, app.url, username, consoleErrors, { consoleErrors: true });
}

async function expectNoRawCodes(page: Page) {
  const text = await page.locator('body').innerText();
  for (const code of RAW_CODES) expect(text, `raw "${code}" on ${page.url()}`).not.toMatch(new RegExp(`\\b${code}\\b`));
}

const itemRow = (page: Page) => page.getByTestId('item-row').filter({ hasText: TITLE });

/** Signs in and opens the item from the ledger, as a user would: by its row. */
async function openItem(username: string): Promise<{ page: Page; drawer: Locator }> {
  const page = await signIn(username);
  await page.goto(`${app.url}${consultationPath}/items`);
  await expect.poll(() => page.getByTestId('consultation-title').innerText(), { timeout: 15_000 }).toBe(CONSULTATION);
  await expect.poll(() => itemRow(page).count(), { timeout: 15_000 }).toBe(1);
  await itemRow(page).click();
  const drawer = page.getByTestId('item-drawer');
  await expect.poll(() => drawer.innerText(), { timeout: 10_000 }).toContain(TITLE);
  await drawer.getByTestId('item-reports').waitFor();
  return { page, drawer };
}

async function closeDrawer(page: Page) {
  await page.locator('.ant-drawer-close').click();
  await page.getByTestId('item-drawer').waitFor({ state: 'hidden' });
}

/** The light the ledger row shows, and the reasons its tooltip gives. */
async function rowLight(page: Page): Promise<{ light: string | null; reasons: string }> {
  const tag = itemRow(page).getByTestId('light-tag');
  const light = await tag.getAttribute('data-light');
  await tag.hover();
  const tip = page.locator('.ant-tooltip:visible');
  await tip.waitFor({ timeout: 5_000 });
  const reasons = await tip.innerText();
  await page.mouse.move(0, 0);
  await tip.waitFor({ state: 'hidden', timeout: 5_000 });
  return { light, reasons };
}

async function typeDate(page: Page, input: Locator, date: string) {
  await input.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(date);
  await page.keyboard.press('Enter');
}

async function waitForMail(match: (m: ReceivedMail) => boolean, what: string): Promise<ReceivedMail> {
  let found: ReceivedMail | undefined;
  await expect
    .poll(
      () => {
        found = smtp.mails.find(match);
        return Boolean(found);
      },
      { timeout: 30_000, message: `${what}; received: ${JSON.stringify(smtp.mails.map((m) => ({ to: m.to, subject: m.subject })))}` },
    )
    .toBe(true);
  return found!;
}

describe(`supervision of “${TITLE}”, in Chinese, on a set calendar`, () => {
  it('the reporter of 旺苍县农业农村局 gives a notification e-mail and finds the item red for a missing report', async () => {
    expect(DEADLINE > FIRST_DAY && DEADLINE < SECOND_DAY).toBe(true);
    const page = await signIn('wangcang.nyj');
    await page.goto(`${app.url}/profile`);
    const emailForm = page.getByTestId('email-form');
    await emailForm.getByPlaceholder('name@example.gov.cn').fill(EMAIL);
    await emailForm.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.locator('.ant-message').innerText(), { timeout: 10_000 }).toContain('通知邮箱已保存');

    await page.goto(`${app.url}/consultations`);
    await page.getByTestId('consultation-link').filter({ hasText: '旺苍县人民政府' }).first().click();
    await page.waitForURL(/\/consultations\/\d+/);
    consultationPath = /\/consultations\/\d+/.exec(new URL(page.url()).pathname)![0];
    await page.getByRole('tab', { name: '清单', exact: true }).click();
    await expect.poll(() => itemRow(page).count(), { timeout: 15_000 }).toBe(1);
    itemId = (await itemRow(page).getAttribute('data-item-id'))!;
    // The ledger names the lead unit by its short name, as the county's own ledger does.
    expect(await itemRow(page).innerText()).toContain(LEAD_UNIT);

    const before = await rowLight(page);
    expect(before.light).toBe('red');
    const lateDays = daysBetween(PERIOD_DUE, FIRST_DAY);
    expect(lateDays).toBeGreaterThan(DEFAULT_LIGHT_THRESHOLDS.redReportLateDays);
    expect(before.reasons).toContain(`${periodLabel(PERIOD.code)}进展报告应于${PERIOD_DUE}前报送，已逾期${lateDays}天未报送`);
    await expectNoRawCodes(page);
  });

  it('旺苍县农业农村局 submits the quarterly report for the missing period', async () => {
    const { page, drawer } = await openItem('wangcang.nyj');
    const slot = drawer.locator(`[data-testid="report-slot"][data-period="${PERIOD.code}"]`);
    expect(await slot.getAttribute('data-state')).toBe('missing');
    await slot.click();
    const form = page.getByTestId('report-form');
    await form.waitFor({ state: 'visible' });
    await form.getByTestId('report-progress-editor').click();
    await page.keyboard.type('联盟章程已起草，已走访茶叶企业6家，2家科研院所同意加入。');
    await form.getByLabel('完成百分比').fill('30');
    await form.getByTestId('report-problems').fill('部分企业参与意愿不强。');
    await form.getByTestId('report-next-steps').fill('召开联盟筹备会，确定理事单位。');
    await page.getByTestId('report-submit').click();

    const card = drawer.getByTestId('report-card').filter({ hasText: periodLabel(PERIOD.code) });
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 10_000 }).toBe('submitted');
    expect(await card.innerText()).toContain('联盟章程已起草');
    // Reported after its due date: the slot says so for good, and no longer counts as missing.
    await expect.poll(() => slot.getAttribute('data-state'), { timeout: 10_000 }).toBe('late');
    await page.getByTestId('report-form').waitFor({ state: 'hidden' });
    await expectNoRawCodes(page);
  });

  it('the bureau returns the report with a reason', async () => {
    const { page, drawer } = await openItem('city.coord');
    const card = drawer.getByTestId('report-card').filter({ hasText: periodLabel(PERIOD.code) });
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 10_000 }).toBe('submitted');
    await card.getByTestId('review-note').fill('请补充联盟成员单位名单和筹备会时间安排。');
    await card.getByTestId('review-return').click();
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 10_000 }).toBe('returned');
    expect(await card.innerText()).toContain('请补充联盟成员单位名单和筹备会时间安排。');
    expect(await card.innerText()).toContain('已退回');
    await expectNoRawCodes(page);
  });

  it('旺苍县农业农村局 revises the report and submits it again', async () => {
    const { page, drawer } = await openItem('wangcang.nyj');
    const card = drawer.getByTestId('report-card').filter({ hasText: periodLabel(PERIOD.code) });
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 10_000 }).toBe('returned');
    await card.getByTestId('report-revise').click();
    const form = page.getByTestId('report-form');
    await form.waitFor({ state: 'visible' });
    expect(await page.getByRole('dialog').last().innerText()).toContain('第2轮');
    await form.getByTestId('report-progress-editor').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('成员单位：米仓山茶业公司等8家；筹备会定于下月中旬召开。');
    await form.getByLabel('完成百分比').fill('35');
    await page.getByTestId('report-submit').click();

    await expect.poll(() => card.getAttribute('data-status'), { timeout: 10_000 }).toBe('submitted');
    expect(await card.innerText()).toContain('第2轮');
    expect(await card.innerText()).toContain('成员单位：米仓山茶业公司等8家');
    // Every round is kept: the returned first one with its reason, and the new one.
    await expect.poll(() => card.getByTestId('report-round').count(), { timeout: 10_000 }).toBe(2);
    expect(await card.getByTestId('report-round').allInnerTexts()).toEqual([expect.stringContaining('请补充联盟成员单位名单'), expect.stringContaining('进度 35%')]);
    await expectNoRawCodes(page);
  });

  it('the bureau accepts the revision and the item’s light changes from red to yellow', async () => {
    const { page, drawer } = await openItem('city.coord');
    const card = drawer.getByTestId('report-card').filter({ hasText: periodLabel(PERIOD.code) });
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 10_000 }).toBe('submitted');
    await card.getByTestId('review-accept').click();
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 10_000 }).toBe('accepted');
    expect(await card.innerText()).toContain('审核通过');
    await closeDrawer(page);

    // The report no longer lights the item; what is left is the overdue milestone of the demo plan.
    await expect.poll(async () => (await rowLight(page)).light, { timeout: 10_000 }).toBe('yellow');
    const after = await rowLight(page);
    expect(after.reasons).not.toContain('未报送');
    expect(after.reasons).toContain('里程碑');
    // The item's progress follows the accepted report.
    expect(await itemRow(page).innerText()).toContain('35%');
    await expectNoRawCodes(page);
  });

  it('the calendar moves past the deadline: the item turns red and the reminder is mailed to 旺苍县农业农村局', async () => {
    for (const p of app.browser.pages()) await p.close();
    await app.restartServer({ dir, env: appEnv(SECOND_DAY) });

    const mail = await waitForMail((m) => m.to.includes(EMAIL) && m.subject === `催办：${TITLE}` && m.text.includes('已超过完成时限'), 'the deadline reminder e-mail');
    expect(mail.text).toContain(`会商：${CONSULTATION}`);
    expect(mail.text).toContain(`事项：${TITLE}`);
    expect(mail.text).toContain('类型：已超过完成时限');
    expect(mail.text).toContain(`事项已超过完成时限（${DEADLINE}）1 天`);

    const { page, drawer } = await openItem('city.coord');
    const reminders = drawer.getByTestId('item-reminders');
    await expect.poll(() => reminders.innerText(), { timeout: 10_000 }).toContain(`事项已超过完成时限（${DEADLINE}）1 天`);
    expect(await reminders.innerText()).toContain('旺苍县农业农村局承办人（演示）');
    await closeDrawer(page);
    const now = await rowLight(page);
    expect(now.light).toBe('red');
    expect(now.reasons).toContain(`已超过完成时限（${DEADLINE}）1天，尚未完成`);
    await expectNoRawCodes(page);
  });

  it('the bureau drafts a supervision notice for the red item', async () => {
    const { page, drawer } = await openItem('city.coord');
    const notices = drawer.getByTestId('item-notices');
    await notices.getByTestId('notice-draft').click();
    const form = page.getByTestId('notice-form');
    await form.waitFor({ state: 'visible' });
    await form.getByTestId('notice-reason').fill(`已超过完成时限（${DEADLINE}），产业技术创新联盟尚未组建。`);
    await form.getByTestId('notice-requirements').fill('请于反馈期限内书面报告联盟组建进展和整改措施。');
    await typeDate(page, form.getByLabel('反馈期限'), RESPONSE_DUE);
    await page.getByTestId('notice-submit').click();
    await form.waitFor({ state: 'hidden' });
    await expect.poll(() => notices.innerText(), { timeout: 10_000 }).toContain('待签发');
    expect(await notices.innerText()).toContain('产业技术创新联盟尚未组建');
    expect(await notices.innerText()).toContain('（签发后编号）');
    await expectNoRawCodes(page);
  });

  it('city.leader signs the notice, 旺苍县农业农村局 is told by e-mail, and the board shows it', async () => {
    const page = await signIn('city.leader');
    // The notice waits for the leader on the home page (我的待办), which opens the item.
    await page.goto(`${app.url}/`);
    const task = page.getByTestId('my-tasks').getByTestId('task-row').filter({ hasText: TITLE });
    await expect.poll(() => task.count(), { timeout: 15_000 }).toBe(1);
    expect(await task.innerText()).toContain('签发');
    await task.getByRole('link').click();
    await page.waitForURL((u) => u.search.includes(`item=${itemId}`));
    const drawer = page.getByTestId('item-drawer');
    await expect.poll(() => drawer.innerText(), { timeout: 15_000 }).toContain(TITLE);
    const notices = drawer.getByTestId('item-notices');
    // One click does not sign: the leader confirms, with an optional 签发意见.
    await notices.getByTestId('notice-sign').click();
    await page.getByTestId('notice-sign-note').fill('请按期整改（演示）');
    await page.getByTestId('notice-sign-confirm').click();
    await expect.poll(() => notices.getByTestId('notice-number').innerText(), { timeout: 10_000 }).toBe(NOTICE_NUMBER);
    expect(await notices.innerText()).toContain('请按期整改（演示）');
    expect(await notices.innerText()).toContain('已签发');
    expect(await notices.innerText()).toContain('市局领导（演示）');

    const mail = await waitForMail((m) => m.to.includes(EMAIL) && m.subject === `督办单已签发：${TITLE}`, 'the signed notice e-mail');
    expect(mail.text).toContain(`督办单：${NOTICE_NUMBER}`);
    expect(mail.text).toContain(`请于 ${RESPONSE_DUE} 前反馈办理情况`);

    await closeDrawer(page);
    await page.getByRole('tab', { name: '督办看板', exact: true }).click();
    const board = page.getByTestId('board');
    const noticeRow = board.getByTestId('board-notices').locator('tr').filter({ hasText: NOTICE_NUMBER });
    await expect.poll(() => noticeRow.count(), { timeout: 15_000 }).toBe(1);
    const noticeText = await noticeRow.innerText();
    expect(noticeText).toContain(TITLE);
    expect(noticeText).toContain('旺苍县农业农村局');
    // The board writes dates as a clerk does (2027年7月11日).
    expect(noticeText).toContain(formatDateCn(RESPONSE_DUE));
    expect(noticeText).toContain('已签发');
    const overdueRow = board.getByTestId('board-overdue').locator('tr').filter({ hasText: TITLE });
    expect(await overdueRow.innerText()).toContain('1 天');
    expect(Number(await board.getByTestId('board-total-red').locator('.ant-statistic-content-value').innerText())).toBeGreaterThanOrEqual(1);
    expect(Number(await board.getByTestId('board-total-notices').locator('.ant-statistic-content-value').innerText())).toBe(1);

    // The board's link leads back to the item.
    await noticeRow.getByRole('link', { name: TITLE }).click();
    await expect.poll(() => page.getByTestId('item-drawer').innerText(), { timeout: 15_000 }).toContain(NOTICE_NUMBER);
    await expectNoRawCodes(page);
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
