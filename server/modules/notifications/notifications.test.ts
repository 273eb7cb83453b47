import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import type { JobRunner } from '../../platform/jobs.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';
import { createAppJobRunner } from './notifications.jobs.js';
import { startReceiver, startSmtp } from './notifications.testkit.js';
import { sweepReminders } from './reminders.service.js';
import { recordEvent } from '../../platform/events.js';

let env: TestEnv;
let runner: JobRunner;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let hook: Awaited<ReturnType<typeof startReceiver>>;
let city: Agent; // host coordinator
let leader: Agent;
let wc: Agent; // 旺苍 partner coordinator
let nyj: Agent; // 旺苍 农业农村局 reporter
let cx: Agent; // 苍溪: another county
let admin: Agent; // sys_admin
let sec: Agent; // sec_admin
let itemX: number;
let itemTitle: string;
let cangxiItem: number;

const overrides = () => ({ SMTP_URL: smtp.url, WEBHOOK_HOSTS: '127.0.0.1', DELIVERY_RETRY_SECONDS: '60', DELIVERY_MAX_ATTEMPTS: '3' });
const at = (day: string) => new Date(`${day}T02:00:00.000Z`); // 10:00 in China: `day` is today

// The mail and robot receivers serve the whole file; tests tell their messages apart by content.
beforeAll(async () => {
  smtp = await startSmtp();
  hook = await startReceiver();
});
afterAll(async () => {
  await smtp?.close();
  await hook?.close();
});

// Reminders, deliveries and the clock change with every test: each starts from a fresh copy of the demo.
beforeEach(async () => {
  env = await createTestEnv(overrides());
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', ...overrides() });
  runner = createAppJobRunner({ db: env.db, clock: env.clock, config }, { instanceId: 'test-runner' });
  await relogin();
  // One item of the adopted 旺苍 list, led by 农业农村局, with a deadline the tests walk the clock past.
  const row = await env.db
    .selectFrom('items')
    .select(['id', 'title'])
    .where('consultation_id', '=', env.consultations.wangcang)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  itemX = row.id;
  itemTitle = row.title;
  await env.db
    .updateTable('items')
    .set({ lead_unit_id: env.orgs['wangcang.nyj'], deadline: '2027-03-01', ongoing: 0, status: 'in_progress', progress: 50 })
    .where('id', '=', itemX)
    .execute();
  cangxiItem = (await env.db.selectFrom('items').select('id').where('consultation_id', '=', env.consultations.cangxi).executeTakeFirstOrThrow()).id;
  // The first pass after start sweeps today; what it finds in the demo is not this file's subject.
  await runner.runOnce();
});
afterEach(async () => {
  hook.failNext('/wecom', 0);
  await runner?.stop();
  await env?.close();
});

/** Moving the clock by days ends idle sessions; sign everyone in again afterwards. */
async function relogin() {
  [city, leader, wc, nyj, cx, admin, sec] = await Promise.all(
    ['city.coord', 'city.leader', 'wangcang.coord', 'wangcang.nyj', 'cangxi.coord', 'sysadmin', 'secadmin'].map((u) => env.login(u)),
  );
}

/** The reporter of 农业农村局 gives an e-mail address, so reminders are mailed to it. */
async function giveNyjEmail() {
  expect((await nyj.req('PUT', '/api/v1/me/email', { email: 'nyj@wangcang.example.cn' })).status).toBe(200);
}

async function remindersOf(itemId: number) {
  return env.db.selectFrom('reminders').selectAll().where('item_id', '=', itemId).orderBy('id').execute();
}

async function inbox(a: Agent, query = '') {
  const r = await a.req('GET', `/api/v1/notifications${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { data: any[]; nextCursor: string | null; unreadCount: number };
}

describe(`reminders: manual 催办 (${dialect})`, () => {
  it('lets the host coordinator remind with a note: recorded, audited, in the inbox and mailed to the responsible people', async () => {
    const email = await nyj.req('PUT', '/api/v1/me/email', { email: 'nyj@wangcang.example.cn' });
    expect(email.status).toBe(200);
    expect((await env.auditRows('user', env.users['wangcang.nyj'])).at(-1)).toMatchObject({
      action: 'user.email_update',
      after: { email: expect.stringMatching(/^已加密#[0-9a-f]{8}$/) },
    });
    expect((await nyj.req('GET', '/api/v1/me/email')).body).toEqual({ email: 'nyj@wangcang.example.cn' });

    const r = await city.req('POST', `/api/v1/items/${itemX}/reminders`, { note: '请于本周内报送第四季度进展' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ itemId: itemX, kind: 'manual', note: '请于本周内报送第四季度进展', sentBy: { id: env.users['city.coord'] } });
    const names = r.body.recipients.map((x: { id: number }) => x.id).sort();
    expect(names).toEqual([env.users['wangcang.coord'], env.users['wangcang.nyj']].sort());
    expect(await env.auditRows('reminder', r.body.id)).toMatchObject([
      { action: 'reminder.create', username: 'city.coord', after: { itemId: itemX, note: '请于本周内报送第四季度进展' } },
    ]);

    const mailsBefore = smtp.mails.length;
    await runner.runOnce();
    const box = await inbox(nyj, '?unread=true');
    const n = box.data.find((x) => x.type === 'reminder.sent' && x.body.includes('请于本周内报送第四季度进展'));
    expect(n).toMatchObject({ itemId: itemX, consultationId: env.consultations.wangcang, readAt: null });
    expect(n.title).toContain(itemTitle);
    expect((await inbox(wc)).data.some((x) => x.body.includes('请于本周内报送第四季度进展'))).toBe(true);
    // The sender is not told about their own reminder.
    expect((await inbox(city)).data.some((x) => x.type === 'reminder.sent' && x.itemId === itemX)).toBe(false);
    const mail = smtp.mails.slice(mailsBefore).find((m) => m.text.includes('请于本周内报送第四季度进展'));
    expect(mail?.to).toEqual(['nyj@wangcang.example.cn']);
    expect(mail?.subject).toContain(itemTitle);
    // A second pass sends nothing again.
    const count = smtp.mails.length;
    await runner.runOnce();
    expect(smtp.mails.length).toBe(count);

    for (const reader of [city, leader, wc, nyj]) {
      const list = await reader.req('GET', `/api/v1/items/${itemX}/reminders`);
      expect(list.status, reader.username).toBe(200);
      expect(
        list.body.data.some((x: { id: number }) => x.id === r.body.id),
        reader.username,
      ).toBe(true);
    }
  });

  it('allows only a host coordinator; other county 404; admins 403; anonymous 401; bad notes 400; unadopted 409 — nothing recorded', async () => {
    const count = async () => (await remindersOf(itemX)).length;
    const before = await count();
    for (const a of [leader, wc, nyj]) {
      const r = await a.req('POST', `/api/v1/items/${itemX}/reminders`, { note: '催一下' });
      expect(r.status, a.username).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
    expect((await cx.req('POST', `/api/v1/items/${itemX}/reminders`, { note: '催一下' })).status).toBe(404);
    expect((await cx.req('GET', `/api/v1/items/${itemX}/reminders`)).status).toBe(404);
    expect((await admin.req('POST', `/api/v1/items/${itemX}/reminders`, { note: '催一下' })).status).toBe(403);
    expect((await admin.req('GET', `/api/v1/items/${itemX}/reminders`)).status).toBe(403);
    expect((await env.anon('POST', `/api/v1/items/${itemX}/reminders`, { note: '催一下' })).status).toBe(401);
    expect((await env.anon('GET', `/api/v1/items/${itemX}/reminders`)).status).toBe(401);
    expect((await city.req('POST', `/api/v1/items/${itemX}/reminders`, { note: '催一下' }, { 'x-csrf-token': 'wrong' })).status).toBe(403);
    for (const body of [{ note: '' }, { note: '   ' }, { note: '长'.repeat(501) }, {}, { note: '催', extra: 1 }]) {
      const r = await city.req('POST', `/api/v1/items/${itemX}/reminders`, body);
      expect(r.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await city.req('POST', '/api/v1/items/99999999/reminders', { note: '催' })).status).toBe(404);
    const neg = await city.req('POST', `/api/v1/items/${cangxiItem}/reminders`, { note: '催' });
    expect(neg.status).toBe(409);
    expect(neg.body.error.code).toBe('REMINDER_NOT_ALLOWED');
    expect(await count()).toBe(before);
  });
});

describe(`reminders: who is reminded (${dialect})`, () => {
  it('reaches the partner coordinator whether the lead unit is a county unit outside the government or a bureau office', async () => {
    const [a, b] = await env.db
      .selectFrom('items')
      .select('id')
      .where('consultation_id', '=', env.consultations.wangcang)
      .where('id', '!=', itemX)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .limit(2)
      .execute();
    // 县委组织部 sits beside the county government, not under it; 人才科 is an office of the bureau.
    await env.db.updateTable('items').set({ lead_unit_id: env.orgs['wangcang.zzb'], status: 'in_progress' }).where('id', '=', a!.id).execute();
    await env.db.updateTable('items').set({ lead_unit_id: env.orgs['bureau.talent'], status: 'in_progress' }).where('id', '=', b!.id).execute();
    const county = await city.req('POST', `/api/v1/items/${a!.id}/reminders`, { note: '县委组织部事项催办' });
    expect(county.body.recipients.map((r: { id: number }) => r.id)).toEqual([env.users['wangcang.coord']]);
    const host = await city.req('POST', `/api/v1/items/${b!.id}/reminders`, { note: '市局科室事项催办' });
    expect(host.body.recipients.map((r: { id: number }) => r.id)).toEqual([env.users['wangcang.coord']]);
  });
});

describe(`notifications: who hears of which event (${dialect})`, () => {
  it('tells the host of submissions, the leaders of drafts, the county of signed notices, and nobody of a turn to yellow', async () => {
    const now = env.clock.now().toISOString();
    const base = { entityType: 'test', entityId: null, consultationId: env.consultations.wangcang, itemId: itemX };
    const ev = async (type: Parameters<typeof recordEvent>[2]['type'], extra: Partial<Parameters<typeof recordEvent>[2]> = {}) => {
      await env.db.transaction().execute((tx) => recordEvent(tx, now, { ...base, type, ...extra }));
      const row = await env.db.selectFrom('domain_events').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
      return row.id;
    };
    const submitted = await ev('report.submitted', { actorId: env.users['wangcang.nyj'] });
    const drafted = await ev('notice.drafted', { actorId: env.users['city.coord'] });
    const signed = await ev('notice.signed', { actorId: env.users['city.leader'], data: { number: '广科督〔2026〕1号', responseDue: '2026-12-10' } });
    const yellow = await ev('item.light_changed', { data: { from: 'green', to: 'yellow', reasons: [] } });
    await runner.runOnce();
    const to = async (eventId: number) =>
      (await env.db.selectFrom('notifications').select('user_id').where('event_id', '=', eventId).orderBy('user_id').execute()).map((r) => r.user_id);
    expect(await to(submitted)).toEqual([env.users['city.coord']]);
    expect(await to(drafted)).toEqual([env.users['city.leader']]);
    expect(await to(signed)).toEqual([env.users['wangcang.coord'], env.users['wangcang.nyj']].sort((a, b) => a - b));
    expect(await to(yellow)).toEqual([]);
    const note = await env.db.selectFrom('notifications').select(['title', 'body']).where('event_id', '=', signed).executeTakeFirstOrThrow();
    expect(note.title).toBe(`督办单已签发：${itemTitle}`);
    expect(note.body).toContain('广科督〔2026〕1号');
    expect(note.body).toContain('请于 2026-12-10 前反馈办理情况');
    const processed = await env.db.selectFrom('domain_events').select('processed_at').where('id', 'in', [submitted, drafted, signed, yellow]).execute();
    expect(processed.every((p) => p.processed_at !== null)).toBe(true);
  });
});

describe(`reminders: the daily sweep (${dialect})`, () => {
  it('reminds 7 and 1 days before the deadline and on the day after it, once each, and the light turns red', async () => {
    await giveNyjEmail();
    const auto = async () => (await remindersOf(itemX)).filter((r) => r.kind.startsWith('deadline'));
    env.clock.set(at('2027-02-22'));
    await runner.runOnce();
    expect((await auto()).map((r) => [r.kind, r.due_on])).toEqual([['deadline_due', '2027-03-01']]);
    expect((await auto())[0]!.note).toContain('还有 7 天');
    // Again the same day: the job has run for today; and the sweep itself never repeats a reminder.
    await runner.runOnce();
    expect(await sweepReminders(env.db, '2027-02-22', env.clock.now().toISOString())).toBe(0);
    expect(await auto()).toHaveLength(1);

    env.clock.set(at('2027-02-28'));
    await runner.runOnce();
    expect((await auto()).map((r) => r.kind)).toEqual(['deadline_due', 'deadline_due']);
    expect((await auto())[1]!.note).toContain('还有 1 天');

    env.clock.set(at('2027-03-02'));
    const mails = smtp.mails.length;
    await runner.runOnce();
    await runner.runOnce();
    const rows = await auto();
    expect(rows.map((r) => r.kind)).toEqual(['deadline_due', 'deadline_due', 'deadline_overdue']);
    expect(
      JSON.parse(rows[2]!.recipients_json)
        .map((x: { id: number }) => x.id)
        .sort(),
    ).toEqual([env.users['wangcang.coord'], env.users['wangcang.nyj']].sort());
    expect(await sweepReminders(env.db, '2027-03-02', env.clock.now().toISOString())).toBe(0);
    // The overdue reminder reaches the reporter's mailbox once.
    const overdue = smtp.mails.slice(mails).filter((m) => m.subject.includes(itemTitle) && m.text.includes('已超过完成时限'));
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.to).toEqual(['nyj@wangcang.example.cn']);
    // The item went red; the host coordinator hears of it.
    const light = await env.db.selectFrom('items').select('light').where('id', '=', itemX).executeTakeFirstOrThrow();
    expect(light.light).toBe('red');
    await relogin();
    expect((await inbox(city, '?limit=200')).data.some((x) => x.type === 'item.light_changed' && x.itemId === itemX)).toBe(true);
  });

  it('reminds before a quarterly report falls due and when it is missing', async () => {
    expect((await city.req('POST', `/api/v1/items/${itemX}/reminders`, { note: '请按时报送季度进展' })).status).toBe(201);
    // Adopted in 2026Q4, the first report is for 2027Q1, due 2027-04-10.
    const reports = async () => (await remindersOf(itemX)).filter((r) => r.period === '2027Q1');
    env.clock.set(at('2027-04-03'));
    await runner.runOnce();
    expect((await reports()).map((r) => [r.kind, r.period, r.due_on])).toEqual([['report_due', '2027Q1', '2027-04-10']]);
    env.clock.set(at('2027-04-11'));
    await runner.runOnce();
    await runner.runOnce();
    expect((await reports()).map((r) => [r.kind, r.period])).toEqual([
      ['report_due', '2027Q1'],
      ['report_overdue', '2027Q1'],
    ]);
    await relogin();
    const list = await nyj.req('GET', `/api/v1/items/${itemX}/reminders`);
    expect(list.body.data.find((r: { kind: string }) => r.kind === 'report_overdue')).toMatchObject({
      period: '2027Q1',
      dueOn: '2027-04-10',
      sentBy: null,
      note: expect.stringContaining('已逾期 1 天'),
    });
    // Newest first, automatic and manual together.
    const ids = list.body.data.map((r: { id: number }) => r.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));
    expect(list.body.data.some((r: { kind: string }) => r.kind === 'manual')).toBe(true);
  });
});

describe(`notifications: the inbox (${dialect})`, () => {
  it('pages by cursor, filters unread, counts, marks read (audited) and keeps everyone to their own', async () => {
    for (const note of ['第一次催办', '第二次催办', '第三次催办']) expect((await city.req('POST', `/api/v1/items/${itemX}/reminders`, { note })).status).toBe(201);
    await runner.runOnce();
    const all = await inbox(nyj, '?limit=200');
    expect(all.unreadCount).toBeGreaterThan(1);
    const first = await inbox(nyj, '?limit=1');
    expect(first.data).toHaveLength(1);
    expect(first.nextCursor).toBeTruthy();
    const second = await inbox(nyj, `?limit=1&cursor=${first.nextCursor}`);
    expect(second.data[0].id).toBeLessThan(first.data[0].id);
    expect((await nyj.req('GET', '/api/v1/notifications?cursor=bad')).body.error.code).toBe('BAD_CURSOR');
    expect((await nyj.req('GET', '/api/v1/notifications?unread=maybe')).status).toBe(400);

    const id = first.data[0].id;
    expect((await wc.req('POST', `/api/v1/notifications/${id}/read`)).status).toBe(404);
    expect((await env.anon('POST', `/api/v1/notifications/${id}/read`)).status).toBe(401);
    expect((await env.anon('GET', '/api/v1/notifications')).status).toBe(401);
    const read = await nyj.req('POST', `/api/v1/notifications/${id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toBe(env.clock.now().toISOString());
    expect(await env.auditRows('notification', id)).toMatchObject([{ action: 'notification.read', username: 'wangcang.nyj' }]);
    expect((await inbox(nyj)).unreadCount).toBe(all.unreadCount - 1);
    expect((await inbox(nyj, '?unread=true&limit=200')).data.some((x) => x.id === id)).toBe(false);
    // Reading twice changes nothing and writes no second audit row.
    await nyj.req('POST', `/api/v1/notifications/${id}/read`);
    expect(await env.auditRows('notification', id)).toHaveLength(1);

    const wcUnread = (await inbox(wc)).unreadCount;
    const allRead = await nyj.req('POST', '/api/v1/notifications/read-all');
    expect(allRead.body).toEqual({ ok: true, count: all.unreadCount - 1 });
    expect((await inbox(nyj)).unreadCount).toBe(0);
    expect((await env.auditRows('user', env.users['wangcang.nyj'])).at(-1)).toMatchObject({ action: 'notification.read', after: { readAll: all.unreadCount - 1 } });
    expect((await inbox(wc)).unreadCount).toBe(wcUnread);
    // An administrator has an inbox too, empty of business.
    expect((await inbox(admin)).data).toEqual([]);
  });
});

describe(`notifications: group robots (${dialect})`, () => {
  const gov = () => env.orgs['wangcang.gov'];
  const url = () => `/api/v1/organisations/${gov()}/webhooks`;
  const robots = () => ({ wecomUrl: `${hook.base}/wecom/send?key=k1`, dingtalkUrl: `${hook.base}/ding/send?access_token=t1`, dingtalkSecret: 'SECdemo', version: 0 });
  /** The county government's WeCom and DingTalk robots, set by the system administrator. */
  async function setRobots() {
    const r = await admin.req('PUT', url(), robots());
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }

  it('lets the system administrator set WeCom and DingTalk robots, audited without the secret; others are refused', async () => {
    const body = robots();
    for (const a of [city, sec, nyj]) expect((await a.req('PUT', url(), body)).status, a.username).toBe(403);
    expect((await env.anon('PUT', url(), body)).status).toBe(401);
    expect((await city.req('GET', url())).status).toBe(403);
    const bad = await admin.req('PUT', url(), { ...body, wecomUrl: 'https://example.com/hook' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('WEBHOOK_HOST_NOT_ALLOWED');
    expect((await admin.req('PUT', url(), { ...body, wecomUrl: 'ftp://127.0.0.1/x' })).status).toBe(400);
    expect((await admin.req('PUT', '/api/v1/organisations/99999999/webhooks', body)).status).toBe(404);
    expect((await admin.req('GET', url())).body).toMatchObject({ version: 0, wecomUrl: null });

    const r = await admin.req('PUT', url(), body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ orgId: gov(), wecomUrl: body.wecomUrl, dingtalkUrl: body.dingtalkUrl, hasDingtalkSecret: true, version: 1 });
    expect(JSON.stringify(r.body)).not.toContain('SECdemo');
    const audit = await env.auditRows('organisation', gov());
    expect(audit.at(-1)).toMatchObject({ action: 'org.webhooks_update', username: 'sysadmin', after: { dingtalkSigned: true } });
    expect(JSON.stringify(audit)).not.toContain('SECdemo');
    const stale = await admin.req('PUT', url(), { ...body, version: 0 });
    expect(stale.status).toBe(409);
  });

  it('sends test messages in both formats, DingTalk signed, and reports a robot that refuses', async () => {
    await setRobots();
    const n = hook.posts.length;
    const w = await admin.req('POST', `${url()}/test`, { kind: 'wecom' });
    expect(w.body).toEqual({ ok: true, error: null });
    const d = await admin.req('POST', `${url()}/test`, { kind: 'dingtalk' });
    expect(d.body).toEqual({ ok: true, error: null });
    const [wp, dp] = hook.posts.slice(n);
    expect(wp).toMatchObject({ path: '/wecom/send', body: { msgtype: 'markdown', markdown: { content: expect.stringContaining('会商平台测试消息') } } });
    expect(wp!.query.get('key')).toBe('k1');
    expect(dp).toMatchObject({ path: '/ding/send', body: { msgtype: 'markdown', markdown: { title: '会商平台测试消息', text: expect.stringContaining('测试消息') } } });
    const ts = dp!.query.get('timestamp')!;
    expect(ts).toBe(String(env.clock.now().getTime()));
    expect(dp!.query.get('sign')).toBe(createHmac('sha256', 'SECdemo').update(`${ts}\nSECdemo`).digest('base64'));
    hook.failNext('/wecom', 1);
    const fail = await admin.req('POST', `${url()}/test`, { kind: 'wecom' });
    expect(fail.body.ok).toBe(false);
    expect(fail.body.error).toContain('500');
    expect((await env.auditRows('organisation', gov())).filter((a) => a.action === 'org.webhook_test')).toHaveLength(3);
    expect((await city.req('POST', `${url()}/test`, { kind: 'wecom' })).status).toBe(403);
    expect((await admin.req('POST', `${url()}/test`, { kind: 'sms' })).status).toBe(400);
  });

  it('retries a failing robot with backoff and delivers exactly once; gives up after the last attempt, visibly', async () => {
    await setRobots();
    await giveNyjEmail();
    const sendReminder = async (note: string) => expect((await city.req('POST', `/api/v1/items/${itemX}/reminders`, { note })).status).toBe(201);
    const hits = (note: string) => hook.posts.filter((p) => p.path === '/wecom/send' && JSON.stringify(p.body).includes(note));
    const ok = (note: string) => hits(note).filter((p) => p.status === 200);

    hook.failNext('/wecom', 2);
    await sendReminder('重试测试');
    await runner.runOnce(); // attempt 1 fails
    expect(hits('重试测试')).toHaveLength(1);
    // The DingTalk robot of the same group got its copy at once.
    expect(hook.posts.filter((p) => p.path === '/ding/send' && JSON.stringify(p.body).includes('重试测试'))).toHaveLength(1);
    await runner.runOnce(); // not due yet
    expect(hits('重试测试')).toHaveLength(1);
    env.clock.advance(60_000);
    await runner.runOnce(); // attempt 2 fails, next in 120 s
    expect(hits('重试测试')).toHaveLength(2);
    env.clock.advance(60_000);
    await runner.runOnce();
    expect(hits('重试测试')).toHaveLength(2);
    env.clock.advance(60_000);
    await runner.runOnce(); // attempt 3 succeeds
    env.clock.advance(3600_000);
    await runner.runOnce();
    expect(hits('重试测试')).toHaveLength(3);
    expect(ok('重试测试')).toHaveLength(1);
    expect(ok('重试测试')[0]!.body.markdown.content).toContain(itemTitle);

    hook.failNext('/wecom', 100);
    await relogin();
    await sendReminder('放弃测试');
    for (let i = 0; i < 5; i++) {
      await runner.runOnce();
      env.clock.advance(3600_000);
    }
    hook.failNext('/wecom', 0);
    expect(hits('放弃测试')).toHaveLength(3);
    expect(ok('放弃测试')).toHaveLength(0);
    await relogin();
    const view = await admin.req('GET', url());
    expect(view.body.recentDeliveries[0]).toMatchObject({ channel: 'dingtalk', status: 'sent' });
    expect(view.body.recentDeliveries.find((d: { channel: string }) => d.channel === 'wecom')).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: expect.stringContaining('500'),
    });

    // The administrator's outbox view lists the given-up message and the mailed ones, without their text.
    const failed = await admin.req('GET', '/api/v1/deliveries?status=failed');
    expect(failed.status).toBe(200);
    expect(failed.body.data[0]).toMatchObject({ channel: 'wecom', target: '旺苍县人民政府', status: 'failed', attempts: 3 });
    expect(JSON.stringify(failed.body)).not.toContain('放弃测试');
    const mails = await admin.req('GET', '/api/v1/deliveries?limit=200');
    expect(
      mails.body.data.some((d: { channel: string; target: string; status: string }) => d.channel === 'email' && d.target === 'nyj@wangcang.example.cn' && d.status === 'sent'),
    ).toBe(true);
    for (const a of [city, sec, nyj]) expect((await a.req('GET', '/api/v1/deliveries')).status, a.username).toBe(403);
    expect((await env.anon('GET', '/api/v1/deliveries')).status).toBe(401);
    expect((await admin.req('GET', '/api/v1/deliveries?status=lost')).status).toBe(400);
  });
});
