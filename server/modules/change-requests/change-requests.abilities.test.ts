import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

// The web shows 同意/不同意/撤回/申请调整/保存版本 only where these flags say so: each must say
// exactly what the endpoint then allows.

let env: TestEnv;
let host: Agent;
let partner: Agent;
let reporter: Agent;
let W: number;
let itemId: number;

beforeEach(async () => {
  env = await createTestEnv();
  host = await env.login('city.coord');
  partner = await env.login('wangcang.coord');
  reporter = await env.login('wangcang.nyj');
  W = env.consultations.wangcang;
  const items = (await host.req('GET', `/api/v1/consultations/${W}/items?limit=100`)).body.data as { id: number; status: string }[];
  itemId = items.find((i) => i.status !== 'cancelled')!.id;
});
afterEach(() => env?.close());

const fileModify = (a: Agent) => a.req('POST', `/api/v1/items/${itemId}/change-requests`, { kind: 'modify', reason: '范围调整', changes: { title: '调整后的名称（测试）' } });
const canOf = async (a: Agent, id: number) => {
  const list = (await a.req('GET', `/api/v1/items/${itemId}/change-requests`)).body.data as { id: number; can: { decide: boolean; withdraw: boolean } }[];
  return list.find((x) => x.id === id)!.can;
};

describe(`change request abilities (${dialect})`, () => {
  it('the author may withdraw, the other side may decide, anyone else neither; each flag matches what the endpoint does', async () => {
    const filed = await fileModify(partner);
    expect(filed.status).toBe(201);
    expect(filed.body.can).toEqual({ decide: false, withdraw: true });
    const id = filed.body.id as number;
    expect(await canOf(host, id)).toEqual({ decide: true, withdraw: false });
    expect(await canOf(reporter, id)).toEqual({ decide: false, withdraw: false });

    // What the flags said no to, the server refuses.
    expect((await host.req('POST', `/api/v1/change-requests/${id}/withdraw`)).status).toBe(403);
    expect((await partner.req('POST', `/api/v1/change-requests/${id}/decision`, { approve: true, note: '' })).body.error.code).toBe('OWN_CHANGE_REQUEST');
    expect((await reporter.req('POST', `/api/v1/change-requests/${id}/decision`, { approve: true, note: '' })).status).toBe(403);

    const decided = await host.req('POST', `/api/v1/change-requests/${id}/decision`, { approve: false, note: '暂不调整' });
    expect(decided.status).toBe(200);
    // Decided: nothing more to do for anyone.
    expect(decided.body.can).toEqual({ decide: false, withdraw: false });
    expect(await canOf(partner, id)).toEqual({ decide: false, withdraw: false });
  });

  it('a closed consultation offers no decision, withdrawal, filing or new version, and refuses them', async () => {
    const id = (await fileModify(partner)).body.id as number;
    await env.db.updateTable('consultations').set({ status: 'closed' }).where('id', '=', W).execute();
    expect(await canOf(host, id)).toEqual({ decide: false, withdraw: false });
    expect(await canOf(partner, id)).toEqual({ decide: false, withdraw: false });
    const c = (await host.req('GET', `/api/v1/consultations/${W}`)).body;
    expect(c.can).toMatchObject({ fileChangeRequests: false, saveVersions: false });
    expect((await host.req('POST', `/api/v1/change-requests/${id}/decision`, { approve: true, note: '' })).body.error.code).toBe('CONSULTATION_LOCKED');
    expect((await fileModify(partner)).body.error.code).toBe('CONSULTATION_LOCKED');
    expect((await host.req('POST', `/api/v1/consultations/${W}/versions`, { label: '结束后' })).body.error.code).toBe('CONSULTATION_LOCKED');
    expect((await host.req('GET', `/api/v1/items/${itemId}/programme`)).body.canChange).toBe(false);
  });

  it('filing is offered to the coordinators of an adopted list only; versions to coordinators until the end', async () => {
    const open = (await host.req('GET', `/api/v1/consultations/${W}`)).body.can;
    expect(open).toMatchObject({ fileChangeRequests: true, saveVersions: true });
    expect((await partner.req('GET', `/api/v1/consultations/${W}`)).body.can).toMatchObject({ fileChangeRequests: true, saveVersions: true });
    expect((await reporter.req('GET', `/api/v1/consultations/${W}`)).body.can).toMatchObject({ fileChangeRequests: false, saveVersions: false });
    expect((await fileModify(reporter)).status).toBe(403);
    expect((await reporter.req('POST', `/api/v1/consultations/${W}/versions`, { label: '联络员以外' })).status).toBe(403);

    // Before adoption the list is edited directly, so there is nothing to file a request against.
    const C = env.consultations.cangxi;
    const negotiating = (await host.req('GET', `/api/v1/consultations/${C}`)).body;
    expect(negotiating.status).toBe('negotiating');
    expect(negotiating.can).toMatchObject({ fileChangeRequests: false, saveVersions: true });
    expect((await host.req('POST', `/api/v1/consultations/${C}/versions`, { label: '协商稿' })).status).toBe(201);
  });
});
