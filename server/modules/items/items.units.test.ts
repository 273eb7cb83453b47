import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let cangxi: Agent; // 苍溪县 coordinator: the demo's 苍溪 consultation is still being negotiated
let orgs: { id: number; name: string }[];
let item: { id: number; version: number };

const orgId = (name: string) => orgs.find((o) => o.name === name)!.id;

beforeAll(async () => {
  env = await createTestEnv();
  cangxi = await env.login('cangxi.coord');
  orgs = (await (await env.login('sysadmin')).req('GET', '/api/v1/organisations')).body.data;
  const consultations = (await cangxi.req('GET', '/api/v1/consultations')).body.data as { id: number; title: string }[];
  const c = consultations.find((x) => x.title.includes('苍溪'))!;
  item = (await cangxi.req('GET', `/api/v1/consultations/${c.id}/items?limit=1`)).body.data[0];
});
afterAll(() => env?.close());

async function setLead(body: Record<string, unknown>) {
  const r = await cangxi.req('PATCH', `/api/v1/items/${item.id}`, { version: item.version, ...body });
  if (r.status === 200) item = r.body;
  return r;
}

describe('the units of an item belong to the consultation’s two sides', () => {
  it('accepts a department of the partner county and an office of the host bureau', async () => {
    expect((await setLead({ leadUnitId: orgId('苍溪县农业农村局') })).status).toBe(200);
    expect((await setLead({ coUnitIds: [orgId('广元市科学技术局高新技术科')] })).status).toBe(200);
  });

  it('refuses another county’s department as lead or cooperating unit, by id or by name, and changes nothing', async () => {
    // Its own starting point: tests run in a shuffled order.
    expect((await setLead({ leadUnitId: orgId('苍溪县农业农村局'), coUnitIds: [orgId('广元市科学技术局高新技术科')] })).status).toBe(200);
    const other = orgId('旺苍县农业农村局');
    for (const body of [{ leadUnitId: other }, { coUnitIds: [other] }, { leadUnit: '旺苍县农业农村局' }]) {
      const r = await setLead(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.message).toContain('不属于本次会商的双方');
    }
    const now = (await cangxi.req('GET', `/api/v1/items/${item.id}`)).body;
    expect(now.leadUnitId).toBe(orgId('苍溪县农业农村局'));
    expect(now.coUnitIds).toEqual([orgId('广元市科学技术局高新技术科')]);
  });
});
