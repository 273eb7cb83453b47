import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let city: Agent;
let cx: Agent;
let W: number;
let C: number;

beforeAll(async () => {
  env = await createTestEnv();
  city = await env.login('city.coord');
  cx = await env.login('cangxi.coord');
  W = env.consultations.wangcang;
  C = env.consultations.cangxi;
});
afterAll(() => env?.close());

async function items(a: Agent, consultationId: number) {
  const r = await a.req('GET', `/api/v1/consultations/${consultationId}/items?limit=200`);
  expect(r.status).toBe(200);
  return r.body.data as { id: number; version: number; deadline: string | null; ongoing: boolean; status: string; domain: string }[];
}

const versionsOf = (list: { id: number; version: number }[]) => Object.fromEntries(list.map((i) => [String(i.id), i.version]));

describe(`items: bulk change (${dialect})`, () => {
  it('moves five items’ deadline in one go, one audit row each', async () => {
    // The 苍溪 list is still being negotiated, so its deadlines may change directly.
    const five = (await items(city, C)).filter((i) => !i.ongoing).slice(0, 5);
    expect(five).toHaveLength(5);
    const r = await city.req('POST', '/api/v1/items/bulk', { itemIds: five.map((i) => i.id), change: { deadline: '2027-06-29' }, versions: versionsOf(five) });
    expect(r.status).toBe(200);
    expect(r.body.refused).toEqual([]);
    expect(r.body.changed.map((c: { id: number }) => c.id)).toEqual(five.map((i) => i.id));
    const after = new Map((await items(city, C)).map((i) => [i.id, i]));
    for (const i of five) {
      expect(after.get(i.id)).toMatchObject({ deadline: '2027-06-29', version: i.version + 1 });
      // The file's tests share one database and run in any order: count this change's rows only.
      const audit = (await env.auditRows('item', i.id)).filter((a) => a.action === 'item.update' && (a.after as { deadline?: string } | null)?.deadline === '2027-06-29');
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ username: 'city.coord', after: { deadline: '2027-06-29' } });
    }
  });

  it('refuses a stale version for that item only', async () => {
    const [a, b, c] = await items(cx, C);
    const versions = { ...versionsOf([a, b, c]), [String(b.id)]: b.version - 1 < 1 ? b.version + 5 : b.version - 1 };
    const r = await cx.req('POST', '/api/v1/items/bulk', { itemIds: [a.id, b.id, c.id], change: { domain: '综合' }, versions });
    expect(r.status).toBe(200);
    expect(r.body.changed.map((x: { id: number }) => x.id)).toEqual([a.id, c.id]);
    expect(r.body.refused).toEqual([{ id: b.id, code: 'ITEM_VERSION_CONFLICT', status: 409, message: expect.any(String) }]);
    const after = new Map((await items(cx, C)).map((i) => [i.id, i]));
    expect(after.get(a.id)!.domain).toBe('综合');
    expect(after.get(b.id)).toMatchObject({ domain: b.domain, version: b.version });
  });

  it('refuses another county’s item as not found, and leaves it untouched', async () => {
    const [own] = await items(cx, C);
    const [theirs] = await items(city, W);
    const missing = 987654;
    const r = await cx.req('POST', '/api/v1/items/bulk', {
      itemIds: [own.id, theirs.id, missing],
      change: { status: 'in_progress' },
      versions: { ...versionsOf([own, theirs]), [String(missing)]: 1 },
    });
    expect(r.status).toBe(200);
    expect(r.body.changed.map((x: { id: number }) => x.id)).toEqual([own.id]);
    // Another county's item and one that does not exist are refused in the very same words.
    const [t, m] = r.body.refused;
    expect(t).toMatchObject({ id: theirs.id, code: 'NOT_FOUND', status: 404 });
    expect(m).toMatchObject({ id: missing, code: 'NOT_FOUND', status: 404 });
    expect(t.message).toBe(m.message);
    const untouched = (await items(city, W)).find((i) => i.id === theirs.id)!;
    expect(untouched).toMatchObject({ version: theirs.version, status: theirs.status });
    expect((await env.auditRows('item', theirs.id)).filter((a) => a.action === 'item.update' && a.username === 'cangxi.coord')).toEqual([]);
  });

  it('refuses on an adopted list what a single edit refuses (deadline), and applies what it allows (status)', async () => {
    const two = (await items(city, W)).filter((i) => !i.ongoing && i.status !== 'completed').slice(0, 2);
    const single = await city.req('PATCH', `/api/v1/items/${two[0].id}`, { deadline: '2028-01-31', version: two[0].version });
    expect(single.status).toBe(409);
    const moved = await city.req('POST', '/api/v1/items/bulk', { itemIds: two.map((i) => i.id), change: { deadline: '2028-01-31' }, versions: versionsOf(two) });
    expect(moved.status).toBe(200);
    expect(moved.body.changed).toEqual([]);
    expect(moved.body.refused.map((x: { code: string }) => x.code)).toEqual([single.body.error.code, single.body.error.code]);
    const status = await city.req('POST', '/api/v1/items/bulk', { itemIds: two.map((i) => i.id), change: { status: 'delayed' }, versions: versionsOf(two) });
    expect(status.body).toMatchObject({ refused: [], changed: two.map((i) => ({ id: i.id, version: i.version + 1 })) });
  });

  it('moves the lead unit to a unit of the consultation, and refuses one from another county per item', async () => {
    const [a, b] = await items(city, C);
    const moved = await city.req('POST', '/api/v1/items/bulk', { itemIds: [a.id, b.id], change: { leadUnitId: env.orgs['cangxi.nyj'] }, versions: versionsOf([a, b]) });
    expect(moved.body.refused).toEqual([]);
    const after = new Map((await items(city, C)).map((i) => [i.id, i as unknown as { leadUnitId: number }]));
    expect([after.get(a.id)!.leadUnitId, after.get(b.id)!.leadUnitId]).toEqual([env.orgs['cangxi.nyj'], env.orgs['cangxi.nyj']]);
    const fresh = (await items(city, C)).filter((i) => i.id === a.id);
    const foreign = await city.req('POST', '/api/v1/items/bulk', { itemIds: [a.id], change: { leadUnitId: env.orgs['wangcang.nyj'] }, versions: versionsOf(fresh) });
    expect(foreign.body).toMatchObject({ changed: [], refused: [{ id: a.id, code: 'VALIDATION_FAILED', status: 400 }] });
  });

  it('refuses a unit reporter before reading the request, and anyone signed out', async () => {
    const reporter = await env.login('wangcang.nyj');
    const [one] = await items(reporter, W);
    const r = await reporter.req('POST', '/api/v1/items/bulk', { itemIds: [one.id], change: { status: 'completed' }, versions: versionsOf([one]) });
    expect(r.status).toBe(403);
    expect((await env.anon('POST', '/api/v1/items/bulk', { itemIds: [one.id], change: { status: 'completed' }, versions: versionsOf([one]) })).status).toBe(401);
    expect((await items(city, W)).find((i) => i.id === one.id)!.version).toBe(one.version);
  });

  it('answers bad input with 400: no change, two changes, a missing version, too many items', async () => {
    const [one] = await items(city, C);
    const v = versionsOf([one]);
    for (const body of [
      { itemIds: [one.id], change: {}, versions: v },
      { itemIds: [one.id], change: { domain: '综合', status: 'delayed' }, versions: v },
      { itemIds: [one.id], change: { status: 'delayed' }, versions: {} },
      { itemIds: [one.id, one.id], change: { status: 'delayed' }, versions: v },
      { itemIds: [], change: { status: 'delayed' }, versions: {} },
      { itemIds: Array.from({ length: 201 }, (_, i) => i + 1), change: { status: 'delayed' }, versions: {} },
      { itemIds: [one.id], change: { deadline: '2027-02-30' }, versions: v },
    ]) {
      expect((await city.req('POST', '/api/v1/items/bulk', body)).status).toBe(400);
    }
    const unknownDomain = await city.req('POST', '/api/v1/items/bulk', { itemIds: [one.id], change: { domain: '没有这个领域' }, versions: v });
    expect(unknownDomain.body.refused).toMatchObject([{ id: one.id, code: 'UNKNOWN_DOMAIN' }]);
  });
});
