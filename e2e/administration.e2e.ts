import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pageAs, useServerAndBrowser } from './support.js';

/**
 * The administrators' built-ins at 1440 px: the security administrator forces a coordinator out
 * (the coordinator's own browser is sent to the login page and told why), the system administrator
 * runs and pauses a job and reads its run log and changes a 系统参数, and the audit administrator
 * finds all of it in the operation log and exports it.
 */

const pageErrors: string[] = [];
// Two people's browsers: the coordinator's, and the one the administrators take turns at.
const app = useServerAndBrowser({ contexts: 2 });
const COUNTY = 0;
const ADMIN = 1;

function signIn(which: number, username: string, path: string): Promise<Page> {
  return pageAs(app.contexts[which], app.url, username, pageErrors, { path });
}

describe('administration built-ins', () => {
  it('forces a signed-in coordinator out, and the coordinator is sent to sign in again with the reason', async () => {
    const county = await signIn(COUNTY, 'wangcang.coord', '/');
    await county
      .locator('.ant-menu-item', { hasText: /^会商$/ })
      .first()
      .waitFor();

    const sec = await signIn(ADMIN, 'secadmin', '/admin/online');
    const table = sec.getByTestId('online-table');
    await expect.poll(() => table.innerText()).toContain('wangcang.coord');
    await sec.getByTestId('terminate-wangcang.coord').click();
    await sec.getByRole('button', { name: '强制下线' }).last().click();
    await expect.poll(() => sec.locator('body').innerText()).toContain('强制下线');
    await expect.poll(() => table.innerText()).not.toContain('wangcang.coord');

    // The coordinator's next visit meets the ended session and is told why.
    await county.reload();
    await expect.poll(() => new URL(county.url()).pathname).toBe('/login');
    await expect.poll(() => county.getByTestId('login-ended').innerText()).toContain('您已被管理员强制下线');
  });

  it('runs a job once by hand, pauses and resumes another, and shows the runs in the log', async () => {
    const admin = await signIn(ADMIN, 'sysadmin', '/admin/jobs');
    const jobs = admin.getByTestId('jobs-table');
    await expect.poll(() => jobs.innerText()).toContain('每日督办扫描');
    await admin.getByTestId('job-run-daily_sweep').click();
    await expect.poll(() => admin.locator('body').innerText()).toContain('“每日督办扫描”已执行');
    await expect.poll(() => admin.getByTestId('job-runs').innerText()).toContain('手动（sysadmin）');

    await admin.getByTestId('job-pause-deliveries').click();
    const row = jobs.locator('tr', { hasText: '邮件与群机器人推送' });
    await expect.poll(() => row.innerText()).toContain('已暂停');
    await admin.getByTestId('job-resume-deliveries').click();
    await expect.poll(() => row.innerText()).toContain('正常');
  });

  it('changes a system parameter and puts it back to its default', async () => {
    const admin = await signIn(ADMIN, 'sysadmin', '/admin/parameters');
    const idle = admin.getByTestId('param-session.idleMinutes');
    await idle.getByRole('spinbutton').fill('20');
    await idle.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => admin.locator('body').innerText()).toContain('“会话空闲超时”已改为 20 分钟');
    await expect.poll(() => admin.locator('tr', { hasText: '会话空闲超时' }).innerText()).toContain('已修改');
    await idle.getByRole('button', { name: '恢复默认' }).click();
    await expect.poll(() => admin.locator('body').innerText()).toContain('已恢复默认值 30 分钟');
  });

  it('finds the forced logout, the job run and the parameter in the operation log, and exports it', async () => {
    const audit = await signIn(ADMIN, 'auditadmin', '/admin/audit-log');
    const body = () => audit.locator('body').innerText();
    await expect.poll(body).toContain('强制下线');
    expect(await body()).toContain('手动执行任务');
    expect(await body()).toContain('修改系统参数');
    expect(await body()).toContain('会话空闲超时');
    const [download] = await Promise.all([audit.waitForEvent('download'), audit.getByTestId('audit-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^操作日志-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(pageErrors).toEqual([]);
  });
});
