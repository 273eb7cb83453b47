import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let host: Agent;
let partner: Agent;
let W: number;
let items: { id: number; title: string; deadline: string | null; ongoing: boolean; status: string; version: number; leadUnitId: number | null; fundingWan: number | null }[];
let today: string;

// Tests change the demo: each starts from a fresh copy of it.
beforeEach(async () => {
  env = await createTestEnv();
  host = await env.login('city.coord');
  partner = await env.login('wangcang.coord');
  W = env.consultations.wangcang;
  items = (await host.req('GET', `/api/v1/consultations/${W}/items?limit=100`)).body.data;
  today = env.clock.today();
});
afterEach(() => env?.close());

const file = (a: Agent, itemId: number, body: unknown) => a.req('POST', `/api/v1/items/${itemId}/change-requests`, body);
const decide = (a: Agent, id: number, approve: boolean, note = '') => a.req('POST', `/api/v1/change-requests/${id}/decision`, { approve, note });
const item = async (id: number) => (await host.req('GET', `/api/v1/items/${id}`)).body;
const future = () => items.filter((i) => !i.ongoing && i.deadline && i.deadline >= today && i.status !== 'cancelled');
const plusYear = (d: string) => `${Number(d.slice(0, 4)) + 1}${d.slice(4)}`;

describe(`change requests: filing (${dialect})`, () => {
  it('files a modify request from the partner side, audited, and leaves the item unchanged until approved', async () => {
    const it0 = future()[0];
    const r = await file(partner, it0.id, { kind: 'modify', reason: '项目范围调整', changes: { title: '调整后的事项名称', fundingWan: 88 } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: 'modify', status: 'pending', side: 'partner', itemId: it0.id, reason: '项目范围调整', decidedBy: null });
    expect(r.body.changes).toEqual(expect.arrayContaining([{ field: 'title', from: it0.title, to: '调整后的事项名称' }]));
    expect(r.body.changes.find((l: { field: string }) => l.field === 'fundingWan').to).toBe(88);
    expect((await item(it0.id)).title).toBe(it0.title);
    const audit = await env.auditRows('change_request', r.body.id);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'change_request.create', username: 'wangcang.coord', after: expect.objectContaining({ kind: 'modify', status: 'pending' }) }),
    ]);
    const list = (await host.req('GET', `/api/v1/consultations/${W}/change-requests`)).body.data;
    expect(list.map((x: { id: number }) => x.id)).toContain(r.body.id);
    const ofItem = (await host.req('GET', `/api/v1/items/${it0.id}/change-requests`)).body.data;
    expect(ofItem[0].id).toBe(r.body.id);
  });

  it('refuses bad input with a clear code and stores nothing', async () => {
    const it0 = future()[1];
    const before = (await host.req('GET', `/api/v1/consultations/${W}/change-requests`)).body.data.length;
    expect((await file(partner, it0.id, { kind: 'modify', reason: '', changes: { title: 'x' } })).status).toBe(400);
    expect((await file(partner, it0.id, { kind: 'modify', reason: '理由', changes: {} })).status).toBe(400);
    expect((await file(partner, it0.id, { kind: 'bogus', reason: '理由' })).status).toBe(400);
    const same = await file(partner, it0.id, { kind: 'modify', reason: '理由', changes: { title: it0.title } });
    expect(same.status).toBe(422);
    expect(same.body.error.code).toBe('UNPROCESSABLE');
    const unit = await file(partner, it0.id, { kind: 'modify', reason: '理由', changes: { leadUnitId: 999999 } });
    expect(unit.body.error.code).toBe('UNKNOWN_UNIT');
    const earlier = await file(partner, it0.id, { kind: 'extend', reason: '理由', deadline: '2000-01-01' });
    expect(earlier.status).toBe(422);
    const ongoing = items.find((i) => i.ongoing)!;
    const ext = await file(partner, ongoing.id, { kind: 'extend', reason: '理由', deadline: '2030-01-01' });
    expect(ext.status).toBe(422);
    expect((await host.req('GET', `/api/v1/consultations/${W}/change-requests`)).body.data.length).toBe(before);
  });

  it('accepts an extension filed on the deadline day and refuses one filed after it', async () => {
    const late = items.find((i) => !i.ongoing && i.deadline && i.deadline < today)!;
    expect(late).toBeDefined();
    const r = await file(partner, late.id, { kind: 'extend', reason: '受天气影响', deadline: plusYear(late.deadline!) });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('EXTENSION_TOO_LATE');
    const onTime = future()[2];
    env.clock.set(new Date(`${onTime.deadline}T15:00:00.000Z`)); // 23:00 CST, still the deadline day
    try {
      // Sessions idle out when the clock jumps; sign in again at the new time.
      const p2 = await env.login('wangcang.coord');
      const ok = await file(p2, onTime.id, { kind: 'extend', reason: '设备到货推迟', deadline: plusYear(onTime.deadline!) });
      expect(ok.status).toBe(201);
      expect(ok.body.changes).toEqual([{ field: 'deadline', from: onTime.deadline, to: plusYear(onTime.deadline!) }]);
      env.clock.set(new Date(`${onTime.deadline}T16:00:00.000Z`)); // the next day in CST
      const tooLate = await file(await env.login('wangcang.coord'), onTime.id, { kind: 'extend', reason: '设备到货推迟', deadline: plusYear(onTime.deadline!) });
      expect(tooLate.body.error.code).toBe('EXTENSION_TOO_LATE');
    } finally {
      env.clock.set(new Date('2026-11-25T02:00:00.000Z'));
      host = await env.login('city.coord');
      partner = await env.login('wangcang.coord');
    }
  });

  it('lets only the two sides’ coordinators file, hides other counties’ items, refuses admins, anonymous and missing CSRF', async () => {
    await env.makeUser('wc.viewer', 'wangcang.gov', ['viewer']);
    const id = future()[3].id;
    const body = { kind: 'cancel', reason: '不再实施' };
    const results: Record<string, number> = {};
    for (const u of ['city.leader', 'wc.viewer', 'wangcang.nyj', 'cangxi.coord', 'sysadmin', 'auditadmin']) {
      results[u] = (await file(await env.login(u), id, body)).status;
    }
    expect(results).toEqual({ 'city.leader': 403, 'wc.viewer': 403, 'wangcang.nyj': 403, 'cangxi.coord': 404, sysadmin: 403, auditadmin: 403 });
    expect((await env.anon('POST', `/api/v1/items/${id}/change-requests`, body)).status).toBe(401);
    const noCsrf = await env.anon('POST', `/api/v1/items/${id}/change-requests`, body, { cookie: partner.cookie });
    expect(noCsrf.status).toBe(403);
    expect((await env.login('cangxi.coord').then((a) => a.req('GET', `/api/v1/items/${id}/change-requests`))).status).toBe(404);
    expect((await env.login('cangxi.coord').then((a) => a.req('GET', `/api/v1/consultations/${W}/change-requests`))).status).toBe(404);
    expect((await env.login('sysadmin').then((a) => a.req('GET', `/api/v1/consultations/${W}/change-requests`))).status).toBe(403);
    expect((await host.req('GET', `/api/v1/items/${id}/change-requests`)).body.data).toEqual([]);
    expect((await env.login('city.leader').then((a) => a.req('GET', `/api/v1/consultations/${W}/change-requests`))).status).toBe(200);
  });

  it('refuses change requests before adoption', async () => {
    const cx = await env.login('cangxi.coord');
    const cItems = (await cx.req('GET', `/api/v1/consultations/${env.consultations.cangxi}/items`)).body.data;
    const r = await file(cx, cItems[0].id, { kind: 'cancel', reason: '不再实施' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ITEM_NOT_ADOPTED');
    const add = await cx.req('POST', `/api/v1/consultations/${env.consultations.cangxi}/change-requests`, {
      kind: 'add',
      reason: '新增',
      item: { title: '新事项', category: 'direct_support', domain: '综合' },
    });
    expect(add.body.error.code).toBe('ITEM_NOT_ADOPTED');
  });
});

describe(`change requests: decisions (${dialect})`, () => {
  it('applies an approved modification atomically: item fields, version, item.update audit, history', async () => {
    const it0 = future()[4];
    const co = (await host.req('GET', `/api/v1/items/${it0.id}`)).body;
    const cr = (
      await file(partner, it0.id, {
        kind: 'modify',
        reason: '牵头单位调整',
        changes: { content: '新的目标内容', coUnitIds: [env.orgs['wangcang.nyj'] ?? co.leadUnitId].filter(Boolean), fundingWan: 12.5 },
      })
    ).body;
    expect(cr.status).toBe('pending');
    const r = await decide(host, cr.id, true, '同意调整');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'approved', decidedBy: '市局联络员（演示）', decisionNote: '同意调整' });
    const after = await item(it0.id);
    expect(after).toMatchObject({ content: '新的目标内容', fundingWan: 12.5, version: co.version + 1 });
    const audit = await env.auditRows('item', it0.id);
    expect(audit.at(-1)).toMatchObject({ action: 'item.update', username: 'city.coord', after: expect.objectContaining({ content: '新的目标内容', fundingWan: 12.5 }) });
    expect((await env.auditRows('change_request', cr.id)).map((a) => a.action)).toEqual(['change_request.create', 'change_request.decide']);
    const h = await partner.req('GET', `/api/v1/items/${it0.id}/history`);
    expect(h.status).toBe(200);
    expect(h.body.data.slice(0, 3).map((e: { action: string }) => e.action)).toEqual(['change_request.decide', 'item.update', 'change_request.create']);
    expect(h.body.data[1].changes).toEqual(expect.arrayContaining([{ field: 'content', from: co.content, to: '新的目标内容' }]));
    expect(h.body.data[0]).toMatchObject({ by: '市局联络员（演示）', changeRequest: { id: cr.id, kind: 'modify' } });
  });

  it('approves an extension and a cancellation; rejects with a note and leaves the item alone', async () => {
    const [a, b, c] = future().slice(5, 8);
    const ext = (await file(host, a.id, { kind: 'extend', reason: '延期', deadline: plusYear(a.deadline!) })).body;
    expect((await decide(partner, ext.id, true)).status).toBe(200);
    expect((await item(a.id)).deadline).toBe(plusYear(a.deadline!));
    const cancel = (await file(partner, b.id, { kind: 'cancel', reason: '政策变化，不再实施' })).body;
    expect((await decide(host, cancel.id, true, '同意')).status).toBe(200);
    expect((await item(b.id)).status).toBe('cancelled');
    expect((await file(partner, b.id, { kind: 'cancel', reason: '再次取消' })).status).toBe(409);
    const rej = (await file(partner, c.id, { kind: 'modify', reason: '调整资金', changes: { fundingWan: 999 } })).body;
    const noNote = await decide(host, rej.id, false);
    expect(noNote.status).toBe(400);
    const r = await decide(host, rej.id, false, '资金已锁定');
    expect(r.body).toMatchObject({ status: 'rejected', decisionNote: '资金已锁定' });
    expect((await item(c.id)).fundingWan).toBe(c.fundingWan ?? null);
    expect((await item(c.id)).version).toBe(c.version);
    const again = await decide(host, rej.id, true);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CHANGE_REQUEST_DECIDED');
  });

  it('lets only the other side’s coordinator decide', async () => {
    const it0 = future()[8];
    const cr = (await file(partner, it0.id, { kind: 'modify', reason: '调整', changes: { title: '另一名称' } })).body;
    const own = await decide(partner, cr.id, true);
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('OWN_CHANGE_REQUEST');
    await env.makeUser('wc.viewer', 'wangcang.gov', ['viewer']);
    const results: Record<string, number> = {};
    for (const u of ['city.leader', 'wc.viewer', 'wangcang.nyj', 'cangxi.coord', 'sysadmin']) {
      results[u] = (await decide(await env.login(u), cr.id, true)).status;
    }
    expect(results).toEqual({ 'city.leader': 403, 'wc.viewer': 403, 'wangcang.nyj': 403, 'cangxi.coord': 404, sysadmin: 403 });
    expect((await env.anon('POST', `/api/v1/change-requests/${cr.id}/decision`, { approve: true })).status).toBe(401);
    expect((await env.anon('POST', `/api/v1/change-requests/${cr.id}/decision`, { approve: true }, { cookie: host.cookie })).status).toBe(403);
    expect((await decide(host, 999999, true)).status).toBe(404);
    expect((await item(it0.id)).title).toBe(it0.title);
    expect((await env.auditRows('change_request', cr.id)).length).toBe(1);
  });

  it('lets exactly one of two simultaneous decisions win', async () => {
    const it0 = future()[9];
    const cr = (await file(partner, it0.id, { kind: 'modify', reason: '并发', changes: { title: '并发后的名称' } })).body;
    const host2 = await env.login('city.coord');
    const [r1, r2] = await Promise.all([decide(host, cr.id, true), decide(host2, cr.id, false, '不同意')]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    expect((await env.auditRows('change_request', cr.id)).filter((a) => a.action === 'change_request.decide')).toHaveLength(1);
    const winner = r1.status === 200 ? r1 : r2;
    expect((await item(it0.id)).title).toBe(winner.body.status === 'approved' ? '并发后的名称' : it0.title);
  });

  it('adds a new item to the agreed list once the other side approves', async () => {
    const r = await host.req('POST', `/api/v1/consultations/${W}/change-requests`, {
      kind: 'add',
      reason: '会后新增',
      item: { title: '中低温地热资源综合利用研究', category: 'joint_pursuit', domain: '综合', deadline: '2027-12-31', fundingWan: 30 },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: 'add', itemId: null, side: 'host' });
    const bad = await host.req('POST', `/api/v1/consultations/${W}/change-requests`, {
      kind: 'add',
      reason: '会后新增',
      item: { title: 'x', category: 'joint_pursuit', domain: '不存在的领域' },
    });
    expect(bad.body.error.code).toBe('UNKNOWN_DOMAIN');
    const d = await decide(partner, r.body.id, true);
    expect(d.status).toBe(200);
    expect(d.body.itemId).toBeGreaterThan(30);
    const created = await item(d.body.itemId);
    expect(created).toMatchObject({ title: '中低温地热资源综合利用研究', category: 'joint_pursuit', deadline: '2027-12-31', fundingWan: 30, status: 'not_started' });
    const h = (await host.req('GET', `/api/v1/items/${created.id}/history`)).body.data;
    expect(h.map((e: { action: string }) => e.action)).toEqual(['change_request.decide', 'item.create', 'change_request.create']);
  });

  it('shows the history to whoever reads the item, and to no one else', async () => {
    const id = future()[4].id;
    expect((await env.login('wangcang.nyj').then((a) => a.req('GET', `/api/v1/items/${id}/history`))).status).toBe(200);
    expect((await env.login('city.leader').then((a) => a.req('GET', `/api/v1/items/${id}/history`))).status).toBe(200);
    expect((await env.login('cangxi.coord').then((a) => a.req('GET', `/api/v1/items/${id}/history`))).status).toBe(404);
    expect((await env.login('sysadmin').then((a) => a.req('GET', `/api/v1/items/${id}/history`))).status).toBe(403);
    expect((await env.anon('GET', `/api/v1/items/${id}/history`)).status).toBe(401);
  });
});

describe(`change requests: withdrawal (${dialect})`, () => {
  const withdraw = (a: Agent, id: number) => a.req('POST', `/api/v1/change-requests/${id}/withdraw`);

  it('lets the author withdraw a pending request, audited, leaving the item untouched and nothing left to decide', async () => {
    const it0 = future()[10];
    const cr = (await file(partner, it0.id, { kind: 'extend', reason: '撤回测试', deadline: plusYear(it0.deadline!) })).body;
    const r = await withdraw(partner, cr.id);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id: cr.id, status: 'withdrawn', decidedBy: null, version: cr.version + 1 });
    expect((await item(it0.id)).deadline).toBe(it0.deadline);
    const audit = await env.auditRows('change_request', cr.id);
    expect(audit.map((a) => a.action)).toEqual(['change_request.create', 'change_request.withdraw']);
    expect(audit[1]).toMatchObject({ username: 'wangcang.coord', before: { status: 'pending' }, after: { status: 'withdrawn' } });
    const late = await decide(host, cr.id, true);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('CHANGE_REQUEST_DECIDED');
    const again = await withdraw(partner, cr.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CHANGE_REQUEST_DECIDED');
    const h = (await host.req('GET', `/api/v1/items/${it0.id}/history`)).body.data;
    expect(h[0]).toMatchObject({ action: 'change_request.withdraw', changeRequest: { id: cr.id, kind: 'extend' } });
  });

  it('lets no one but the author withdraw, and not once it is decided', async () => {
    const it0 = future()[11];
    const cr = (await file(partner, it0.id, { kind: 'modify', reason: '权限', changes: { title: '撤回权限测试' } })).body;
    const otherCoord = await env.makeUser('wangcang.coord2', 'wangcang.gov', ['partner_coordinator']).then(() => env.login('wangcang.coord2'));
    const results: Record<string, number> = {};
    for (const [name, a] of [
      ['city.coord', host],
      ['wangcang.coord2', otherCoord],
    ] as const) {
      results[name] = (await withdraw(a, cr.id)).status;
    }
    for (const u of ['city.leader', 'wangcang.nyj', 'cangxi.coord', 'sysadmin']) results[u] = (await withdraw(await env.login(u), cr.id)).status;
    expect(results).toEqual({ 'city.coord': 403, 'wangcang.coord2': 403, 'city.leader': 403, 'wangcang.nyj': 403, 'cangxi.coord': 404, sysadmin: 403 });
    expect((await withdraw(host, cr.id)).body.error.code).toBe('NOT_CHANGE_REQUEST_AUTHOR');
    expect((await env.anon('POST', `/api/v1/change-requests/${cr.id}/withdraw`)).status).toBe(401);
    expect((await env.anon('POST', `/api/v1/change-requests/${cr.id}/withdraw`, undefined, { cookie: partner.cookie })).status).toBe(403);
    expect((await withdraw(partner, 999999)).status).toBe(404);
    expect((await withdraw(partner, 0)).status).toBe(400);
    expect((await env.auditRows('change_request', cr.id)).map((a) => a.action)).toEqual(['change_request.create']);

    expect((await decide(host, cr.id, false, '不同意')).status).toBe(200);
    const decided = await withdraw(partner, cr.id);
    expect(decided.status).toBe(409);
    expect(decided.body.error.code).toBe('CHANGE_REQUEST_DECIDED');
  });

  it('lets exactly one of a withdrawal and an approval arriving together win', async () => {
    const it0 = future()[12];
    const cr = (await file(partner, it0.id, { kind: 'modify', reason: '并发撤回', changes: { title: '并发撤回后的名称' } })).body;
    const [w, d] = await Promise.all([withdraw(partner, cr.id), decide(host, cr.id, true)]);
    expect([w.status, d.status].sort()).toEqual([200, 409]);
    const final = (await host.req('GET', `/api/v1/items/${it0.id}/change-requests`)).body.data[0];
    expect(final.status).toBe(w.status === 200 ? 'withdrawn' : 'approved');
    expect((await item(it0.id)).title).toBe(w.status === 200 ? it0.title : '并发撤回后的名称');
    const actions = (await env.auditRows('change_request', cr.id)).map((a) => a.action);
    expect(actions.filter((a) => a !== 'change_request.create')).toHaveLength(1);
  });
});
