import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../domain/roles.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

/**
 * The authorisation matrix for the list: each kind of user, placed at the own organisation, a parent
 * city, a province above, another county or another city, against list / read / create / update / delete.
 */
let env: TestEnv;
let consultationId: number;
let itemId: number;

type Outcome = 'ok' | 403 | 404;
interface Row {
  who: string;
  org: string;
  roles: Role[];
  list: Outcome;
  read: Outcome;
  write: Outcome;
}

const MATRIX: Row[] = [
  { who: 'host coordinator, parent city bureau', org: 'bureau', roles: ['host_coordinator'], list: 'ok', read: 'ok', write: 'ok' },
  { who: 'host coordinator, bureau office below the host', org: 'bureau.rural', roles: ['host_coordinator'], list: 'ok', read: 'ok', write: 'ok' },
  { who: 'leader, parent city bureau', org: 'bureau', roles: ['leader'], list: 'ok', read: 'ok', write: 403 },
  { who: 'partner coordinator, own county', org: 'wangcang.gov', roles: ['partner_coordinator'], list: 'ok', read: 'ok', write: 'ok' },
  { who: 'unit reporter, own county department', org: 'wangcang.nyj', roles: ['unit_reporter'], list: 'ok', read: 'ok', write: 403 },
  { who: 'viewer, own county', org: 'wangcang.gov', roles: ['viewer'], list: 'ok', read: 'ok', write: 403 },
  { who: 'viewer, province above', org: 'sichuan', roles: ['viewer'], list: 'ok', read: 'ok', write: 403 },
  { who: 'host coordinator at the province (above, not the host)', org: 'sichuan', roles: ['host_coordinator'], list: 'ok', read: 'ok', write: 403 },
  { who: 'partner coordinator, other county', org: 'cangxi.gov', roles: ['partner_coordinator'], list: 404, read: 404, write: 404 },
  { who: 'unit reporter, other county department', org: 'cangxi.nyj', roles: ['unit_reporter'], list: 404, read: 404, write: 404 },
  { who: 'host coordinator, another city', org: 'mianyang', roles: ['host_coordinator'], list: 404, read: 404, write: 404 },
  { who: 'system administrator', org: 'guangyuan', roles: ['sys_admin'], list: 403, read: 403, write: 403 },
  { who: 'audit administrator', org: 'guangyuan', roles: ['audit_admin'], list: 403, read: 403, write: 403 },
];

const agents = new Map<string, Agent>();

beforeAll(async () => {
  env = await createTestEnv();
  // Another city beside 广元 (绵阳市 and its bureau), to prove a host elsewhere sees nothing here.
  const now = env.clock.now().toISOString();
  const addOrg = async (parentId: number, parentPath: string, name: string, kind: 'city' | 'department') => {
    const row = await env.db
      .insertInto('organisations')
      .values({ parent_id: parentId, name, short_name: null, kind, division_code: null, path: '', sort_order: 9, version: 1, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const path = `${parentPath}${row.id}/`;
    await env.db.updateTable('organisations').set({ path }).where('id', '=', row.id).execute();
    return { id: row.id, path };
  };
  const city = await addOrg(env.orgs.sichuan, `/${env.orgs.sichuan}/`, '绵阳市', 'city');
  env.orgs.mianyang = (await addOrg(city.id, city.path, '绵阳市科学技术局', 'department')).id;

  const host = await env.login('city.coord');
  const created = await host.req('POST', '/api/v1/consultations', {
    title: '矩阵测试会商',
    year: 2026,
    theme: '权限矩阵',
    partnerOrgIds: [env.orgs['wangcang.gov']],
  });
  expect(created.status).toBe(201);
  consultationId = created.body.id;
  const moved = await host.req('PATCH', `/api/v1/consultations/${consultationId}`, { status: 'negotiating', version: created.body.version });
  expect(moved.status).toBe(200);
  const item = await host.req('POST', `/api/v1/consultations/${consultationId}/items`, {
    title: '矩阵事项',
    category: 'direct_support',
    domain: '综合',
    leadUnit: '市科技局农村科技科',
  });
  expect(item.status).toBe(201);
  itemId = item.body.id;

  let n = 0;
  for (const r of MATRIX) {
    const username = `m${n++}.${r.roles[0].replace('_', '')}`;
    await env.makeUser(username, r.org, r.roles);
    agents.set(r.who, await env.login(username));
  }
});
afterAll(() => env?.close());

function expectOutcome(status: number, outcome: Outcome, okStatus = 200) {
  expect(status).toBe(outcome === 'ok' ? okStatus : outcome);
}

describe(`authorisation matrix (${dialect})`, () => {
  for (const r of MATRIX) {
    it(`${r.who}: list ${r.list}, read ${r.read}, create/update/delete ${r.write}`, async () => {
      const a = agents.get(r.who)!;

      const list = await a.req('GET', `/api/v1/consultations/${consultationId}/items`);
      expectOutcome(list.status, r.list);
      const consultations = await a.req('GET', '/api/v1/consultations');
      if (r.list === 'ok') {
        expect(list.body.data.map((i: { id: number }) => i.id)).toContain(itemId);
        expect(consultations.body.data.map((c: { id: number }) => c.id)).toContain(consultationId);
      } else if (r.list === 404) {
        expect(consultations.status).toBe(200);
        expect(consultations.body.data.map((c: { id: number }) => c.id)).not.toContain(consultationId);
      } else {
        expect(consultations.status).toBe(403);
      }

      const read = await a.req('GET', `/api/v1/items/${itemId}`);
      expectOutcome(read.status, r.read);
      expectOutcome((await a.req('GET', `/api/v1/consultations/${consultationId}`)).status, r.read);

      const create = await a.req('POST', `/api/v1/consultations/${consultationId}/items`, {
        title: `由${r.who}新增`,
        category: 'joint_pursuit',
        domain: '综合',
      });
      expectOutcome(create.status, r.write, 201);

      const current = (await env.db.selectFrom('items').select('version').where('id', '=', itemId).executeTakeFirstOrThrow()).version;
      const update = await a.req('PATCH', `/api/v1/items/${itemId}`, { version: current, responsible: r.who });
      expectOutcome(update.status, r.write);

      if (r.write === 'ok') {
        const audit = await env.auditRows('item', itemId);
        const last = audit[audit.length - 1];
        expect(last.action).toBe('item.update');
        expect(last.username).toBe(a.username);
        expect(last.after).toEqual({ responsible: r.who });
        expect(last.request_id).toBeTruthy();
        expect(last.ip).toBeTruthy();

        const createdAudit = await env.auditRows('item', create.body.id);
        expect(createdAudit.map((x) => x.action)).toEqual(['item.create']);
        expect(createdAudit[0].after.title).toBe(`由${r.who}新增`);

        const del = await a.req('DELETE', `/api/v1/items/${create.body.id}`);
        expect(del.status).toBe(200);
        const delAudit = await env.auditRows('item', create.body.id);
        expect(delAudit.map((x) => x.action)).toEqual(['item.create', 'item.delete']);
        expect((await a.req('GET', `/api/v1/items/${create.body.id}`)).status).toBe(404);
      } else {
        const after = await env.db.selectFrom('items').select(['version', 'responsible']).where('id', '=', itemId).executeTakeFirstOrThrow();
        expect(after.version).toBe(current);
        expect(after.responsible).not.toBe(r.who);
        const del = await a.req('DELETE', `/api/v1/items/${itemId}`);
        expectOutcome(del.status, r.write);
        expect((await env.db.selectFrom('items').select('deleted_at').where('id', '=', itemId).executeTakeFirstOrThrow()).deleted_at).toBeNull();
      }
    });
  }

  it('an unauthenticated caller gets 401 on every operation', async () => {
    expect((await env.anon('GET', `/api/v1/consultations/${consultationId}/items`)).status).toBe(401);
    expect((await env.anon('GET', `/api/v1/items/${itemId}`)).status).toBe(401);
    expect((await env.anon('POST', `/api/v1/consultations/${consultationId}/items`, { title: 'x', category: 'direct_support', domain: '综合' })).status).toBe(401);
    expect((await env.anon('PATCH', `/api/v1/items/${itemId}`, { version: 1, title: 'x' })).status).toBe(401);
    expect((await env.anon('DELETE', `/api/v1/items/${itemId}`)).status).toBe(401);
  });
});
