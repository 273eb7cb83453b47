import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let wc: Agent;
let cx: Agent;
let admin: Agent;
let itemId: number;

beforeAll(async () => {
  env = await createTestEnv();
  wc = await env.login('wangcang.coord');
  cx = await env.login('cangxi.coord');
  admin = await env.login('sysadmin');
  // The 旺苍 item with the most reports in the demo data: a history of several periods.
  const row = await env.db
    .selectFrom('progress_reports as r')
    .innerJoin('items as i', 'i.id', 'r.item_id')
    .select(['r.item_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('i.consultation_id', '=', env.consultations.wangcang)
    .groupBy('r.item_id')
    .orderBy('n', 'desc')
    .orderBy('r.item_id')
    .executeTakeFirstOrThrow();
  itemId = row.item_id;
});
afterAll(() => env?.close());

describe(`GET /items/:id?include=reports (${dialect})`, () => {
  it('answers the item and the same reports the report list gives, newest period first, in one request', async () => {
    const one = await wc.req('GET', `/api/v1/items/${itemId}?include=reports`);
    expect(one.status).toBe(200);
    const plain = await wc.req('GET', `/api/v1/items/${itemId}`);
    const { reports, ...item } = one.body;
    expect(item).toEqual(plain.body);
    expect(one.headers.etag).toBe(`"${plain.body.version}"`);
    const list = await wc.req('GET', `/api/v1/items/${itemId}/reports`);
    expect(reports.length).toBeGreaterThan(1);
    expect(reports).toEqual(list.body.data);
    const periods = reports.map((r: { period: string }) => r.period);
    expect(periods).toEqual([...periods].sort().reverse());
  });

  it('leaves the reports out unless asked, and refuses an unknown include', async () => {
    expect((await wc.req('GET', `/api/v1/items/${itemId}`)).body).not.toHaveProperty('reports');
    const bad = await wc.req('GET', `/api/v1/items/${itemId}?include=comments`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('gives an item without reports an empty history', async () => {
    const items = (await cx.req('GET', `/api/v1/consultations/${env.consultations.cangxi}/items?limit=1`)).body.data;
    const r = await cx.req('GET', `/api/v1/items/${items[0].id}?include=reports`);
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body.reports)).toBe(true);
    const direct = await cx.req('GET', `/api/v1/items/${items[0].id}/reports`);
    expect(r.body.reports).toEqual(direct.body.data);
  });

  it('shows another county, an administrator or a missing item no reports: 404 as for the item alone', async () => {
    for (const agent of [cx, admin]) {
      const r = await agent.req('GET', `/api/v1/items/${itemId}?include=reports`);
      expect([403, 404]).toContain(r.status);
      expect(r.body).not.toHaveProperty('reports');
      expect((await agent.req('GET', `/api/v1/items/${itemId}`)).status).toBe(r.status);
    }
    expect((await wc.req('GET', '/api/v1/items/99999999?include=reports')).status).toBe(404);
  });
});
