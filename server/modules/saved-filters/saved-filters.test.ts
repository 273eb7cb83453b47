import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let city: Agent;
let leader: Agent;
let wc: Agent;
let W: number;
let C: number;

beforeAll(async () => {
  env = await createTestEnv();
  city = await env.login('city.coord');
  leader = await env.login('city.leader');
  wc = await env.login('wangcang.coord');
  W = env.consultations.wangcang;
  C = env.consultations.cangxi;
});
afterAll(() => env?.close());

const names = (r: { body: { data: { name: string }[] } }) => r.body.data.map((f) => f.name).sort();

describe(`saved filters (${dialect})`, () => {
  it('keeps a private filter to its owner and offers a shared one to the owner’s organisation only, with an audit row for the share', async () => {
    const mine = await city.req('POST', '/api/v1/saved-filters', { page: 'board', name: '我的红灯', filters: { light: 'red' } });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ page: 'board', consultationId: null, shared: false, mine: true, filters: { light: 'red' } });
    const shared = await city.req('POST', '/api/v1/saved-filters', { page: 'board', name: '全局超期', filters: { overdue: 'true' }, shared: true });
    expect(shared.status).toBe(201);
    expect((await env.auditRows('saved_filter', shared.body.id)).map((a) => a.action)).toEqual(['saved_filter.share']);
    expect(await env.auditRows('saved_filter', mine.body.id)).toEqual([]);

    expect(names(await city.req('GET', '/api/v1/saved-filters?page=board'))).toEqual(['全局超期', '我的红灯']);
    // The leader sits in the bureau too: the shared one, marked as someone else's, and not the private one.
    const seen = await leader.req('GET', '/api/v1/saved-filters?page=board');
    expect(seen.body.data).toEqual([expect.objectContaining({ name: '全局超期', shared: true, mine: false, ownerName: expect.any(String) })]);
    // A county is another organisation.
    expect((await wc.req('GET', '/api/v1/saved-filters?page=board')).body.data).toEqual([]);
  });

  it('lets only the owner rename, share, unshare and delete; to others the filter is not found', async () => {
    const f = (await city.req('POST', '/api/v1/saved-filters', { page: 'items', consultationId: W, name: '农业', filters: { domain: '农业农村' } })).body;
    expect((await leader.req('PATCH', `/api/v1/saved-filters/${f.id}`, { shared: true })).status).toBe(404);
    expect((await leader.req('DELETE', `/api/v1/saved-filters/${f.id}`)).status).toBe(404);
    const shared = await city.req('PATCH', `/api/v1/saved-filters/${f.id}`, { shared: true, name: '农业农村' });
    expect(shared.body).toMatchObject({ shared: true, name: '农业农村' });
    expect(names(await leader.req('GET', `/api/v1/saved-filters?page=items&consultationId=${W}`))).toEqual(['农业农村']);
    // A filter of one list is not offered on another.
    expect((await leader.req('GET', `/api/v1/saved-filters?page=items&consultationId=${C}`)).body.data).toEqual([]);
    expect((await city.req('PATCH', `/api/v1/saved-filters/${f.id}`, { shared: false })).status).toBe(200);
    expect((await leader.req('GET', `/api/v1/saved-filters?page=items&consultationId=${W}`)).body.data).toEqual([]);
    expect((await city.req('DELETE', `/api/v1/saved-filters/${f.id}`)).status).toBe(200);
    expect((await env.auditRows('saved_filter', f.id)).map((a) => a.action)).toEqual(['saved_filter.share', 'saved_filter.unshare']);
    expect((await city.req('GET', `/api/v1/saved-filters?page=items&consultationId=${W}`)).body.data).toEqual([]);
  });

  it('refuses a list out of scope, a missing place and bad input', async () => {
    expect((await wc.req('GET', `/api/v1/saved-filters?page=items&consultationId=${C}`)).status).toBe(404);
    expect((await wc.req('POST', '/api/v1/saved-filters', { page: 'items', consultationId: C, name: 'x', filters: {} })).status).toBe(404);
    expect((await wc.req('GET', '/api/v1/saved-filters?page=items')).status).toBe(400);
    expect((await wc.req('POST', '/api/v1/saved-filters', { page: 'board', consultationId: W, name: 'x', filters: {} })).status).toBe(400);
    expect((await wc.req('POST', '/api/v1/saved-filters', { page: 'board', name: '', filters: {} })).status).toBe(400);
    expect((await wc.req('POST', '/api/v1/saved-filters', { page: 'board', name: 'x', filters: { 'a-b': '1' } })).status).toBe(400);
    expect((await wc.req('POST', '/api/v1/saved-filters', { page: 'nowhere', name: 'x', filters: {} })).status).toBe(400);
    expect((await env.anon('GET', '/api/v1/saved-filters?page=board')).status).toBe(401);
    const admin = await env.login('sysadmin');
    expect((await admin.req('GET', '/api/v1/saved-filters?page=board')).status).toBe(403);
  });
});
