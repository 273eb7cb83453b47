import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

// 上下联动. Each test works on its own province item (the seed links four), so any order holds:
// 园区 (1) gets a new child, 特派员 (2) sees a child change, 企业培育 (3) is unlinked and relinked,
// 重点研发 (4) is only read.
const PARK = '支持广元市农业科技园区提档升级';
const ENVOYS = '支持科技特派员服务秦巴山区特色产业';
const FIRMS = '推动科技型企业梯度培育';
const RND = '支持广元市承担省级重点研发计划项目';

let env: TestEnv;
let province: Agent;
let city: Agent;
let cityGov: Agent;
let wc: Agent;
let cx: Agent;
let nyj: Agent;
let P: number;
let W: number;
let C: number;

beforeAll(async () => {
  env = await createTestEnv();
  [province, city, cityGov, wc, cx, nyj] = await Promise.all(
    ['province.coord', 'city.coord', 'guangyuan.coord', 'wangcang.coord', 'cangxi.coord', 'wangcang.nyj'].map((u) => env.login(u)),
  );
  P = env.consultations.province;
  W = env.consultations.wangcang;
  C = env.consultations.cangxi;
});
afterAll(() => env?.close());

async function itemId(a: Agent, consultationId: number, title: string): Promise<number> {
  const r = await a.req('GET', `/api/v1/consultations/${consultationId}/items?limit=200`);
  expect(r.status).toBe(200);
  const item = (r.body.data as { id: number; title: string }[]).find((i) => i.title === title);
  expect(item, title).toBeDefined();
  return item!.id;
}

async function detail(a: Agent, id: number) {
  const r = await a.req('GET', `/api/v1/items/${id}`);
  expect(r.status).toBe(200);
  return r.body;
}

describe(`linked items: reading (${dialect})`, () => {
  it('the parent lists its children from both counties with their lights, and rolls them up', async () => {
    const parent = await detail(province, await itemId(province, P, ENVOYS));
    expect(parent.links.parent).toBeNull();
    expect(parent.links.children.map((c: any) => [c.consultationId, c.title, c.partnerOrgs])).toEqual([
      [W, '选派科技特派员团队服务黄茶产业', ['旺苍县人民政府']],
      [C, '选派科技特派员服务猕猴桃产业', ['苍溪县人民政府']],
    ]);
    for (const c of parent.links.children) {
      expect(['green', 'yellow', 'red', 'none']).toContain(c.light);
      expect(c.consultationTitle).toMatch(/局县科技会商$/);
    }
    const { rollUp } = parent.links;
    expect(rollUp.total).toBe(2);
    expect(rollUp.lights.green + rollUp.lights.yellow + rollUp.lights.red + rollUp.lights.none).toBe(2);
    // The same reader on the city side (广元市人民政府) and in the bureau gets the same children.
    expect((await detail(cityGov, parent.id)).links.children).toEqual(parent.links.children);
    expect((await detail(city, parent.id)).links.children).toEqual(parent.links.children);
  });

  it('a child shows its parent; a county may not open it nor see its other county’s children', async () => {
    const parentId = await itemId(province, P, RND);
    const own = await itemId(wc, W, '争取省级重点研发计划项目落地');
    const child = await detail(wc, own);
    expect(child.links.parent).toEqual({ id: parentId, title: RND, consultationId: P, consultationTitle: '四川省科学技术厅 广元市人民政府 厅市科技会商', readable: false });
    expect(child.links.children).toEqual([]);
    expect(child.links.rollUp).toBeNull();
    // The province's consultation, its item and its other children do not exist for the county.
    expect((await wc.req('GET', `/api/v1/items/${parentId}`)).status).toBe(404);
    expect((await wc.req('GET', `/api/v1/consultations/${P}`)).status).toBe(404);
    expect((await wc.req('GET', `/api/v1/consultations/${P}/items`)).status).toBe(404);
    expect((await wc.req('GET', `/api/v1/items/${parentId}/breakdown-targets`)).status).toBe(404);
    const sibling = await itemId(cx, C, '争取省级重点研发计划支持猕猴桃精深加工');
    expect((await wc.req('GET', `/api/v1/items/${sibling}`)).status).toBe(404);
    // The bureau and the province open the parent.
    expect((await detail(city, own)).links.parent.readable).toBe(true);
    expect((await detail(province, own)).links.parent.readable).toBe(true);
  });

  it('a child whose parent was deleted shows no parent', async () => {
    const parentId = await itemId(province, P, RND);
    const own = await itemId(wc, W, '争取省级重点研发计划项目落地');
    expect((await detail(wc, own)).links.parent).toMatchObject({ id: parentId });
    // Straight in the database: a parent with live children is not deleted through the API.
    await env.db.updateTable('items').set({ deleted_at: env.clock.now().toISOString() }).where('id', '=', parentId).execute();
    try {
      expect((await detail(wc, own)).links.parent).toBeNull();
    } finally {
      await env.db.updateTable('items').set({ deleted_at: null }).where('id', '=', parentId).execute();
    }
  });

  it('scope follows the tree: the province reads every consultation below it, a county only its own', async () => {
    const ids = async (a: Agent) => ((await a.req('GET', '/api/v1/consultations?limit=100')).body.data as { id: number }[]).map((c) => c.id).sort((x, y) => x - y);
    expect(await ids(province)).toEqual([W, C, P].sort((x, y) => x - y));
    expect(await ids(cityGov)).toEqual([W, C, P].sort((x, y) => x - y));
    expect(await ids(city)).toEqual([W, C, P].sort((x, y) => x - y));
    expect(await ids(wc)).toEqual([W]);
    expect(await ids(cx)).toEqual([C]);
    // Reading is not writing: the bureau sits at neither side of the province's table.
    const parent = await detail(city, await itemId(city, P, RND));
    const edit = await city.req('PATCH', `/api/v1/items/${parent.id}`, { progress: 10, version: parent.version });
    expect(edit.status).toBe(403);
    // The search of a county finds nothing of the province's consultation.
    const found = await wc.req('GET', `/api/v1/search?q=${encodeURIComponent('重点研发计划')}`);
    expect(found.status).toBe(200);
    expect(JSON.stringify(found.body)).not.toContain(RND);
    expect(JSON.stringify(found.body)).not.toContain('猕猴桃');
  });

  it('the breakdown targets are the consultations one level down the caller may work in', async () => {
    const parentId = await itemId(province, P, RND);
    const targets = async (a: Agent) => ((await a.req('GET', `/api/v1/items/${parentId}/breakdown-targets`)).body.data as any[]).map((t) => [t.id, t.canCreate]);
    // 苍溪's list is still open, 旺苍's adopted: a new item only in 苍溪, a link in either.
    expect(await targets(city)).toEqual([
      [W, false],
      [C, true],
    ]);
    // The province follows its own item: it may link, not add to a county's list.
    expect(await targets(province)).toEqual([
      [W, false],
      [C, false],
    ]);
    // A county item has no level below it in the demo.
    const county = await itemId(wc, W, '争取省级重点研发计划项目落地');
    expect((await wc.req('GET', `/api/v1/items/${county}/breakdown-targets`)).body.data).toEqual([]);
    expect((await nyj.req('GET', `/api/v1/items/${parentId}/breakdown-targets`)).status).toBe(404);
  });
});

describe(`linked items: changes (${dialect})`, () => {
  it('a county’s change to its item shows on the parent at once', async () => {
    const parentId = await itemId(province, P, ENVOYS);
    const childId = await itemId(wc, W, '选派科技特派员团队服务黄茶产业');
    const child = await detail(wc, childId);
    const progress = child.progress === 77 ? 78 : 77;
    const r = await wc.req('PATCH', `/api/v1/items/${childId}`, { status: 'in_progress', progress, version: child.version });
    expect(r.status).toBe(200);
    const seen = (await detail(province, parentId)).links.children.find((c: any) => c.id === childId);
    expect(seen).toMatchObject({ status: 'in_progress', progress, light: r.body.light, version: r.body.version });
    const other = (await detail(province, parentId)).links.children.find((c: any) => c.id !== childId);
    const expected = Math.round(((other.status === 'completed' ? 100 : other.progress) + progress) / 2);
    expect((await detail(province, parentId)).links.rollUp.progress).toBe(expected);
  });

  it('unlinks and relinks a child, version-checked and audited; refuses a second parent', async () => {
    const parentId = await itemId(province, P, FIRMS);
    const childId = await itemId(city, W, '指导科技型中小企业入库评价工作');
    const before = await detail(city, childId);
    expect(before.links.parent.id).toBe(parentId);
    const off = await city.req('PUT', `/api/v1/items/${childId}/parent`, { parentItemId: null, version: before.version });
    expect(off.status).toBe(200);
    expect(off.body.version).toBe(before.version + 1);
    expect((await detail(province, parentId)).links.children.map((c: any) => c.id)).not.toContain(childId);
    // The stale version is refused, the current one accepted.
    const stale = await city.req('PUT', `/api/v1/items/${childId}/parent`, { parentItemId: parentId, version: before.version });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('ITEM_VERSION_CONFLICT');
    const on = await province.req('PUT', `/api/v1/items/${childId}/parent`, { parentItemId: parentId, version: off.body.version });
    expect(on.status).toBe(200);
    expect((await detail(province, parentId)).links.children.map((c: any) => c.id)).toContain(childId);
    const audit = (await env.auditRows('item', childId)).filter((a) => a.action === 'item.link');
    expect(audit.map((a) => [a.username, a.before.parentItemId, a.after.parentItemId])).toEqual(
      expect.arrayContaining([
        ['city.coord', parentId, null],
        ['province.coord', null, parentId],
      ]),
    );
    // Linked here, it may not join another parent before it leaves this one.
    const other = await itemId(province, P, PARK);
    const twice = await city.req('PUT', `/api/v1/items/${childId}/parent`, { parentItemId: other, version: on.body.version });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ITEM_ALREADY_LINKED');
  });

  it('refuses a link at the wrong level, to itself, or by whoever may not make it', async () => {
    const parentId = await itemId(province, P, RND);
    const county = await detail(wc, await itemId(wc, W, '推动红色旅游与科技融合示范'));
    const sameLevel = await itemId(wc, W, '推动县域科技人才引育');
    const level = await city.req('PUT', `/api/v1/items/${county.id}/parent`, { parentItemId: sameLevel, version: county.version });
    expect(level.status).toBe(422);
    expect(level.body.error.code).toBe('ITEM_LINK_LEVEL');
    // Upward: the province's item under a county's.
    const up = await detail(province, parentId);
    const upward = await province.req('PUT', `/api/v1/items/${parentId}/parent`, { parentItemId: county.id, version: up.version });
    expect(upward.status).toBe(422);
    expect(upward.body.error.code).toBe('ITEM_LINK_LEVEL');
    const self = await city.req('PUT', `/api/v1/items/${county.id}/parent`, { parentItemId: county.id, version: county.version });
    expect(self.status).toBe(422);
    expect(self.body.error.code).toBe('ITEM_LINK_CYCLE');
    // A county does not see the province's item: absent, not forbidden.
    const blind = await wc.req('PUT', `/api/v1/items/${county.id}/parent`, { parentItemId: parentId, version: county.version });
    expect(blind.status).toBe(404);
    // Another county's coordinator does not see the item at all; a unit's reporter may not link.
    expect((await cx.req('PUT', `/api/v1/items/${county.id}/parent`, { parentItemId: parentId, version: county.version })).status).toBe(404);
    expect((await nyj.req('PUT', `/api/v1/items/${county.id}/parent`, { parentItemId: parentId, version: county.version })).status).toBe(403);
    expect((await env.anon('PUT', `/api/v1/items/${county.id}/parent`, { parentItemId: parentId, version: county.version })).status).toBe(401);
    expect((await city.req('PUT', `/api/v1/items/${county.id}/parent`, { parentItemId: 'x', version: county.version })).status).toBe(400);
    expect((await city.req('PUT', `/api/v1/items/${county.id}/parent`, { parentItemId: 999999, version: county.version })).status).toBe(404);
    expect((await detail(wc, county.id)).links.parent).toBeNull();
  });

  it('breaks an item down into a new item of an open county list, in one audited step', async () => {
    const parentId = await itemId(province, P, PARK);
    const item = { category: 'joint_promotion', title: '推动猕猴桃科技示范园建设（分解）', domain: '农业农村' };
    const r = await city.req('POST', `/api/v1/items/${parentId}/children`, { consultationId: C, item });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ consultationId: C, title: item.title, version: 1 });
    const parent = await detail(province, parentId);
    expect(parent.links.children.find((c: any) => c.id === r.body.id)).toMatchObject({ consultationId: C, partnerOrgs: ['苍溪县人民政府'], status: 'not_started' });
    expect((await detail(cx, r.body.id)).links.parent).toMatchObject({ id: parentId, readable: false });
    expect((await env.auditRows('item', r.body.id)).map((a) => a.action).sort()).toEqual(['item.create', 'item.link']);
    // 旺苍's list is adopted: new items come through change requests, not here.
    const locked = await city.req('POST', `/api/v1/items/${parentId}/children`, { consultationId: W, item });
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe('CONSULTATION_LOCKED');
    // The province sits at neither side of 苍溪's table; the county does not see the parent.
    expect((await province.req('POST', `/api/v1/items/${parentId}/children`, { consultationId: C, item })).status).toBe(403);
    expect((await cx.req('POST', `/api/v1/items/${parentId}/children`, { consultationId: C, item })).status).toBe(404);
    // Not one level down: the province's own consultation.
    const same = await cityGov.req('POST', `/api/v1/items/${parentId}/children`, { consultationId: P, item });
    expect(same.status).toBe(409);
    expect((await city.req('POST', `/api/v1/items/${parentId}/children`, { consultationId: C, item: { title: '' } })).status).toBe(400);
  });
});
