import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MyTasks, TaskEntry, TaskKind } from '../../../domain/tasks.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let city: Agent; // host coordinator: reviews, triages, decides the county's requests
let leader: Agent; // host leader: signs notices
let wc: Agent; // 旺苍 partner coordinator: reports for every item, decides the bureau's requests
let nyj: Agent; // 旺苍县农业农村局 reporter: reports and answers for the items it leads
let cx: Agent; // 苍溪 partner coordinator: another county
let W: number;
let C: number;
let nyjItems: Set<number>;
let wcItems: { id: number; title: string; deadline: string | null; ongoing: boolean; status: string; leadUnitId: number | null }[];

const URL = '/api/v1/me/tasks?limit=50';

async function tasks(a: Agent, url = URL): Promise<MyTasks> {
  const r = await a.req('GET', url);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as MyTasks;
}

const group = (t: MyTasks, kind: TaskKind) => t.groups.find((g) => g.kind === kind);
const entries = (t: MyTasks, kind: TaskKind): TaskEntry[] => group(t, kind)?.entries ?? [];
const kinds = (t: MyTasks) => t.groups.map((g) => g.kind);

beforeAll(async () => {
  env = await createTestEnv();
  city = await env.login('city.coord');
  leader = await env.login('city.leader');
  wc = await env.login('wangcang.coord');
  nyj = await env.login('wangcang.nyj');
  cx = await env.login('cangxi.coord');
  W = env.consultations.wangcang;
  C = env.consultations.cangxi;
  wcItems = (await city.req('GET', `/api/v1/consultations/${W}/items?limit=100`)).body.data;
  nyjItems = new Set(wcItems.filter((i) => i.leadUnitId === env.orgs['wangcang.nyj']).map((i) => i.id));
});
afterAll(() => env?.close());

describe(`my tasks: access (${dialect})`, () => {
  it('asks for a login, and has nothing for administrators, who hold no business data', async () => {
    expect((await env.anon('GET', URL)).status).toBe(401);
    for (const u of ['sysadmin', 'secadmin', 'auditadmin']) {
      const r = await (await env.login(u)).req('GET', URL);
      expect(r.status, u).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('turns away a bad limit or an unknown parameter with a validation error', async () => {
    for (const q of ['limit=0', 'limit=51', 'limit=abc', 'status=x']) {
      const r = await city.req('GET', `/api/v1/me/tasks?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe(`my tasks: the demo data (${dialect})`, () => {
  it('gives the host coordinator every submitted report of 旺苍 to review, and no reports to write', async () => {
    const submitted = await env.db
      .selectFrom('progress_reports as r')
      .innerJoin('items as i', 'i.id', 'r.item_id')
      .select(['r.id', 'r.item_id'])
      .where('i.consultation_id', '=', W)
      .where('r.status', '=', 'submitted')
      .execute();
    expect(submitted.length).toBeGreaterThan(0);
    const t = await tasks(city);
    const g = group(t, 'report_review')!;
    expect(g.count).toBe(submitted.length);
    expect(g.entries.map((e) => e.entityId).sort()).toEqual(submitted.map((r) => r.id).sort());
    expect(g.entries.every((e) => e.consultationId === W && e.itemId !== null && e.action.includes('审核'))).toBe(true);
    expect(kinds(t)).not.toContain('report_missing');
    expect(kinds(t)).not.toContain('report_revise');
    expect(t.total).toBe(t.groups.reduce((n, x) => n + x.count, 0));
  });

  it('gives the county coordinator the missing slots of every item, as the reports API counts them, and the returned reports', async () => {
    const expected: string[] = [];
    for (const i of wcItems) {
      const slots = (await wc.req('GET', `/api/v1/items/${i.id}/report-slots`)).body.data as { dueOn: string; state: string }[];
      for (const s of slots) if (s.state === 'missing') expected.push(`${i.id}:${s.dueOn}`);
    }
    expect(expected.length).toBeGreaterThan(0);
    const t = await tasks(wc);
    const missing = entries(t, 'report_missing');
    expect(group(t, 'report_missing')!.count).toBe(expected.length);
    expect(missing.map((e) => `${e.itemId}:${e.dueOn}`).sort()).toEqual(expected.sort());
    expect(missing.every((e) => e.dueOn && e.dueOn < env.clock.today())).toBe(true);

    const returned = await env.db
      .selectFrom('progress_reports as r')
      .innerJoin('items as i', 'i.id', 'r.item_id')
      .select('r.id')
      .where('i.consultation_id', '=', W)
      .where('r.status', '=', 'returned')
      .execute();
    expect(returned.length).toBeGreaterThan(0);
    expect(
      entries(t, 'report_revise')
        .map((e) => e.entityId)
        .sort(),
    ).toEqual(returned.map((r) => r.id).sort());
    expect(kinds(t)).not.toContain('report_review');
  });

  it('gives the lead unit only the items it leads', async () => {
    const all = entries(await tasks(wc), 'report_missing').filter((e) => nyjItems.has(e.itemId!));
    const t = await tasks(nyj);
    expect(entries(t, 'report_missing')).toEqual(all);
    expect(t.groups.flatMap((g) => g.entries).every((e) => nyjItems.has(e.itemId!))).toBe(true);
    expect(kinds(t)).not.toContain('report_review');
  });

  it('shows another county and a leader with nothing to sign an empty list', async () => {
    expect(await tasks(cx)).toEqual({ total: 0, groups: [] });
    expect(await tasks(leader)).toEqual({ total: 0, groups: [] });
  });

  it('keeps the first N entries per kind but counts them all', async () => {
    const t = await tasks(wc, '/api/v1/me/tasks?limit=1');
    const full = await tasks(wc);
    expect(t.total).toBe(full.total);
    for (const g of t.groups) {
      expect(g.entries.length).toBe(1);
      expect(g.count).toBe(group(full, g.kind)!.count);
    }
  });
});

describe(`my tasks: each side sees what waits for it (${dialect})`, () => {
  it('puts a county need before the host coordinator only, until it is triaged', async () => {
    const need = await cx.req('POST', `/api/v1/consultations/${C}/needs`, { title: '茶叶深加工技术需求（测试）', domain: '农业农村', description: '' });
    expect(need.status, JSON.stringify(need.body)).toBe(201);
    const mine = entries(await tasks(city), 'need_triage');
    expect(mine).toEqual([expect.objectContaining({ entityId: need.body.id, itemId: null, consultationId: C, title: '茶叶深加工技术需求（测试）' })]);
    for (const a of [cx, wc, nyj, leader]) expect(kinds(await tasks(a))).not.toContain('need_triage');
    const tri = await city.req('POST', `/api/v1/needs/${need.body.id}/triage`, { decision: 'accept' });
    expect(tri.status, JSON.stringify(tri.body)).toBe(200);
    expect(kinds(await tasks(city))).not.toContain('need_triage');
  });

  it('puts a change request before the other side’s coordinator, not the side that filed it', async () => {
    const today = env.clock.today();
    const [a, b] = wcItems.filter((i) => !i.ongoing && i.deadline && i.deadline >= today && i.status !== 'cancelled');
    const fromCounty = await wc.req('POST', `/api/v1/items/${a!.id}/change-requests`, { kind: 'extend', reason: '受汛期影响', deadline: '2028-12-31' });
    expect(fromCounty.status, JSON.stringify(fromCounty.body)).toBe(201);
    const fromBureau = await city.req('POST', `/api/v1/items/${b!.id}/change-requests`, { kind: 'cancel', reason: '政策调整' });
    expect(fromBureau.status, JSON.stringify(fromBureau.body)).toBe(201);

    expect(entries(await tasks(city), 'change_request_decide')).toEqual([
      expect.objectContaining({ entityId: fromCounty.body.id, itemId: a!.id, consultationId: W, action: '审批调整申请（延期申请）' }),
    ]);
    expect(entries(await tasks(wc), 'change_request_decide')).toEqual([
      expect.objectContaining({ entityId: fromBureau.body.id, itemId: b!.id, consultationId: W, action: '审批调整申请（取消事项）' }),
    ]);
    for (const x of [nyj, leader, cx]) expect(kinds(await tasks(x))).not.toContain('change_request_decide');

    expect((await city.req('POST', `/api/v1/change-requests/${fromCounty.body.id}/decision`, { approve: false, note: '理由不充分' })).status).toBe(200);
    expect(kinds(await tasks(city))).not.toContain('change_request_decide');
  });

  it('walks a notice from the leader’s signature back to the drafter, then to the lead unit to answer', async () => {
    const red = [...nyjItems][0]!;
    await env.db.updateTable('items').set({ deadline: '2026-11-01', ongoing: 0, status: 'in_progress', progress: 30 }).where('id', '=', red).execute();
    const n = await city.req('POST', `/api/v1/items/${red}/supervision-notices`, { reason: '事项已超过完成时限', requirements: '请书面报告整改措施', responseDue: '2026-12-10' });
    expect(n.status, JSON.stringify(n.body)).toBe(201);

    expect(entries(await tasks(leader), 'notice_sign')).toEqual([expect.objectContaining({ entityId: n.body.id, itemId: red, consultationId: W })]);
    for (const x of [city, wc, nyj, cx]) expect(kinds(await tasks(x))).not.toContain('notice_sign');

    const back = await leader.req('POST', `/api/v1/supervision-notices/${n.body.id}/signature`, { approve: false, note: '要求写具体' });
    expect(back.status).toBe(200);
    expect(entries(await tasks(city), 'notice_sent_back')).toEqual([expect.objectContaining({ entityId: n.body.id, itemId: red })]);
    expect(await tasks(leader)).toEqual({ total: 0, groups: [] });

    const again = await city.req('PATCH', `/api/v1/supervision-notices/${n.body.id}`, { requirements: '请于12月10日前书面报告整改措施', version: back.body.version });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(kinds(await tasks(city))).not.toContain('notice_sent_back');
    expect((await leader.req('POST', `/api/v1/supervision-notices/${n.body.id}/signature`, { approve: true })).status).toBe(200);

    expect(entries(await tasks(nyj), 'notice_answer')).toEqual([
      expect.objectContaining({ entityId: n.body.id, itemId: red, dueOn: '2026-12-10', action: '反馈督办单（2026-12-10前）' }),
    ]);
    // The county's coordinator may not answer for the lead unit (notices.policy), so it is not their task.
    for (const x of [city, leader, wc, cx]) expect(kinds(await tasks(x))).not.toContain('notice_answer');

    expect((await nyj.req('POST', `/api/v1/supervision-notices/${n.body.id}/response`, { text: '已制定整改方案' })).status).toBe(200);
    expect(kinds(await tasks(nyj))).not.toContain('notice_answer');
  });

  it('puts a pending completion request before the host coordinator only', async () => {
    const item = wcItems.find((i) => i.status !== 'completed' && i.status !== 'cancelled')!;
    const reporter = await env.db.selectFrom('users').select('id').where('username', '=', 'wangcang.coord').executeTakeFirstOrThrow();
    const { id } = await env.db
      .insertInto('completion_requests')
      .values({
        item_id: item.id,
        status: 'pending',
        summary: '已完成',
        requested_by: reporter.id,
        requested_at: '2026-11-20T02:00:00.000Z',
        reviewed_by: null,
        reviewed_at: null,
        review_note: null,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(entries(await tasks(city), 'completion_review')).toEqual([expect.objectContaining({ entityId: id, itemId: item.id, consultationId: W })]);
    for (const x of [leader, wc, nyj, cx]) expect(kinds(await tasks(x))).not.toContain('completion_review');
  });

  it('moves a report from the lead unit’s list to the reviewer’s once it is submitted', async () => {
    const before = entries(await tasks(nyj), 'report_missing');
    expect(before.length).toBeGreaterThan(0);
    const slot = before[0]!;
    const period = (await nyj.req('GET', `/api/v1/items/${slot.itemId}/report-slots`)).body.data.find((s: { state: string }) => s.state === 'missing').period;
    const r = await nyj.req('POST', `/api/v1/items/${slot.itemId}/reports`, { period, progressHtml: '<p>已补报</p>', percent: 40 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(entries(await tasks(nyj), 'report_missing').some((e) => e.itemId === slot.itemId && e.dueOn === slot.dueOn)).toBe(false);
    expect(entries(await tasks(city), 'report_review').map((e) => e.entityId)).toContain(r.body.id);
  });

  it('lists a period that has ended but is still within its due days as due, not missing', async () => {
    const now = env.clock.now();
    env.clock.set(new Date('2027-01-05T02:00:00Z'));
    try {
      // Sessions lapse over weeks of idle clock: log in again on the later day.
      const [nyjLater, wcLater, cityLater] = [await env.login('wangcang.nyj'), await env.login('wangcang.coord'), await env.login('city.coord')];
      const t = await tasks(nyjLater);
      const due = entries(t, 'report_due');
      expect(due.length).toBeGreaterThan(0);
      expect(due.every((e) => nyjItems.has(e.itemId!) && e.dueOn === '2027-01-10' && e.action.includes('2026年第四季度'))).toBe(true);
      expect(entries(await tasks(wcLater), 'report_due').length).toBeGreaterThanOrEqual(due.length);
      expect(kinds(await tasks(cityLater))).not.toContain('report_due');
    } finally {
      env.clock.set(now);
    }
  });
});
