import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

// A figure on the dashboard is a promise about a list: clicking it shows exactly that many items.

let env: TestEnv;
let leader: Agent;
beforeAll(async () => {
  env = await createTestEnv();
  leader = await env.login('city.leader');
});
afterAll(() => env?.close());

async function listTotal(agent: Agent, filter: Record<string, string | number>) {
  const qs = new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)]));
  const r = await agent.req('GET', `/api/v1/dashboard/items?${qs}&limit=200`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  // The page and the total agree too, while everything fits one page.
  if (r.body.nextCursor === null) expect(r.body.data).toHaveLength(r.body.total);
  return r.body.total as number;
}

describe(`data dashboard (${dialect})`, () => {
  it('every figure equals the number of items its click lists', async () => {
    const d = (await leader.req('GET', '/api/v1/dashboard')).body;
    expect(d.totals.items).toBeGreaterThan(0);
    expect(await listTotal(leader, {})).toBe(d.totals.items);
    expect(await listTotal(leader, { overdue: 'true' })).toBe(d.totals.overdue);
    expect(await listTotal(leader, { status: 'completed' })).toBe(d.totals.completed);
    for (const c of d.byCategoryLight) expect(await listTotal(leader, { category: c.category, light: c.light }), `${c.category}/${c.light}`).toBe(c.count);
    for (const dom of d.byDomain) expect(await listTotal(leader, { domain: dom.domain })).toBe(dom.total);
    for (const u of d.byLeadUnit) expect(await listTotal(leader, { leadUnitId: u.leadUnit ? u.leadUnit.id : 'none' })).toBe(u.total);
    for (const q of d.completedByQuarter.quarters) expect(await listTotal(leader, { completedIn: q.period })).toBe(q.count);
    expect(await listTotal(leader, { completedIn: 'undated' })).toBe(d.completedByQuarter.undated);
    for (const c of d.byCounty) expect(await listTotal(leader, { countyId: c.county.id })).toBe(c.total);
    const sum = d.byCategoryLight.reduce((s: number, c: { count: number }) => s + c.count, 0);
    expect(sum).toBe(d.totals.items);
  });

  it('keeps to the caller’s scope: a county sees its own consultation only', async () => {
    const all = (await leader.req('GET', '/api/v1/dashboard?year=' + new Date().getFullYear())).body;
    const wc = await env.login('wangcang.coord');
    const own = (await wc.req('GET', '/api/v1/dashboard')).body;
    expect(own.options.consultations.every((c: { counties: { name: string }[] }) => c.counties.every((k) => k.name === '旺苍县'))).toBe(true);
    expect(own.byCounty.map((c: { county: { name: string } }) => c.county.name)).toEqual(['旺苍县']);
    const cangxi = env.consultations.cangxi;
    expect((await wc.req('GET', `/api/v1/dashboard?consultationId=${cangxi}`)).status).toBe(404);
    expect((await wc.req('GET', '/api/v1/dashboard?consultationId=999999')).status).toBe(404);
    expect(all.options.years.length).toBeGreaterThan(0);
    const admin = await env.login('sysadmin');
    expect((await admin.req('GET', '/api/v1/dashboard')).status).toBe(403);
  });

  it('narrows to one consultation, and its figures add up within it', async () => {
    const id = env.consultations.wangcang;
    const d = (await leader.req('GET', `/api/v1/dashboard?consultationId=${id}`)).body;
    expect(d.consultationIds).toEqual([id]);
    expect(await listTotal(leader, { consultationId: id, light: 'red' })).toBe(d.totals.byLight.red);
    expect(d.byCounty).toHaveLength(1);
  });
});
