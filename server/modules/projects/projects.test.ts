import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let city: Agent;
let leader: Agent;
let wc: Agent;
let nyj: Agent;
let cx: Agent;
let admin: Agent;
let cxHost: Agent;
let green: { id: number; version: number; items: { id: number }[] };

const P = '/api/v1/projects';
const valid = {
  name: '演示：茶园智慧管理技术示范',
  type: 'demonstration',
  undertakers: ['旺苍县农业农村局'],
  fiscalWan: 12.5,
  selfRaisedWan: 7.5,
  startDate: '2026-01-01',
  endDate: '2027-06-30',
  milestones: [{ title: '建成示范茶园', due: '2026-12-31', done: false }],
  outcomes: [
    { kind: 'patents', target: 2, actual: null },
    { kind: 'revenue_wan', target: 300, actual: 20 },
  ],
};

async function projectCount(): Promise<number> {
  const r = await env.db
    .selectFrom('projects')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function wangcangItemIds(): Promise<number[]> {
  return (await city.req('GET', `/api/v1/consultations/${env.consultations.wangcang}/items?limit=200`)).body.data.map((i: { id: number }) => i.id);
}

// Tests change the demo: each starts from a fresh copy of it.
beforeEach(async () => {
  env = await createTestEnv();
  city = await env.login('city.coord');
  leader = await env.login('city.leader');
  wc = await env.login('wangcang.coord');
  nyj = await env.login('wangcang.nyj');
  cx = await env.login('cangxi.coord');
  admin = await env.login('sysadmin');
  // A host coordinator of another organisation (the 苍溪 government), to test scope from another host.
  await env.makeUser('cangxi.host', 'cangxi.gov', ['host_coordinator']);
  cxHost = await env.login('cangxi.host');
  const list = (await city.req('GET', `${P}?q=绿色家居`)).body.data;
  green = list[0];
});
afterEach(() => env?.close());

describe(`projects: demo and reading (${dialect})`, () => {
  it('lists the ten demo projects of the bureau with budget split, milestones, outcomes and linked items', async () => {
    const r = await city.req('GET', `${P}?limit=200`);
    expect(r.status).toBe(200);
    expect(r.body.data).toHaveLength(10);
    const g = r.body.data.find((p: { name: string }) => p.name === '绿色家居加工关键技术研发项目');
    expect(g).toMatchObject({ type: 'rd', fiscalWan: 100, selfRaisedWan: 300, totalWan: 400, status: 'in_progress', canEdit: true, hostOrg: { name: '广元市科学技术局' } });
    expect(g.summary).toContain('演示');
    expect(g.milestones.map((m: { title: string }) => m.title.split('：')[0])).toEqual(['家居定制', '生产', '发货']);
    expect(g.outcomes).toContainEqual({ kind: 'patents', target: 5, actual: 1 });
    expect(g.items.map((i: { title: string }) => i.title)).toEqual(expect.arrayContaining(['支持“绿色家居加工关键技术研发项目”立项实施', '推动绿色家居产业城智能化改造']));
    expect(r.body.data.map((p: { name: string }) => p.name)).toContain('农业双碳循环经济示范');
  });

  it('pages by cursor and filters by consultation', async () => {
    const first = await city.req('GET', `${P}?limit=4`);
    expect(first.body.data).toHaveLength(4);
    const second = await city.req('GET', `${P}?limit=4&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.data[0].id).toBeGreaterThan(first.body.data[3].id);
    expect((await city.req('GET', `${P}?consultationId=${env.consultations.wangcang}`)).body.data).toHaveLength(10);
    expect((await city.req('GET', `${P}?consultationId=${env.consultations.cangxi}`)).body.data).toHaveLength(0);
    expect((await cx.req('GET', `${P}?consultationId=${env.consultations.wangcang}`)).status).toBe(404);
    expect((await city.req('GET', `${P}?cursor=garbage`)).status).toBe(400);
  });

  it('shows projects to the county through their linked items, never to another county', async () => {
    expect((await wc.req('GET', P)).body.data).toHaveLength(10);
    expect((await nyj.req('GET', `${P}/${green.id}`)).status).toBe(200);
    const asLeader = await leader.req('GET', `${P}/${green.id}`);
    expect(asLeader.status).toBe(200);
    expect(asLeader.body.canEdit).toBe(false);
    expect((await wc.req('GET', `${P}/${green.id}`)).body.canEdit).toBe(false);
    expect((await cx.req('GET', P)).body.data).toHaveLength(0);
    expect((await cx.req('GET', `${P}/${green.id}`)).status).toBe(404);
    expect((await city.req('GET', `${P}/999999`)).status).toBe(404);
  });

  it('answers 403 to administrators and 401 without a session', async () => {
    expect((await admin.req('GET', P)).status).toBe(403);
    expect((await admin.req('GET', `${P}/${green.id}`)).status).toBe(403);
    expect((await admin.req('POST', P, valid)).status).toBe(403);
    expect((await env.anon('GET', P)).status).toBe(401);
    expect((await env.anon('GET', `${P}/${green.id}`)).status).toBe(401);
    expect((await env.anon('POST', P, valid)).status).toBe(401);
    expect((await env.anon('PATCH', `${P}/${green.id}`, { version: 1, name: 'x' })).status).toBe(401);
    expect((await env.anon('PUT', `${P}/${green.id}/items`, { version: 1, itemIds: [] })).status).toBe(401);
  });
});

describe(`projects: creating and editing (${dialect})`, () => {
  it('lets a host coordinator create a project, audited, visible to the county only once linked', async () => {
    const r = await city.req('POST', P, valid);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: valid.name, fiscalWan: 12.5, selfRaisedWan: 7.5, totalWan: 20, status: 'proposed', version: 1, items: [], canEdit: true });
    const row = await env.db.selectFrom('projects').select(['fiscal_yuan', 'self_raised_yuan']).where('id', '=', r.body.id).executeTakeFirstOrThrow();
    expect([Number(row.fiscal_yuan), Number(row.self_raised_yuan)]).toEqual([125_000, 75_000]);
    const audit = await env.auditRows('project', r.body.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'project.create', username: 'city.coord', after: { name: valid.name, fiscalWan: 12.5 } });
    expect((await wc.req('GET', `${P}/${r.body.id}`)).status).toBe(404);
    const [itemId] = await wangcangItemIds();
    const linked = await city.req('PUT', `${P}/${r.body.id}/items`, { itemIds: [itemId], version: 1 });
    expect(linked.status).toBe(200);
    expect(linked.body.items.map((i: { id: number }) => i.id)).toEqual([itemId]);
    expect(linked.body.version).toBe(2);
    expect((await wc.req('GET', `${P}/${r.body.id}`)).status).toBe(200);
    expect((await env.auditRows('project', r.body.id))[1]).toMatchObject({ action: 'project.update', before: { itemIds: [] }, after: { itemIds: [itemId] } });
  });

  it('refuses creation to everyone but the host coordinators of the host, and without CSRF', async () => {
    const before = await projectCount();
    expect((await wc.req('POST', P, valid)).status).toBe(403);
    expect((await leader.req('POST', P, valid)).status).toBe(403);
    expect((await nyj.req('POST', P, valid)).status).toBe(403);
    // A host coordinator cannot file a project under an organisation outside the own line.
    expect((await city.req('POST', P, { ...valid, hostOrgId: env.orgs['wangcang.gov'] })).status).toBe(403);
    expect((await city.req('POST', P, { ...valid, hostOrgId: 999999 })).status).toBe(403);
    const noCsrf = await city.req('POST', P, valid, { 'x-csrf-token': '' });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('CSRF_INVALID');
    expect(await projectCount()).toBe(before);
  });

  it('rejects bad input with field errors and changes nothing', async () => {
    const before = await projectCount();
    const bad = [
      { ...valid, endDate: '2025-01-01' },
      {
        ...valid,
        outcomes: [
          { kind: 'jobs', target: 1, actual: null },
          { kind: 'jobs', target: 2, actual: null },
        ],
      },
      { ...valid, outcomes: [{ kind: 'cars', target: 1, actual: null }] },
      { ...valid, fiscalWan: 0.00001 },
      { ...valid, fiscalWan: -1 },
      { ...valid, undertakers: [] },
      { ...valid, name: '  ' },
      { ...valid, type: 'secret' },
      { ...valid, milestones: [{ title: 'x', due: '2026-02-30', done: false }] },
      { ...valid, extra: 1 },
    ];
    for (const body of bad) {
      const r = await city.req('POST', P, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(r.body.error.details.length).toBeGreaterThan(0);
    }
    expect((await city.req('POST', P, { ...valid, endDate: '2025-01-01' })).body.error.details[0].field).toBe('body.endDate');
    expect(await projectCount()).toBe(before);
  });

  it('edits with the version, refuses a stale one and lets one of two simultaneous edits win', async () => {
    const p = (await city.req('POST', P, { ...valid, name: '演示：并发修改' })).body;
    expect((await city.req('PATCH', `${P}/${p.id}`, { name: '无版本' })).status).toBe(400);
    const ok = await city.req('PATCH', `${P}/${p.id}`, { version: 1, status: 'approved', fiscalWan: 30, milestones: [{ title: '建成示范茶园', due: '2026-12-31', done: true }] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: 2, status: 'approved', fiscalWan: 30, totalWan: 37.5 });
    const audit = (await env.auditRows('project', p.id)).at(-1)!;
    expect(audit).toMatchObject({ action: 'project.update', before: { status: 'proposed', fiscalWan: 12.5 }, after: { status: 'approved', fiscalWan: 30 } });
    const stale = await city.req('PATCH', `${P}/${p.id}`, { version: 1, name: '过期' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const both = await Promise.all([city.req('PATCH', `${P}/${p.id}`, { version: 2, name: '甲' }), city.req('PATCH', `${P}/${p.id}`, { version: 2, name: '乙' })]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const now = (await city.req('GET', `${P}/${p.id}`)).body;
    expect(now.version).toBe(3);
    expect(now.name).toBe(both.find((r) => r.status === 200)!.body.name);
    // A period turned backwards by a partial edit is refused against the stored start.
    const back = await city.req('PATCH', `${P}/${p.id}`, { version: 3, endDate: '2025-01-01' });
    expect(back.status).toBe(400);
    expect((await city.req('GET', `${P}/${p.id}`)).body.endDate).toBe(valid.endDate);
  });

  it('lets only the host coordinators edit: the county and the leader get 403, another county 404', async () => {
    expect((await wc.req('PATCH', `${P}/${green.id}`, { version: green.version, name: 'x' })).status).toBe(403);
    expect((await leader.req('PATCH', `${P}/${green.id}`, { version: green.version, name: 'x' })).status).toBe(403);
    expect((await cx.req('PATCH', `${P}/${green.id}`, { version: green.version, name: 'x' })).status).toBe(404);
    expect((await admin.req('PATCH', `${P}/${green.id}`, { version: green.version, name: 'x' })).status).toBe(403);
    expect((await wc.req('PUT', `${P}/${green.id}/items`, { version: green.version, itemIds: [] })).status).toBe(403);
    expect((await cx.req('PUT', `${P}/${green.id}/items`, { version: green.version, itemIds: [] })).status).toBe(404);
    expect((await city.req('PATCH', `${P}/${green.id}`, { version: green.version, name: 'x' }, { 'x-csrf-token': '' })).status).toBe(403);
    expect((await city.req('GET', `${P}/${green.id}`)).body).toMatchObject({ name: '绿色家居加工关键技术研发项目', version: green.version });
  });

  it('links only items the caller can see, with the version', async () => {
    const own = (await cxHost.req('POST', P, { ...valid, name: '演示：苍溪项目' })).body;
    expect(own.hostOrg.id).toBe(env.orgs['cangxi.gov']);
    const [wangcangItem] = await wangcangItemIds();
    const cangxiItem = (await cxHost.req('GET', `/api/v1/consultations/${env.consultations.cangxi}/items`)).body.data[0].id;
    const hidden = await cxHost.req('PUT', `${P}/${own.id}/items`, { version: 1, itemIds: [cangxiItem, wangcangItem] });
    expect(hidden.status).toBe(422);
    expect(hidden.body.error.details[0].field).toBe('body.itemIds');
    expect((await cxHost.req('PUT', `${P}/${own.id}/items`, { version: 1, itemIds: [999999] })).status).toBe(422);
    expect((await cxHost.req('GET', `${P}/${own.id}`)).body).toMatchObject({ version: 1, items: [] });
    const ok = await cxHost.req('PUT', `${P}/${own.id}/items`, { version: 1, itemIds: [cangxiItem, cangxiItem] });
    expect(ok.status).toBe(200);
    expect(ok.body.items.map((i: { id: number }) => i.id)).toEqual([cangxiItem]);
    expect((await cxHost.req('PUT', `${P}/${own.id}/items`, { version: 1, itemIds: [] })).status).toBe(409);
    // The bureau's projects are not the 苍溪 government's to see, nor to edit.
    expect((await cxHost.req('GET', `${P}/${green.id}`)).status).toBe(404);
    // The 苍溪 coordinator sits at that host and sees it; 旺苍 does not.
    expect((await cx.req('GET', `${P}/${own.id}`)).status).toBe(200);
    expect((await wc.req('GET', `${P}/${own.id}`)).status).toBe(404);
  });
});
