import { chromium } from 'playwright-core';

const BASE = process.env.BASE ?? 'http://127.0.0.1:3100';
const OUT = '/tmp/shots';
const PW = 'Huishang@2026';
const CODES = /\b(direct_support|joint_promotion|joint_pursuit|not_started|in_progress|delayed|cancelled|negotiating|implementing|host_coordinator|partner_coordinator|unit_reporter|sys_admin|sec_admin|audit_admin|undefined|null|NaN)\b/;

const ctx = await chromium.launchPersistentContext('/tmp/pw-' + Date.now(), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1440, height: 900 },
  locale: 'zh-CN',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const page = ctx.pages()[0] ?? (await ctx.newPage());
const problems = [];
page.on('console', (m) => {
  if (m.type() === 'error' || m.type() === 'warning') problems.push(`[console.${m.type()}] ${m.text()}`);
});
page.on('pageerror', (e) => problems.push(`[pageerror] ${e.message}`));
page.on('response', (r) => {
  if (r.status() >= 400) problems.push(`[http ${r.status()}] ${r.request().method()} ${r.url()}`);
});

const shot = async (name) => page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });
const check = (cond, msg) => {
  if (!cond) problems.push(`[check failed] ${msg}`);
  else console.log('ok -', msg);
};
const noCodes = async (where) => {
  const text = await page.locator('body').innerText();
  const m = CODES.exec(text);
  check(!m, `no raw codes on ${where}${m ? ` (found "${m[0]}")` : ''}`);
};

async function login(user, expectUrl) {
  await page.goto(`${BASE}/login`);
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill(PW);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  if (expectUrl) await page.waitForURL(expectUrl);
  await page.waitForLoadState('networkidle');
}
async function logout() {
  await page.getByTestId('user-menu').click();
  await page.getByText('退出登录').click();
  await page.waitForURL(/\/login/);
}

const steps = process.argv.slice(2);
const want = (s) => steps.length === 0 || steps.includes(s);

if (want('coord')) {
  await page.goto(`${BASE}/consultations/1/items`);
  await page.waitForURL(/\/login\?next=/);
  check(page.url().includes('next=%2Fconsultations%2F1%2Fitems'), 'redirect to login keeps next');
  await shot('01-login');
  await page.getByLabel('用户名').fill('wangcang.coord');
  await page.getByLabel('密码').fill(PW);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(/\/consultations\/1\/items/);
  await page.getByTestId('item-row').first().waitFor();
  check((await page.getByTestId('item-row').count()) === 30, '30 item rows');
  for (const [cat, head] of [
    ['direct_support', '一、市局直接支持事项（10项）'],
    ['joint_promotion', '二、局县共同推动事项（10项）'],
    ['joint_pursuit', '三、局县共同争取事项（10项）'],
  ]) {
    const t = await page.getByTestId(`section-${cat}`).innerText();
    check(t.includes(head), `section ${cat} reads ${head}`);
  }
  check(await page.getByTestId('demo-tag').isVisible(), 'demo tag visible');
  await shot('02-ledger');
  await noCodes('ledger');

  await page.getByTestId('item-row').nth(2).click();
  const drawer = page.getByTestId('item-drawer');
  await drawer.waitFor();
  await page.waitForTimeout(400);
  await shot('03-drawer');
  await noCodes('drawer');
  await page.getByTestId('item-edit').click();
  await page.getByTestId('item-form').waitFor();
  const stamp = `李四${Date.now() % 1000}`;
  await page.getByTestId('item-form').getByLabel('责任人').fill(stamp);
  await shot('04-form');
  await page.getByTestId('item-save').click();
  await page.getByText('已保存').first().waitFor();
  await page.waitForTimeout(300);
  check((await page.getByTestId('item-responsible').innerText()).includes(stamp), 'drawer shows new responsible');
  await shot('05-saved');

  // Validation from the shared schema: empty title.
  await page.getByTestId('item-edit').click();
  await page.getByTestId('item-form').getByLabel('事项名称').fill('');
  await page.getByTestId('item-save').click();
  await page.waitForTimeout(300);
  check(await page.getByText('必填').first().isVisible(), 'empty title shows 必填');
  await shot('06-validation');
  await page.keyboard.press('Escape');
  await page.waitForTimeout(500);

  // Filter: status 推进中
  await page.getByTestId('filter-status').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '推进中' }).click();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  const n = await page.getByTestId('item-row').count();
  check(n > 0 && n < 30, `filter by status narrows list (${n})`);
  await shot('07-filtered');

  await page.getByRole('tab', { name: '概况' }).click();
  await page.getByTestId('consultation-overview').waitFor();
  await shot('08-overview');
  await noCodes('overview');

  await page.goto(`${BASE}/`);
  await page.waitForLoadState('networkidle');
  await shot('09-home-coord');
  await noCodes('home');
  await page.goto(`${BASE}/consultations`);
  await page.waitForLoadState('networkidle');
  await shot('10-consultations');
  await noCodes('consultations');
  await page.goto(`${BASE}/profile`);
  await page.waitForLoadState('networkidle');
  await shot('11-profile');
  await page.goto(`${BASE}/no/such/page`);
  await shot('12-404');
  await page.goto(`${BASE}/admin/users`);
  await shot('13-noaccess');
  await logout();
}

if (want('sysadmin')) {
  await login('sysadmin', `${BASE}/`);
  const menu = await page.getByTestId('main-menu').innerText();
  check(!menu.includes('会商'), 'sysadmin menu has no 会商');
  check(menu.includes('系统管理'), 'sysadmin menu has 系统管理');
  await shot('20-home-sysadmin');
  for (const p of ['organisations', 'users', 'domains']) {
    await page.goto(`${BASE}/admin/${p}`);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
    await shot(`21-admin-${p}`);
    await noCodes(`admin ${p}`);
  }
  await page.goto(`${BASE}/admin/audit-log`);
  await shot('22-sysadmin-audit-noaccess');
  await logout();
}

if (want('secadmin')) {
  await login('secadmin', `${BASE}/`);
  await page.goto(`${BASE}/admin/users`);
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: '角色' }).first().click();
  await page.getByTestId('roles-form').waitFor();
  await page.waitForTimeout(300);
  await shot('30-roles');
  await page.keyboard.press('Escape');
  await logout();
}

if (want('audit')) {
  await login('auditadmin', `${BASE}/`);
  await page.goto(`${BASE}/admin/audit-log`);
  await page.waitForLoadState('networkidle');
  const expand = page.locator('.ant-table-row-expand-icon').first();
  if (await expand.count()) await expand.click();
  await page.waitForTimeout(300);
  await shot('40-audit');
  await noCodes('audit');
  await page.goto(`${BASE}/admin/login-log`);
  await page.waitForLoadState('networkidle');
  await shot('41-loginlog');
  await noCodes('login log');
  await logout();
}

if (want('host')) {
  await login('city.coord', `${BASE}/`);
  await page.goto(`${BASE}/consultations`);
  await page.waitForLoadState('networkidle');
  await page.getByTestId('create-consultation').click();
  await page.getByTestId('consultation-form').waitFor();
  await page.waitForTimeout(300);
  await shot('50-create');
  await page.keyboard.press('Escape');
  await page.goto(`${BASE}/consultations/1`);
  await page.waitForLoadState('networkidle');
  await shot('51-host-consultation');
  await logout();
}

if (want('ledgerview')) {
  await login('wangcang.coord', `${BASE}/`);
  await page.goto(`${BASE}/consultations/1/items`);
  await page.getByTestId('item-row').first().waitFor();
  await page.screenshot({ path: `${OUT}/60-ledger-viewport.png` });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: `${OUT}/61-ledger-1280.png` });
  await page.setViewportSize({ width: 1440, height: 900 });
  await logout();
}

if (want('host2')) {
  await login('city.coord', `${BASE}/`);
  await page.goto(`${BASE}/consultations`);
  await page.getByRole('link', { name: /苍溪/ }).click();
  await page.getByRole('tab', { name: '清单' }).click();
  await page.getByTestId('item-row').first().waitFor();
  const before = await page.getByTestId('item-row').count();
  await page.getByTestId('add-item').click();
  await page.getByRole('menuitem', { name: '局县共同推动事项' }).click();
  const form = page.getByTestId('item-form');
  await form.waitFor();
  await page.getByTestId('item-save').click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/70-create-validation.png` });
  await form.getByLabel('事项名称').fill('测试新增事项：共建科技特派员工作站');
  await form.getByLabel('领域').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '农业农村' }).click();
  await form.getByLabel('资金（万元）').fill('12.5');
  await page.getByTestId('item-save').click();
  await page.getByText('事项已新增').waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${OUT}/71-created.png` });
  check((await page.getByTestId('item-row').count()) === before + 1, 'row count grew by one');
  const sec = await page.getByTestId('section-joint_promotion').innerText();
  check(sec.includes('（3项）'), `section heading counts new item (${sec.trim()})`);
  await page.getByTestId('item-delete').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /删\s*除/ }).click();
  await page.getByText('事项已删除').waitFor();
  await page.waitForTimeout(500);
  check((await page.getByTestId('item-row').count()) === before, 'row count back after delete');
  // status: back to draft and forward again
  await page.getByTestId('status-draft').click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: '退回筹备' }).click();
  await page.waitForTimeout(800);
  check((await page.getByTestId('consultation-status').first().innerText()).includes('筹备中'), 'status moved to 筹备中');
  await page.getByTestId('status-negotiating').click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: '开始协商' }).click();
  await page.waitForTimeout(800);
  check((await page.getByTestId('consultation-status').first().innerText()).includes('协商中'), 'status back to 协商中');
  await page.screenshot({ path: `${OUT}/72-host-negotiating.png` });
  await noCodes('cangxi ledger');
  await logout();
}

if (want('conflict')) {
  await login('wangcang.coord', `${BASE}/`);
  await page.goto(`${BASE}/consultations/1/items`);
  await page.getByTestId('item-row').nth(4).click();
  await page.getByTestId('item-edit').click();
  await page.getByTestId('item-form').getByLabel('责任人').fill('王五');
  const itemId = await page.getByTestId('item-row').nth(4).getAttribute('data-item-id');
  const r = await page.evaluate(async (id) => {
    const me = await (await fetch('/api/v1/me')).json();
    const item = await (await fetch(`/api/v1/items/${id}`)).json();
    const res = await fetch(`/api/v1/items/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
      body: JSON.stringify({ progress: (item.progress + 1) % 100, version: item.version }),
    });
    return res.status;
  }, itemId);
  check(r === 200, 'concurrent patch ok');
  await page.getByTestId('item-save').click();
  await page.getByText('该事项已被他人修改').waitFor();
  await page.screenshot({ path: `${OUT}/80-conflict.png` });
  problems.splice(0, problems.length, ...problems.filter((p) => !/409/.test(p)));
  await page.keyboard.press('Escape');
  await logout();
}

if (want('badlogin')) {
  await page.goto(`${BASE}/login`);
  await page.getByLabel('用户名').fill('wangcang.coord');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('login-error').waitFor();
  check((await page.getByTestId('login-error').innerText()).includes('用户名或密码错误'), 'bad login shows message');
  await page.screenshot({ path: `${OUT}/90-badlogin.png` });
  problems.splice(0, problems.length, ...problems.filter((p) => !/auth\/login|401/.test(p)));
  await login('auditadmin', `${BASE}/`);
  await page.goto(`${BASE}/admin/login-log`);
  await page.waitForLoadState('networkidle');
  check((await page.locator('.row-failed').count()) > 0, 'failed login highlighted');
  await page.screenshot({ path: `${OUT}/91-loginlog-failed.png` });
  await logout();
}

await ctx.close();
console.log(problems.length ? `\nPROBLEMS:\n${problems.join('\n')}` : '\nno problems');
