import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

// On an adopted list a deadline moves only through a request the other side approves; a
// coordinator moving several at once files one request per item in one go.

let env: TestEnv;
let host: Agent;
let partner: Agent;
let items: { id: number; title: string; deadline: string | null; ongoing: boolean; status: string }[];
let today: string;

beforeEach(async () => {
  env = await createTestEnv();
  host = await env.login('city.coord');
  partner = await env.login('wangcang.coord');
  items = (await host.req('GET', `/api/v1/consultations/${env.consultations.wangcang}/items?limit=100`)).body.data;
  today = env.clock.today();
});
afterEach(() => env?.close());

const extend = (a: Agent, body: unknown) => a.req('POST', '/api/v1/change-requests/extensions', body);
const requestsOf = async (itemId: number) =>
  (await host.req('GET', `/api/v1/items/${itemId}/change-requests`)).body.data as { id: number; kind: string; status: string; changes: unknown[] }[];
const future = () => items.filter((i) => !i.ongoing && i.deadline && i.deadline >= today && i.status !== 'cancelled');

describe(`change requests: one extension for several items (${dialect})`, () => {
  it('files one pending extension per item, audited each, and leaves the deadlines until the other side approves', async () => {
    const chosen = future().slice(0, 5);
    expect(chosen).toHaveLength(5);
    const r = await extend(partner, { itemIds: chosen.map((i) => i.id), deadline: '2031-06-30', reason: '汛期施工受阻，统一顺延' });
    expect(r.status).toBe(200);
    expect(r.body.refused).toEqual([]);
    expect(r.body.filed.map((f: { itemId: number }) => f.itemId)).toEqual(chosen.map((i) => i.id));
    for (const [n, i] of chosen.entries()) {
      const [cr] = await requestsOf(i.id);
      expect(cr).toMatchObject({ id: r.body.filed[n].changeRequestId, kind: 'extend', status: 'pending', changes: [{ field: 'deadline', from: i.deadline, to: '2031-06-30' }] });
      expect((await host.req('GET', `/api/v1/items/${i.id}`)).body.deadline).toBe(i.deadline);
      expect(await env.auditRows('change_request', cr.id)).toEqual([expect.objectContaining({ action: 'change_request.create', username: 'wangcang.coord' })]);
    }
    // The host decides each on its own.
    const first = r.body.filed[0].changeRequestId;
    expect((await host.req('POST', `/api/v1/change-requests/${first}/decision`, { approve: true, note: '' })).status).toBe(200);
    expect((await host.req('GET', `/api/v1/items/${chosen[0].id}`)).body.deadline).toBe('2031-06-30');
    expect((await host.req('GET', `/api/v1/items/${chosen[1].id}`)).body.deadline).toBe(chosen[1].deadline);
  });

  it('reports each refused item with the answer a single request would get, and files the rest', async () => {
    const ok = future()[0];
    const late = items.find((i) => !i.ongoing && i.deadline && i.deadline < today && i.status !== 'cancelled')!;
    const ongoing = items.find((i) => i.ongoing && i.status !== 'cancelled')!;
    const otherCounty = (await host.req('GET', `/api/v1/consultations/${env.consultations.cangxi}/items?limit=1`)).body.data[0];
    expect([late, ongoing, otherCounty].every(Boolean)).toBe(true);
    const r = await extend(partner, { itemIds: [ok.id, late.id, ongoing.id, otherCounty.id, 99999999], deadline: '2031-06-30', reason: '统一顺延' });
    expect(r.status).toBe(200);
    expect(r.body.filed.map((f: { itemId: number }) => f.itemId)).toEqual([ok.id]);
    const refused = Object.fromEntries(r.body.refused.map((x: { id: number; code: string; status: number }) => [x.id, [x.status, x.code]]));
    expect(refused[late.id]).toEqual([422, 'EXTENSION_TOO_LATE']);
    expect(refused[ongoing.id]).toEqual([422, 'UNPROCESSABLE']);
    // Another county's item and one that does not exist are answered alike.
    expect(refused[otherCounty.id]).toEqual(refused[99999999]);
    expect(refused[otherCounty.id][0]).toBe(404);
    expect(await requestsOf(late.id)).toEqual([]);
  });

  it('refuses a list that is not adopted yet, per item, and bad input as a whole', async () => {
    const draft = await host.req('POST', '/api/v1/consultations', { title: '草拟中的会商', year: 2027, partnerOrgIds: [env.orgs['wangcang.gov']] });
    expect(draft.status).toBe(201);
    const created = await host.req('POST', `/api/v1/consultations/${draft.body.id}/items`, {
      title: '草拟事项',
      category: 'direct_support',
      domain: '农业农村',
      deadline: '2027-12-31',
    });
    expect(created.status).toBe(201);
    const r = await extend(host, { itemIds: [created.body.id], deadline: '2028-06-30', reason: '顺延' });
    expect(r.status).toBe(200);
    expect(r.body.filed).toEqual([]);
    // Before adoption the deadline is simply edited; a request has nothing to change yet.
    expect(r.body.refused).toEqual([expect.objectContaining({ id: created.body.id, status: 409 })]);
    expect((await extend(partner, { itemIds: [], deadline: '2031-06-30', reason: '顺延' })).status).toBe(400);
    expect((await extend(partner, { itemIds: [future()[0].id], deadline: '2031-06-30', reason: '' })).status).toBe(400);
    expect((await extend(partner, { itemIds: [1, 1], deadline: '2031-06-30', reason: '顺延' })).status).toBe(400);
    expect((await extend(partner, { itemIds: [future()[0].id], deadline: '31/06/2031', reason: '顺延' })).status).toBe(400);
    expect((await env.anon('POST', '/api/v1/change-requests/extensions', { itemIds: [future()[0].id], deadline: '2031-06-30', reason: '顺延' })).status).toBe(401);
  });
});
