import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historySummary, type HistoryEntry } from '../../../domain/item-history.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';
import { sweepReminders } from '../notifications/reminders.service.js';

let env: TestEnv;
let city: Agent; // host coordinator: reviews, reminds, drafts notices, reviews close-out
let leader: Agent; // host leader: signs notices
let wc: Agent; // 旺苍 partner coordinator: reads the item
let nyj: Agent; // 旺苍县农业农村局 reporter: writes for the lead unit, answers notices
let cx: Agent; // 苍溪 partner coordinator: another county
let admin: Agent;
let itemId: number; // 旺苍 demo item led by 县农业农村局, adopted, its 2026Q3 report missing
let otherItem: number; // another item of the same list

const CITY = '市局联络员（演示）';
const LEADER = '市局领导（演示）';
const NYJ = '旺苍县农业农村局承办人（演示）';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');

const history = async (a: Agent, id = itemId): Promise<HistoryEntry[]> => {
  const r = await a.req('GET', `/api/v1/items/${id}/history`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.data;
};
const ofKinds = (h: HistoryEntry[], prefix: string) => h.filter((e) => e.kind.startsWith(prefix));
/** Each step a minute after the one before, so the history's order is the order of time. */
const later = () => env.clock.advance(60_000);
const content = (percent: number) => ({ progressHtml: '<p>完成联盟章程起草</p>', percent, problems: '成员单位意见尚未统一', nextSteps: '召开成立大会' });
const report = (period: string, percent: number) => ({ period, ...content(percent) });

async function ok(p: Promise<{ status: number; body: any }>, status = 200) {
  const r = await p;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

/** A close-out request (办结申请) as the browser sends it: the summary and one evidence file in one multipart body. */
async function requestCompletion(a: Agent, summary: string) {
  const boundary = `----hsHistory${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="summary"\r\n\r\n${summary}\r\n`, 'utf8'),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="验收报告.pdf"\r\nContent-Type: application/pdf\r\n\r\n`, 'utf8'),
    PDF,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await env.app.inject({
    method: 'POST',
    url: `/api/v1/items/${itemId}/completion`,
    payload,
    headers: { cookie: a.cookie, 'x-csrf-token': a.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(res.statusCode, res.body).toBe(201);
}

// Reports, notices and reminders change the demo: each test starts from a fresh copy of it.
beforeEach(async () => {
  env = await createTestEnv();
  city = await env.login('city.coord');
  leader = await env.login('city.leader');
  wc = await env.login('wangcang.coord');
  nyj = await env.login('wangcang.nyj');
  cx = await env.login('cangxi.coord');
  admin = await env.login('sysadmin');
  itemId = (await env.db.selectFrom('items').select('id').where('title', '=', '推动建设米仓山茶产业技术创新联盟').executeTakeFirstOrThrow()).id;
  otherItem = (
    await env.db.selectFrom('items').select('id').where('consultation_id', '=', env.consultations.wangcang).where('id', '!=', itemId).orderBy('id').executeTakeFirstOrThrow()
  ).id;
});
afterEach(() => env?.close());

describe(`item history: progress reports (${dialect})`, () => {
  it('tells a report’s story — submitted, returned with the reason, resubmitted, accepted — newest first, each with who did it', async () => {
    const before = (await history(wc)).length;
    const submitted = await ok(nyj.req('POST', `/api/v1/items/${itemId}/reports`, report('2026Q3', 45)), 201);
    const t1 = env.clock.now().toISOString();
    later();
    await ok(city.req('POST', `/api/v1/reports/${submitted.id}/review`, { accept: false, note: '请补充联盟章程草案' }));
    later();
    const returned = await ok(nyj.req('GET', `/api/v1/reports/${submitted.id}`));
    await ok(nyj.req('PUT', `/api/v1/reports/${submitted.id}`, { ...content(60), version: returned.version }));
    later();
    await ok(city.req('POST', `/api/v1/reports/${submitted.id}/review`, { accept: true }));
    const t4 = env.clock.now().toISOString();

    const h = await history(wc);
    // Acceptance moves the item's progress in the same transaction: that write follows the review.
    expect(h.slice(0, 5).map((e) => [e.kind, e.by])).toEqual([
      ['item_updated', CITY],
      ['report_accepted', CITY],
      ['report_resubmitted', NYJ],
      ['report_returned', CITY],
      ['report_submitted', NYJ],
    ]);
    expect(h).toHaveLength(before + 5);
    expect(h[0]!.at).toBe(t4);
    expect(h[4]!.at).toBe(t1);
    const ats = h.slice(1, 5).map((e) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    expect(new Set(ats).size).toBe(4);

    const [progress, accepted, resubmitted, back, first] = h;
    expect(first!.detail).toEqual({ period: '2026Q3', percent: 45 });
    expect(historySummary(first!)).toBe('提交进展报告（2026年第三季度），进度 45%');
    expect(back!.detail).toEqual({ period: '2026Q3', note: '请补充联盟章程草案' });
    expect(historySummary(back!)).toBe('退回进展报告（2026年第三季度），原因：请补充联盟章程草案');
    expect(historySummary(resubmitted!)).toBe('修改后重新提交进展报告（2026年第三季度），进度 60%');
    expect(historySummary(accepted!)).toBe('审核通过进展报告（2026年第三季度）');
    expect(accepted!.action).toBe('report.review');
    // Report entries say it in one line; the item's own write keeps its field changes, less the bookkeeping.
    expect(first!.changes).toEqual([]);
    expect(progress!.detail).toEqual({ via: 'report' });
    expect(historySummary(progress!)).toBe('修改事项（依据审核通过的进展报告）');
    expect(progress!.changes).toContainEqual({ field: 'progress', from: expect.any(Number), to: 60 });
    expect(progress!.changes.map((c) => c.field)).not.toContain('reportId');
    expect(progress!.changes.map((c) => c.field)).not.toContain('via');
    expect(new Set(h.map((e) => e.key)).size).toBe(h.length);
  });
});

describe(`item history: reminders and supervision notices (${dialect})`, () => {
  it('shows manual and automatic reminders and a notice from draft through send-back and signature to the answer', async () => {
    // Past its deadline the item turns red: the reason for reminders and a notice.
    await env.db.updateTable('items').set({ deadline: '2026-11-01', ongoing: 0, status: 'in_progress', progress: 30 }).where('id', '=', itemId).execute();
    await ok(city.req('POST', `/api/v1/items/${itemId}/reminders`, { note: '请尽快报送第三季度进展' }), 201);
    later();
    // The daily sweep: reminders nobody sends by hand, for this item and for others.
    expect(await sweepReminders(env.db, env.clock.today(), env.clock.now().toISOString())).toBeGreaterThan(0);
    later();
    const drafted = await ok(
      city.req('POST', `/api/v1/items/${itemId}/supervision-notices`, { reason: '事项已超过完成时限', requirements: '请报告整改措施', responseDue: '2026-12-10' }),
      201,
    );
    later();
    const back = await ok(leader.req('POST', `/api/v1/supervision-notices/${drafted.id}/signature`, { approve: false, note: '请写明整改时限' }));
    later();
    await ok(city.req('PATCH', `/api/v1/supervision-notices/${drafted.id}`, { requirements: '请于12月10日前报告整改措施', version: back.version }));
    later();
    const signed = await ok(leader.req('POST', `/api/v1/supervision-notices/${drafted.id}/signature`, { approve: true }));
    expect(signed.number).toMatch(/〔2026〕\d+号$/);
    later();
    await ok(nyj.req('POST', `/api/v1/supervision-notices/${drafted.id}/response`, { text: '已制定整改方案，12月底前完成联盟组建' }));

    const h = await history(nyj);
    const reminders = (await ok(nyj.req('GET', `/api/v1/items/${itemId}/reminders`))).data as { id: number; kind: string }[];
    const auto = reminders.filter((r) => r.kind !== 'manual');
    expect(auto.length).toBeGreaterThan(0);
    const story = h.filter((e) => e.kind.startsWith('notice_') || e.kind === 'reminder_sent');
    expect(story.map((e) => [e.kind, e.by])).toEqual([
      ['notice_answered', NYJ],
      ['notice_signed', LEADER],
      ['notice_revised', CITY],
      ['notice_sent_back', LEADER],
      ['notice_drafted', CITY],
      ...auto.map(() => ['reminder_sent', null]),
      ['reminder_sent', CITY],
    ]);
    // Only this item's reminders, every one of them.
    expect(ofKinds(h, 'reminder').map((e) => e.key)).toEqual(reminders.map((r) => `reminder:${r.id}`));
    const summaries = story.map(historySummary);
    expect(summaries.slice(0, 5)).toEqual([`反馈督办单 ${signed.number}`, `签发督办单 ${signed.number}`, '修改督办单', '退回督办单，原因：请写明整改时限', '起草督办单']);
    expect(summaries.at(-1)).toBe('发送催报提醒：请尽快报送第三季度进展');
    for (const s of summaries.slice(5, -1)) expect(s).toMatch(/^系统自动提醒：/);
    expect(story.at(-1)!.detail).toMatchObject({ reminderKind: 'manual' });
  });
});

describe(`item history: close-out (${dialect})`, () => {
  it('shows the close-out request, its return with the reason, and the approval that closed the item', async () => {
    await requestCompletion(nyj, '联盟已组建');
    later();
    await ok(city.req('POST', `/api/v1/items/${itemId}/completion/review`, { approve: false, note: '缺少成立大会纪要' }));
    later();
    await requestCompletion(nyj, '联盟已组建，附成立大会纪要');
    later();
    await ok(city.req('POST', `/api/v1/items/${itemId}/completion/review`, { approve: true }));

    const h = await history(city);
    expect(h.slice(0, 5).map((e) => [e.kind, e.by, historySummary(e)])).toEqual([
      ['completion_approved', CITY, '办结销号'],
      ['item_updated', CITY, '修改事项（依据办结销号）'],
      ['completion_requested', NYJ, '申请办结'],
      ['completion_returned', CITY, '退回办结申请，原因：缺少成立大会纪要'],
      ['completion_requested', NYJ, '申请办结'],
    ]);
    expect(h[1]!.changes).toContainEqual({ field: 'status', from: expect.any(String), to: 'completed' });
  });
});

describe(`item history: agreement marks (${dialect})`, () => {
  it('shows each side’s mark on an item under negotiation, whose it was and which way', async () => {
    const ids = ((await cx.req('GET', `/api/v1/consultations/${env.consultations.cangxi}/items`)).body.data as { id: number }[]).map((i) => i.id);
    const id = ids[2]!;
    await ok(cx.req('PUT', `/api/v1/items/${id}/agreement`, { agreed: true, note: '同意' }));
    later();
    await ok(city.req('PUT', `/api/v1/items/${id}/agreement`, { agreed: false, note: '资金安排需再议' }));

    const h = await history(cx, id);
    expect(h.slice(0, 2).map((e) => [e.kind, e.by, e.detail, historySummary(e)])).toEqual([
      ['agreement_marked', CITY, { side: 'host', agreed: false, note: '资金安排需再议' }, '发起方暂不确认：资金安排需再议'],
      ['agreement_marked', '苍溪县联络员（演示）', { side: 'partner', agreed: true, note: '同意' }, '会商方确认：同意'],
    ]);
  });
});

describe(`item history: scope (${dialect})`, () => {
  it('shows the whole story to whoever reads the item, nothing of it in another item’s history, and nothing to anyone else', async () => {
    await ok(nyj.req('POST', `/api/v1/items/${itemId}/reports`, report('2026Q3', 45)), 201);
    await ok(city.req('POST', `/api/v1/items/${itemId}/reminders`, { note: '请按时报送' }), 201);
    const mine = await history(city);
    expect(ofKinds(mine, 'report_submitted')).toHaveLength(1);
    expect(ofKinds(mine, 'reminder_sent')).toHaveLength(1);
    for (const a of [wc, nyj, leader]) expect((await history(a)).map((e) => e.key)).toEqual(mine.map((e) => e.key));

    const keys = new Set(mine.map((e) => e.key));
    const other = await history(city, otherItem);
    expect(other.filter((e) => keys.has(e.key))).toEqual([]);

    expect((await cx.req('GET', `/api/v1/items/${itemId}/history`)).status).toBe(404);
    expect((await admin.req('GET', `/api/v1/items/${itemId}/history`)).status).toBe(403);
    expect((await env.anon('GET', `/api/v1/items/${itemId}/history`)).status).toBe(401);
    expect((await city.req('GET', '/api/v1/items/999999/history')).status).toBe(404);
  });
});
