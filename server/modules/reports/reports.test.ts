import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let city: Agent; // host coordinator: reviews
let city2: Agent; // a second host coordinator: races city
let wc: Agent; // 旺苍 partner coordinator: writes on the lead unit's behalf
let nyj: Agent; // reporter of 县农业农村局: lead unit of MICANG, co-unit of PIONEER
let cx: Agent; // 苍溪 partner coordinator: another county
let leader: Agent;
let admin: Agent;
let both: Agent; // host coordinator who also reports for 市科技局高新技术科

// Demo items (server/db/seeds): adopted eight months before 2026-11-25, quarterly reports.
const MICANG = '推动建设米仓山茶产业技术创新联盟'; // lead 县农业农村局; 2026Q3 missing
const PIONEER = '争取国家级科技特派员创业链建设'; // lead 市科技局人才科, co 县农业农村局; 2026Q3 missing
const HIGHTECH = '支持企业申报国家高新技术企业，开展“一对一”辅导'; // lead 市科技局高新技术科; 2026Q3 missing
const DONE = '支持旺苍农业科技园区提升建设'; // completed
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');

async function itemId(title: string): Promise<number> {
  const r = await env.db.selectFrom('items').select('id').where('title', '=', title).executeTakeFirstOrThrow();
  return r.id;
}
const body = (period: string, percent = 45) => ({
  period,
  progressHtml: '<p>完成<strong>联盟章程</strong>起草<script>alert(1)</script></p>',
  percent,
  problems: '成员单位意见尚未统一',
  nextSteps: '召开成立大会',
});
async function count(table: 'progress_reports' | 'progress_report_rounds' | 'report_contributions'): Promise<number> {
  const r = await env.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// Tests change the demo: each starts from a fresh copy of it.
beforeEach(async () => {
  env = await createTestEnv();
  city = await env.login('city.coord');
  wc = await env.login('wangcang.coord');
  nyj = await env.login('wangcang.nyj');
  cx = await env.login('cangxi.coord');
  leader = await env.login('city.leader');
  admin = await env.login('sysadmin');
  await env.makeUser('city.coord2', 'bureau', ['host_coordinator']);
  city2 = await env.login('city.coord2');
  await env.makeUser('hightech.both', 'bureau.hightech', ['host_coordinator', 'unit_reporter']);
  both = await env.login('hightech.both');
});
afterEach(() => env?.close());

describe(`reports: slots and reading (${dialect})`, () => {
  it('lists owed periods with their state, the running period as upcoming, and what the caller may do', async () => {
    const id = await itemId(MICANG);
    const r = await nyj.req('GET', `/api/v1/items/${id}/reports`);
    expect(r.status).toBe(200);
    expect(r.body.slots.map((s: { period: string; state: string }) => [s.period, s.state])).toEqual([
      ['2026Q4', 'upcoming'],
      ['2026Q3', 'missing'],
      ['2026Q2', 'accepted'],
    ]);
    expect(r.body.slots[1]).toMatchObject({ dueOn: '2026-10-10', reportId: null });
    expect(r.body.data).toHaveLength(1);
    expect(r.body.data[0]).toMatchObject({ period: '2026Q2', status: 'accepted', rounds: [{ round: 1, decision: 'accepted' }] });
    expect(r.body.can).toEqual({ write: true, contribute: false, review: false });
    expect((await city.req('GET', `/api/v1/items/${id}/reports`)).body.can).toEqual({ write: false, contribute: false, review: true });
    const slots = await leader.req('GET', `/api/v1/items/${id}/report-slots`);
    expect(slots.status).toBe(200);
    expect(slots.body.data).toHaveLength(3);
  });

  it('hides another county’s items and refuses administrators and anonymous callers', async () => {
    const id = await itemId(MICANG);
    expect((await cx.req('GET', `/api/v1/items/${id}/reports`)).status).toBe(404);
    expect((await cx.req('GET', `/api/v1/items/${id}/report-slots`)).status).toBe(404);
    expect((await admin.req('GET', `/api/v1/items/${id}/reports`)).status).toBe(403);
    expect((await env.anon('GET', `/api/v1/items/${id}/reports`)).status).toBe(401);
    expect((await city.req('GET', '/api/v1/items/999999/reports')).status).toBe(404);
    const reportId = (await nyj.req('GET', `/api/v1/items/${id}/reports`)).body.data[0].id;
    expect((await leader.req('GET', `/api/v1/reports/${reportId}`)).body).toMatchObject({ id: reportId, period: '2026Q2' });
    expect((await cx.req('GET', `/api/v1/reports/${reportId}`)).status).toBe(404);
    expect((await admin.req('GET', `/api/v1/reports/${reportId}`)).status).toBe(403);
    expect((await env.anon('GET', `/api/v1/reports/${reportId}`)).status).toBe(401);
    expect((await city.req('GET', '/api/v1/reports/999999')).status).toBe(404);
  });
});

describe(`reports: submit, return, revise, accept (${dialect})`, () => {
  it('refuses writers who are not the lead unit or the county coordinator, with nothing written', async () => {
    const id = await itemId(MICANG);
    const before = await count('progress_reports');
    expect((await env.anon('POST', `/api/v1/items/${id}/reports`, body('2026Q3'))).status).toBe(401);
    for (const [agent, status] of [
      [city, 403],
      [leader, 403],
      [admin, 403],
      [cx, 404],
    ] as const) {
      const r = await agent.req('POST', `/api/v1/items/${id}/reports`, body('2026Q3'));
      expect(r.status, agent.username).toBe(status);
    }
    expect(await count('progress_reports')).toBe(before);
  });

  it('rejects bad input with a clear code and changes nothing', async () => {
    const id = await itemId(MICANG);
    const before = await count('progress_reports');
    const cases: [Record<string, unknown>, number, string][] = [
      [body('2026Q3', 101), 400, 'VALIDATION_FAILED'],
      [body('2026Q3', -1), 400, 'VALIDATION_FAILED'],
      [body('2026Q5'), 400, 'VALIDATION_FAILED'],
      [body('2026Q1'), 422, 'PERIOD_NOT_OWED'], // before the list was adopted
      [body('2027Q1'), 422, 'PERIOD_NOT_OWED'], // not begun
      [body('2026M09'), 422, 'PERIOD_NOT_OWED'], // another cycle
      [body('2026Q2'), 409, 'DUPLICATE'],
    ];
    for (const [b, status, code] of cases) {
      const r = await nyj.req('POST', `/api/v1/items/${id}/reports`, b);
      expect(r.status, JSON.stringify(b)).toBe(status);
      expect(r.body.error.code).toBe(code);
    }
    const closed = await wc.req('POST', `/api/v1/items/${await itemId(DONE)}/reports`, body('2026Q3'));
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('ITEM_CLOSED');
    // Completed with no recorded closing day (as the demo and an imported 已完成 row are): it owes
    // only what it reported, and is never counted missing for the periods after it was done.
    const doneId = await itemId(DONE);
    expect(await env.db.selectFrom('items').select(['closed_on', 'status']).where('id', '=', doneId).executeTakeFirstOrThrow()).toEqual({ closed_on: null, status: 'completed' });
    const doneSlots = (await wc.req('GET', `/api/v1/items/${doneId}/report-slots`)).body.data as { period: string; state: string }[];
    const doneReports = await env.db.selectFrom('progress_reports').select('period').where('item_id', '=', doneId).execute();
    expect(doneSlots.map((x) => x.period).sort()).toEqual(doneReports.map((x) => x.period).sort());
    expect(doneSlots.some((x) => x.state === 'missing' || x.state === 'upcoming')).toBe(false);
    const cangxiItem = await env.db.selectFrom('items').select('id').where('consultation_id', '=', env.consultations.cangxi).executeTakeFirstOrThrow();
    const unadopted = await (await env.login('cangxi.coord')).req('POST', `/api/v1/items/${cangxiItem.id}/reports`, body('2026Q3'));
    expect(unadopted.status).toBe(409);
    expect(unadopted.body.error.code).toBe('ITEM_NOT_ADOPTED');
    expect(await count('progress_reports')).toBe(before);
  });

  it('runs a report through submission, return with a reason, revision and acceptance, keeping every round', async () => {
    const id = await itemId(MICANG);
    const itemBefore = (await nyj.req('GET', `/api/v1/items/${id}`)).body;
    expect(itemBefore.light).toBe('red');
    expect(itemBefore.lightReasons.map((r: { code: string }) => r.code)).toContain('report_overdue_long');

    const created = await nyj.req('POST', `/api/v1/items/${id}/reports`, body('2026Q3'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const rep = created.body;
    expect(rep).toMatchObject({ period: '2026Q3', status: 'submitted', round: 1, percent: 45, version: 1, author: { name: expect.any(String) } });
    expect(rep.progressHtml).toBe('<p>完成<strong>联盟章程</strong>起草</p>');
    expect((await env.auditRows('report', rep.id))[0]).toMatchObject({ action: 'report.submit', username: 'wangcang.nyj', after: { period: '2026Q3', percent: 45 } });
    const slot = (await nyj.req('GET', `/api/v1/items/${id}/report-slots`)).body.data.find((s: { period: string }) => s.period === '2026Q3');
    // Reported after its due date (2026-10-10): it stays marked late, but no longer lights the item.
    expect(slot).toMatchObject({ state: 'late', reportId: rep.id });
    const lit = (await nyj.req('GET', `/api/v1/items/${id}`)).body;
    expect(lit.lightReasons.map((r: { code: string }) => r.code)).not.toContain('report_overdue_long');

    // Returning needs a reason.
    const noReason = await city.req('POST', `/api/v1/reports/${rep.id}/review`, { accept: false });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.code).toBe('REASON_REQUIRED');
    for (const [agent, status] of [
      [nyj, 403],
      [wc, 403],
      [leader, 403],
      [cx, 404],
    ] as const) {
      expect((await agent.req('POST', `/api/v1/reports/${rep.id}/review`, { accept: true })).status, agent.username).toBe(status);
    }
    const returned = await city.req('POST', `/api/v1/reports/${rep.id}/review`, { accept: false, note: '请补充联盟成员名单' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', reviewNote: '请补充联盟成员名单', rounds: [{ round: 1, decision: 'returned', decisionNote: '请补充联盟成员名单' }] });
    expect((await env.auditRows('report', rep.id)).map((a) => a.action)).toEqual(['report.submit', 'report.review']);

    // Revision: stale version 409, then a new round.
    const stale = await nyj.req('PUT', `/api/v1/reports/${rep.id}`, { ...body('2026Q3', 55), period: undefined, version: 1 });
    expect(stale.status).toBe(409);
    const { period: _p, ...rest } = body('2026Q3', 55);
    const revised = await nyj.req('PUT', `/api/v1/reports/${rep.id}`, { ...rest, version: returned.body.version });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    expect(revised.body).toMatchObject({ status: 'submitted', round: 2, percent: 55, firstSubmittedAt: rep.firstSubmittedAt });
    expect(revised.body.rounds.map((r: { round: number; percent: number; decision: string | null }) => [r.round, r.percent, r.decision])).toEqual([
      [1, 45, 'returned'],
      [2, 55, null],
    ]);
    // The round still in review, field for field (the history builds rounds as JSON: nulls stay null).
    expect(revised.body.rounds[1]).toEqual({
      round: 2,
      progressHtml: expect.any(String),
      percent: 55,
      problems: expect.any(String),
      nextSteps: expect.any(String),
      submittedBy: expect.stringContaining('（演示）'),
      submittedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      decision: null,
      decisionNote: null,
      decidedBy: null,
      decidedAt: null,
    });
    // A report in review cannot be revised.
    expect((await nyj.req('PUT', `/api/v1/reports/${rep.id}`, { ...rest, version: revised.body.version })).body.error.code).toBe('REPORT_NOT_IN_REVIEW');

    const accepted = await city.req('POST', `/api/v1/reports/${rep.id}/review`, { accept: true, note: '同意', version: revised.body.version });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', rounds: [{ decision: 'returned' }, { decision: 'accepted', decisionNote: '同意' }] });
    const item = (await city.req('GET', `/api/v1/items/${id}`)).body;
    expect(item).toMatchObject({ progress: 55, status: 'in_progress', version: itemBefore.version + 1 });
    const itemAudit = await env.auditRows('item', id);
    expect(itemAudit.at(-1)).toMatchObject({ action: 'item.update', username: 'city.coord', before: { progress: itemBefore.progress }, after: { progress: 55 } });
    // Reviewed once is reviewed.
    expect((await city.req('POST', `/api/v1/reports/${rep.id}/review`, { accept: true })).body.error.code).toBe('REPORT_NOT_IN_REVIEW');
    expect((await nyj.req('PUT', `/api/v1/reports/${rep.id}`, { ...rest, version: accepted.body.version })).body.error.code).toBe('REPORT_NOT_IN_REVIEW');

    const events = await env.db.selectFrom('domain_events').select(['type', 'data_json']).where('item_id', '=', id).orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['report.submitted', 'report.returned', 'report.accepted', 'item.light_changed']));
  });

  it('does not let the unit that wrote a report pass it', async () => {
    const id = await itemId(HIGHTECH);
    const r = await both.req('POST', `/api/v1/items/${id}/reports`, body('2026Q3', 70));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const own = await both.req('POST', `/api/v1/reports/${r.body.id}/review`, { accept: true });
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('OWN_REPORT_REVIEW');
    expect((await city.req('GET', `/api/v1/reports/${r.body.id}`)).body.status).toBe('submitted');
  });

  it('lets exactly one of two simultaneous reviewers decide', async () => {
    const row = await env.db
      .selectFrom('progress_reports as r')
      .innerJoin('items as i', 'i.id', 'r.item_id')
      .select(['r.id', 'r.version'])
      .where('i.consultation_id', '=', env.consultations.wangcang)
      .where('r.status', '=', 'submitted')
      .orderBy('r.id')
      .executeTakeFirstOrThrow();
    const [a, b] = await Promise.all([
      city.req('POST', `/api/v1/reports/${row.id}/review`, { accept: true }),
      city2.req('POST', `/api/v1/reports/${row.id}/review`, { accept: false, note: '退回补充' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error.code).toBe('REPORT_NOT_IN_REVIEW');
    expect(await env.auditRows('report', row.id)).toHaveLength(1);
    const rounds = await env.db.selectFrom('progress_report_rounds').select('decision').where('report_id', '=', row.id).execute();
    expect(rounds).toHaveLength(1);
    expect(rounds[0]!.decision).not.toBeNull();
  });
});

describe(`reports: contributions and evidence (${dialect})`, () => {
  it('lets a cooperating unit add and then update its own part, and nobody else', async () => {
    const id = await itemId(PIONEER);
    const rep = await wc.req('POST', `/api/v1/items/${id}/reports`, body('2026Q3', 30));
    expect(rep.status, JSON.stringify(rep.body)).toBe(201);
    const before = await count('report_contributions');
    for (const [agent, status] of [
      [wc, 403],
      [city, 403],
      [cx, 404],
    ] as const) {
      expect((await agent.req('POST', `/api/v1/reports/${rep.body.id}/contributions`, { text: '配合' })).status, agent.username).toBe(status);
    }
    expect((await env.anon('POST', `/api/v1/reports/${rep.body.id}/contributions`, { text: '配合' })).status).toBe(401);
    expect((await nyj.req('POST', `/api/v1/reports/${rep.body.id}/contributions`, { text: '   ' })).status).toBe(400);
    expect(await count('report_contributions')).toBe(before);

    const first = await nyj.req('POST', `/api/v1/reports/${rep.body.id}/contributions`, { text: '完成特派员遴选' });
    expect(first.status).toBe(201);
    expect(first.body.contributions).toMatchObject([{ orgName: expect.stringContaining('农业农村局'), text: '完成特派员遴选', version: 1 }]);
    const second = await nyj.req('POST', `/api/v1/reports/${rep.body.id}/contributions`, { text: '完成特派员遴选和培训' });
    expect(second.body.contributions).toMatchObject([{ text: '完成特派员遴选和培训', version: 2 }]);
    expect((await env.auditRows('report', rep.body.id)).map((a) => a.action)).toEqual(['report.submit', 'report.contribute', 'report.contribute']);
    expect((await nyj.req('GET', `/api/v1/items/${id}/reports`)).body.can).toMatchObject({ write: false, contribute: true });
  });

  it('takes evidence from the writers, serves it to readers in scope, and hides it from other counties', async () => {
    const id = await itemId(PIONEER);
    const written = await wc.req('POST', `/api/v1/items/${id}/reports`, body('2026Q3', 30));
    expect(written.status, JSON.stringify(written.body)).toBe(201);
    const rep = (await wc.req('GET', `/api/v1/items/${id}/reports`)).body.data.find((r: { period: string }) => r.period === '2026Q3');
    expect((await leader.upload(`/api/v1/reports/${rep.id}/evidence`, { filename: '佐证.pdf', content: PDF })).status).toBe(403);
    expect((await cx.upload(`/api/v1/reports/${rep.id}/evidence`, { filename: '佐证.pdf', content: PDF })).status).toBe(404);
    const up = await wc.upload(`/api/v1/reports/${rep.id}/evidence`, { filename: '佐证.pdf', content: PDF });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const byCo = await nyj.upload(`/api/v1/reports/${rep.id}/evidence`, { filename: '培训签到.pdf', content: PDF });
    expect(byCo.status).toBe(201);
    expect((await env.auditRows('attachment', up.body.id))[0]).toMatchObject({ action: 'attachment.create' });
    const again = (await city.req('GET', `/api/v1/reports/${rep.id}`)).body;
    expect(again.evidence.map((e: { filename: string }) => e.filename)).toEqual(['佐证.pdf', '培训签到.pdf']);
    expect((await leader.req('GET', `/api/v1/attachments/${up.body.id}`)).status).toBe(200);
    expect((await cx.req('GET', `/api/v1/attachments/${up.body.id}`)).status).toBe(404);
  });
});
