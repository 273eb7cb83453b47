import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let wc: Agent;
let city: Agent;
let cx: Agent;
let W: number;
let C: number;
let cangxiItem: number;

beforeAll(async () => {
  env = await createTestEnv();
  wc = await env.login('wangcang.coord');
  city = await env.login('city.coord');
  cx = await env.login('cangxi.coord');
  W = env.consultations.wangcang;
  C = env.consultations.cangxi;
  // The 苍溪 list is still being negotiated, so its agreed fields may change.
  cangxiItem = (await cx.req('GET', `/api/v1/consultations/${C}/items`)).body.data[2].id;
});
afterAll(() => env?.close());

async function all(a: Agent, url: string) {
  const r = await a.req('GET', url);
  expect(r.status).toBe(200);
  return r.body.data as any[];
}

describe(`items: the list (${dialect})`, () => {
  it('tells an empty page of a visible consultation from one out of scope or missing', async () => {
    const none = await wc.req('GET', `/api/v1/consultations/${W}/items?domain=${encodeURIComponent('没有这个领域')}`);
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ data: [], nextCursor: null });
    // 苍溪's list has items of every category, but 旺苍 may not see it: the filter must not make it an empty 200.
    expect((await wc.req('GET', `/api/v1/consultations/${C}/items?category=direct_support`)).status).toBe(404);
    expect((await wc.req('GET', `/api/v1/consultations/${C}/items?q=${encodeURIComponent('科技')}`)).status).toBe(404);
    expect((await wc.req('GET', `/api/v1/consultations/999999/items`)).status).toBe(404);
    expect((await city.req('GET', `/api/v1/consultations/999999/items?domain=x`)).status).toBe(404);
    expect((await cx.req('GET', `/api/v1/consultations/${C}/items?category=direct_support`)).body.data.length).toBeGreaterThan(0);
  });

  it('holds the 30 ledger items in ledger order, 10 per category, every field as the ledger has it', async () => {
    const items = await all(wc, `/api/v1/consultations/${W}/items?limit=200`);
    expect(items).toHaveLength(30);
    expect(items.slice(0, 10).every((i) => i.category === 'direct_support')).toBe(true);
    expect(items.slice(10, 20).every((i) => i.category === 'joint_promotion')).toBe(true);
    expect(items.slice(20).every((i) => i.category === 'joint_pursuit')).toBe(true);
    const first = items[0];
    expect(first).toMatchObject({
      title: '支持实施“农业双碳循环经济示范”科技项目',
      content: '在嘉川镇建设种养循环示范点2个，推广秸秆、畜禽粪污资源化利用技术',
      domain: '农业农村',
      leadUnit: '广元市科学技术局农村科技科',
      coUnits: ['旺苍县经济信息化和科学技术局', '旺苍县农业农村局'],
      // 2024-12-31 in a ledger filled on 2024-09-30, moved so that date lies two months before today.
      deadline: '2026-12-31',
      ongoing: false,
      fundingWan: 50,
    });
    const ongoing = items.find((i) => i.title === '指导科技型中小企业入库评价工作');
    expect(ongoing).toMatchObject({ deadline: null, ongoing: true, fundingWan: null });
    expect(items.find((i) => i.title === '争取中央引导地方科技发展资金').fundingWan).toBe(500);
    const finance = items.find((i) => i.title === '推动县域科技金融服务');
    expect(finance.coUnits).toEqual(['广元市科学技术局', '中国人民银行旺苍县支行']);
    // The item's own page: the same units in the same order.
    const page = (await wc.req('GET', `/api/v1/items/${finance.id}`)).body;
    expect([page.coUnits, page.coUnitIds]).toEqual([finance.coUnits, finance.coUnitIds]);
  });

  it('filters by category, domain, status, lead unit and keyword', async () => {
    const base = `/api/v1/consultations/${W}/items?limit=200`;
    expect(await all(wc, `${base}&category=joint_pursuit`)).toHaveLength(10);
    const agri = await all(wc, `${base}&domain=${encodeURIComponent('农业农村')}`);
    expect(agri).toHaveLength(6);
    expect(agri.every((i) => i.domain === '农业农村')).toBe(true);
    expect((await all(wc, `${base}&status=completed`)).map((i) => i.title)).toEqual(['支持旺苍农业科技园区提升建设']);
    const furniture = await all(wc, `${base}&q=${encodeURIComponent('绿色家居')}`);
    expect(furniture).toHaveLength(4);
    const hightech = env.orgs['bureau.hightech'];
    const led = await all(wc, `${base}&leadUnitId=${hightech}`);
    expect(led).toHaveLength(5);
    expect(led.every((i) => i.leadUnitId === hightech)).toBe(true);
    expect(await all(wc, `${base}&category=direct_support&domain=${encodeURIComponent('高新技术')}`)).toHaveLength(3);
    expect(await all(wc, `${base}&q=${encodeURIComponent('100%_')}`)).toHaveLength(0);
    expect((await wc.req('GET', `${base}&category=other`)).status).toBe(400);
  });

  it('pages by cursor without gaps or repeats', async () => {
    const full = (await all(wc, `/api/v1/consultations/${W}/items?limit=200`)).map((i) => i.id);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: { status: number; body: any } = await wc.req('GET', `/api/v1/consultations/${W}/items?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      seen.push(...r.body.data.map((i: { id: number }) => i.id));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toEqual(full);
  });

  it('counts per category, status and domain on the consultation', async () => {
    const r = await wc.req('GET', `/api/v1/consultations/${W}`);
    expect(r.body.counts.total).toBe(30);
    expect(r.body.counts.byCategory).toEqual({ direct_support: 10, joint_promotion: 10, joint_pursuit: 10 });
    expect(r.body.counts.byStatus.completed).toBe(1);
    expect(r.body.counts.byDomain['农业农村']).toBe(6);
    expect(Object.values(r.body.counts.byStatus as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(30);
  });
});

describe(`items: editing (${dialect})`, () => {
  it('updates with the current version, bumps it, and records before/after in the audit', async () => {
    const item = (await wc.req('GET', '/api/v1/items/2')).body;
    const r = await wc.req('PATCH', '/api/v1/items/2', { version: item.version, responsible: '李四', progress: 45, status: 'in_progress' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ responsible: '李四', progress: 45, version: item.version + 1 });
    const audit = await env.auditRows('item', 2);
    expect(audit.at(-1)).toMatchObject({
      action: 'item.update',
      username: 'wangcang.coord',
      before: { responsible: '', progress: 30 },
      after: { responsible: '李四', progress: 45 },
    });
  });

  it('refuses a stale version with 409 and changes nothing', async () => {
    const item = (await wc.req('GET', '/api/v1/items/3')).body;
    expect((await wc.req('PATCH', '/api/v1/items/3', { version: item.version, responsible: '第一' })).status).toBe(200);
    const stale = await city.req('PATCH', '/api/v1/items/3', { version: item.version, responsible: '第二' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('ITEM_VERSION_CONFLICT');
    const now = (await wc.req('GET', '/api/v1/items/3')).body;
    expect(now.responsible).toBe('第一');
    expect(now.version).toBe(item.version + 1);
  });

  it('accepts the version as If-Match and requires a version', async () => {
    const item = (await wc.req('GET', '/api/v1/items/4')).body;
    const r = await wc.req('PATCH', '/api/v1/items/4', { responsible: '王五' }, { 'if-match': `"${item.version}"` });
    expect(r.status).toBe(200);
    const stale = await wc.req('PATCH', '/api/v1/items/4', { responsible: '赵六' }, { 'if-match': `"${item.version}"` });
    expect(stale.status).toBe(409);
    const missing = await wc.req('PATCH', '/api/v1/items/4', { responsible: '赵六' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].field).toBe('body.version');
  });

  it('lets exactly one of two simultaneous edits of one version win', async () => {
    const item = (await wc.req('GET', '/api/v1/items/5')).body;
    const results = await Promise.all([
      wc.req('PATCH', '/api/v1/items/5', { version: item.version, responsible: '甲' }),
      city.req('PATCH', '/api/v1/items/5', { version: item.version, responsible: '乙' }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!.body.responsible;
    expect((await wc.req('GET', '/api/v1/items/5')).body).toMatchObject({ responsible: winner, version: item.version + 1 });
    expect((await env.auditRows('item', 5)).filter((a) => a.action === 'item.update')).toHaveLength(1);
  });

  it('changes units by name and by id, and clears a deadline when the item becomes ongoing', async () => {
    const item = (await cx.req('GET', `/api/v1/items/${cangxiItem}`)).body;
    const r = await cx.req('PATCH', `/api/v1/items/${cangxiItem}`, {
      version: item.version,
      leadUnit: '县经济信息化和科学技术局',
      coUnitIds: [env.orgs['bureau.transfer'], env.orgs['cangxi.nyj']],
      ongoing: true,
      deadline: null,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      leadUnit: '苍溪县经济信息化和科学技术局',
      coUnits: ['广元市科学技术局成果转化科', '苍溪县农业农村局'],
      ongoing: true,
      deadline: null,
    });
    const bad = await cx.req('PATCH', `/api/v1/items/${cangxiItem}`, { version: r.body.version, ongoing: false, deadline: '2027-02-30' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('body.deadline');
  });

  it('refuses unknown units, unknown domains, lead-as-cooperator and over-precise funding', async () => {
    const item = (await cx.req('GET', `/api/v1/items/${cangxiItem + 1}`)).body;
    const unit = await cx.req('PATCH', `/api/v1/items/${cangxiItem + 1}`, { version: item.version, leadUnit: '不存在的单位' });
    expect(unit.status).toBe(422);
    expect(unit.body.error.code).toBe('UNKNOWN_UNIT');
    const domain = await cx.req('PATCH', `/api/v1/items/${cangxiItem + 1}`, { version: item.version, domain: '航天' });
    expect(domain.status).toBe(422);
    expect(domain.body.error.code).toBe('UNKNOWN_DOMAIN');
    const same = await cx.req('PATCH', `/api/v1/items/${cangxiItem + 1}`, { version: item.version, leadUnitId: env.orgs['cangxi.nyj'], coUnitIds: [env.orgs['cangxi.nyj']] });
    expect(same.status).toBe(400);
    const money = await cx.req('PATCH', `/api/v1/items/${cangxiItem + 1}`, { version: item.version, fundingWan: 1.23456 });
    expect(money.status).toBe(400);
    const fine = await cx.req('PATCH', `/api/v1/items/${cangxiItem + 1}`, { version: item.version, fundingWan: 0.0001 });
    expect(fine.status).toBe(200);
    expect(fine.body.fundingWan).toBe(0.0001);
    expect((await cx.req('GET', `/api/v1/items/${cangxiItem + 1}`)).body.version).toBe(item.version + 1);
  });

  it('locks the agreed fields of an adopted list and leaves the others editable', async () => {
    const item = (await wc.req('GET', '/api/v1/items/10')).body;
    const locked = await wc.req('PATCH', '/api/v1/items/10', { version: item.version, deadline: '2027-12-31', responsible: '张三' });
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe('ITEM_AGREED_LOCKED');
    expect(locked.body.error.details.fields).toEqual(['deadline']);
    expect((await wc.req('GET', '/api/v1/items/10')).body).toMatchObject({ deadline: item.deadline, responsible: item.responsible, version: item.version });
    const free = await wc.req('PATCH', '/api/v1/items/10', { version: item.version, responsible: '张三', progress: 70, domain: '综合' });
    expect(free.status).toBe(200);
  });

  it('matches a short unit name to the unit of the consultation’s own county', async () => {
    const r = await cx.req('POST', `/api/v1/consultations/${C}/items`, {
      title: '推动猕猴桃冷链物流技术示范',
      category: 'joint_promotion',
      domain: '农业农村',
      leadUnit: '县农业农村局',
      coUnits: ['市科技局农村科技科'],
      deadline: '2027-06-30',
      fundingWan: 12.5,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ leadUnit: '苍溪县农业农村局', coUnits: ['广元市科学技术局农村科技科'], fundingWan: 12.5, status: 'not_started', progress: 0 });
    expect(r.body.sortOrder).toBe(3);
  });

  it('refuses to add or delete items once the list is adopted', async () => {
    const add = await wc.req('POST', `/api/v1/consultations/${W}/items`, { title: '新事项', category: 'direct_support', domain: '综合' });
    expect(add.status).toBe(409);
    expect(add.body.error.code).toBe('CONSULTATION_LOCKED');
    const del = await wc.req('DELETE', '/api/v1/items/9');
    expect(del.status).toBe(409);
    expect((await wc.req('GET', `/api/v1/consultations/${W}`)).body.counts.total).toBe(30);
  });

  it('refuses a deadline on an ongoing item', async () => {
    const r = await cx.req('POST', `/api/v1/consultations/${C}/items`, { title: '长期事项', category: 'joint_pursuit', domain: '综合', ongoing: true, deadline: '2027-01-31' });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].field).toBe('body.deadline');
  });

  it('deletes a draft item softly: gone from the list, kept with its audit trail', async () => {
    const created = await cx.req('POST', `/api/v1/consultations/${C}/items`, { title: '待删除事项', category: 'direct_support', domain: '综合' });
    const stale = await cx.req('DELETE', `/api/v1/items/${created.body.id}?version=${created.body.version + 1}`);
    expect(stale.status).toBe(409);
    const del = await cx.req('DELETE', `/api/v1/items/${created.body.id}?version=${created.body.version}`);
    expect(del.status).toBe(200);
    const list = await all(cx, `/api/v1/consultations/${C}/items?limit=200`);
    expect(list.map((i) => i.id)).not.toContain(created.body.id);
    const row = await env.db.selectFrom('items').select('deleted_at').where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
    const audit = await env.auditRows('item', created.body.id);
    expect(audit.map((a) => a.action)).toEqual(['item.create', 'item.delete']);
    expect(audit[1].before.title).toBe('待删除事项');
  });
});
