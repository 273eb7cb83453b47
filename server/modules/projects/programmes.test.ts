import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let city: Agent;
let leader: Agent;
let wc: Agent;
let cx: Agent;
let admin: Agent;
let items: { id: number; title: string; progress: number }[];

interface Prog {
  id: number;
  name: string;
  progress: number;
  canEdit: boolean;
  items: { id: number; weight: number; progress: number }[];
}

const G = '/api/v1/programmes';
const assignUrl = (itemId: number) => `/api/v1/items/${itemId}/programme`;

async function programmes(a: Agent, query = `?consultationId=${env.consultations.wangcang}`): Promise<Prog[]> {
  const r = await a.req('GET', `${G}${query}`);
  expect(r.status).toBe(200);
  return r.body.data;
}
const byName = (list: Prog[], name: string) => list.find((p) => p.name === name)!;

async function assignmentRows(): Promise<number> {
  const r = await env.db
    .selectFrom('programme_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// Tests change the demo: each starts from a fresh copy of it.
beforeEach(async () => {
  env = await createTestEnv();
  city = await env.login('city.coord');
  leader = await env.login('city.leader');
  wc = await env.login('wangcang.coord');
  cx = await env.login('cangxi.coord');
  admin = await env.login('sysadmin');
  items = (await city.req('GET', `/api/v1/consultations/${env.consultations.wangcang}/items?limit=200`)).body.data;
});
afterEach(() => env?.close());

describe(`programmes: the five actions and their roll-up (${dialect})`, () => {
  it('shows the five demo actions with the 旺苍 items and rolled-up progress', async () => {
    const list = await programmes(city);
    expect(list.map((p) => p.name)).toEqual(['创新主体培育行动', '产业创新赋能行动', '科技成果转化行动', '协同创新提升行动', '创新生态优化行动']);
    expect(list.reduce((n, p) => n + p.items.length, 0)).toBe(30);
    // 科技成果转化: items 7 (0%), 13 (50%), 16 (0%) with equal weights.
    const transfer = byName(list, '科技成果转化行动');
    expect(transfer.items.map((i) => i.progress)).toEqual([0, 50, 0]);
    expect(transfer.progress).toBe(17);
    expect(transfer.canEdit).toBe(true);
    const one = await city.req('GET', `${G}/${transfer.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ name: '科技成果转化行动', progress: 17, hostOrg: { name: '广元市科学技术局' } });
    expect(one.body.description).toContain('演示');
  });

  it('shows each item of an action with the same light and reasons as the ledger', async () => {
    const full = (await city.req('GET', `/api/v1/consultations/${env.consultations.wangcang}/items?limit=200`)).body.data as {
      id: number;
      light: string;
      lightReasons: unknown[];
    }[];
    const ledger = new Map(full.map((i) => [i.id, i]));
    const assigned = (await programmes(city)).flatMap((p) => p.items as unknown as { id: number; light: string; lightReasons: unknown[] }[]);
    expect(assigned.length).toBe(30);
    expect(new Set(assigned.map((i) => i.light)).size).toBeGreaterThan(1);
    for (const i of assigned) expect({ light: i.light, lightReasons: i.lightReasons }).toEqual({ light: ledger.get(i.id)!.light, lightReasons: ledger.get(i.id)!.lightReasons });
  });

  it('shows actions to the county through its items, to the leader read-only, not to another county', async () => {
    const list = await programmes(wc);
    expect(list).toHaveLength(5);
    expect(list.every((p) => !p.canEdit)).toBe(true);
    expect((await programmes(leader)).every((p) => !p.canEdit)).toBe(true);
    expect(await programmes(cx, '')).toHaveLength(0);
    expect(await programmes(cx, `?consultationId=${env.consultations.cangxi}`)).toHaveLength(0);
    const id = list[0].id;
    expect((await cx.req('GET', `${G}/${id}`)).status).toBe(404);
    expect((await cx.req('GET', `${G}?consultationId=${env.consultations.wangcang}`)).status).toBe(404);
    expect((await admin.req('GET', G)).status).toBe(403);
    expect((await admin.req('GET', `${G}/${id}`)).status).toBe(403);
    expect((await env.anon('GET', G)).status).toBe(401);
    expect((await env.anon('GET', `${G}/${id}`)).status).toBe(401);
    expect((await city.req('GET', `${G}/999999`)).status).toBe(404);
  });
});

describe(`programmes: creating and assigning (${dialect})`, () => {
  it('lets a host coordinator create an action, once per name and year, audited', async () => {
    const r = await city.req('POST', G, { name: '演示：知识产权保护和运用行动', year: 2026 });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ items: [], progress: 0, year: 2026, canEdit: true });
    expect(await env.auditRows('programme', r.body.id)).toMatchObject([
      { action: 'programme.create', username: 'city.coord', after: { name: '演示：知识产权保护和运用行动', year: 2026 } },
    ]);
    const dup = await city.req('POST', G, { name: '演示：知识产权保护和运用行动', year: 2026 });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('DUPLICATE');
    expect((await city.req('POST', G, { name: '演示：知识产权保护和运用行动', year: 2027 })).status).toBe(201);
    for (const body of [{ name: '', year: 2026 }, { name: 'x', year: 1900 }, { name: 'x' }, { name: 'x', year: 2026, extra: 1 }]) {
      const bad = await city.req('POST', G, body);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('refuses creation to the county, the leader, administrators, anonymous callers and without CSRF', async () => {
    const body = { name: '演示：不应建立', year: 2026 };
    expect((await wc.req('POST', G, body)).status).toBe(403);
    expect((await leader.req('POST', G, body)).status).toBe(403);
    expect((await admin.req('POST', G, body)).status).toBe(403);
    expect((await env.anon('POST', G, body)).status).toBe(401);
    expect((await city.req('POST', G, body, { 'x-csrf-token': '' })).status).toBe(403);
    const n = await env.db.selectFrom('programmes').select('id').where('name', '=', body.name).execute();
    expect(n).toHaveLength(0);
  });

  it('moves an item between actions with a weight; the roll-up follows; every move is audited', async () => {
    const list = await programmes(city);
    const transfer = byName(list, '科技成果转化行动');
    const zeroItem = transfer.items[0].id;
    // Weight 3 on the 50% item: (0 + 50*3 + 0) / 5 = 30.
    const heavy = transfer.items[1].id;
    const r = await city.req('PUT', assignUrl(heavy), { programmeId: transfer.id, weight: 3 });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ itemId: heavy, programmeId: transfer.id, weight: 3, canChange: true });
    expect((await city.req('GET', `${G}/${transfer.id}`)).body.progress).toBe(30);
    expect((await env.auditRows('item', heavy)).at(-1)).toMatchObject({ action: 'programme.assign', before: { weight: 1 }, after: { weight: 3 } });
    // Taking the 0% item out leaves (50*3 + 0) / 4 = 38.
    const out = await city.req('PUT', assignUrl(zeroItem), { programmeId: null });
    expect(out.body).toEqual({ itemId: zeroItem, programmeId: null, weight: null, canChange: true });
    expect((await city.req('GET', `${G}/${transfer.id}`)).body.progress).toBe(38);
    expect((await city.req('GET', assignUrl(zeroItem))).body).toEqual({ itemId: zeroItem, programmeId: null, weight: null, canChange: true });
    expect((await env.auditRows('item', zeroItem)).at(-1)).toMatchObject({ action: 'programme.assign', before: { programmeId: transfer.id }, after: { programmeId: null } });
    // And into another action.
    const eco = byName(list, '创新生态优化行动');
    expect((await city.req('PUT', assignUrl(zeroItem), { programmeId: eco.id, fromProgrammeId: null })).status).toBe(200);
    expect(byName(await programmes(wc), '创新生态优化行动').items.map((i) => i.id)).toContain(zeroItem);
    // The county sees the assignment but is not offered a change, and is refused one.
    expect((await wc.req('GET', assignUrl(zeroItem))).body).toMatchObject({ programmeId: eco.id, canChange: false });
    expect((await wc.req('PUT', assignUrl(zeroItem), { programmeId: null })).status).toBe(403);
  });

  it('refuses assignments by the county, across counties, to unknown actions and with bad weights', async () => {
    const list = await programmes(city);
    const target = list[0];
    const item = items[29].id;
    const before = await assignmentRows();
    expect((await wc.req('PUT', assignUrl(item), { programmeId: target.id })).status).toBe(403);
    expect((await leader.req('PUT', assignUrl(item), { programmeId: target.id })).status).toBe(403);
    expect((await cx.req('PUT', assignUrl(item), { programmeId: target.id })).status).toBe(404);
    expect((await cx.req('GET', assignUrl(item))).status).toBe(404);
    expect((await admin.req('PUT', assignUrl(item), { programmeId: target.id })).status).toBe(403);
    expect((await env.anon('PUT', assignUrl(item), { programmeId: target.id })).status).toBe(401);
    expect((await city.req('PUT', assignUrl(item), { programmeId: target.id }, { 'x-csrf-token': '' })).status).toBe(403);
    const unknown = await city.req('PUT', assignUrl(item), { programmeId: 999999 });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details[0].field).toBe('body.programmeId');
    expect((await city.req('PUT', assignUrl(item), { programmeId: target.id, weight: 0 })).status).toBe(400);
    expect((await city.req('PUT', assignUrl(item), { programmeId: target.id, weight: 1.5 })).status).toBe(400);
    expect((await city.req('PUT', assignUrl(999999), { programmeId: target.id })).status).toBe(404);
    expect(await assignmentRows()).toBe(before);
    // A 苍溪 item cannot join an action a caller cannot edit either.
    const cxItem = (await cx.req('GET', `/api/v1/consultations/${env.consultations.cangxi}/items`)).body.data[0].id;
    expect((await cx.req('PUT', assignUrl(cxItem), { programmeId: target.id })).status).toBe(422);
  });

  it('lets one of two simultaneous assignments from the same state win', async () => {
    const list = await programmes(city);
    const [a, b] = list;
    const item = items[28].id; // in 创新主体培育行动
    const from = list.find((p) => p.items.some((i) => i.id === item))!.id;
    const both = await Promise.all([
      city.req('PUT', assignUrl(item), { programmeId: a.id === from ? b.id : a.id, fromProgrammeId: from }),
      city.req('PUT', assignUrl(item), { programmeId: list[4].id, fromProgrammeId: from }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = both.find((r) => r.status === 200)!.body.programmeId;
    expect((await city.req('GET', assignUrl(item))).body.programmeId).toBe(winner);
    expect((await env.auditRows('item', item)).filter((r) => r.action === 'programme.assign')).toHaveLength(1);
  });
});
