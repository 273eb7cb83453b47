import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let admin: Agent;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('sysadmin');
});
afterAll(() => env?.close());

describe(`organisations (${dialect})`, () => {
  it('seeds the real GB/T 2260 divisions of 广元 under 四川省', async () => {
    const r = await admin.req('GET', '/api/v1/organisations');
    const byCode = Object.fromEntries(
      r.body.data.filter((o: { divisionCode: string | null }) => o.divisionCode).map((o: { divisionCode: string; name: string }) => [o.divisionCode, o.name]),
    );
    expect(byCode).toEqual({
      '510000': '四川省',
      '510800': '广元市',
      '510802': '利州区',
      '510811': '昭化区',
      '510812': '朝天区',
      '510821': '旺苍县',
      '510822': '青川县',
      '510823': '剑阁县',
      '510824': '苍溪县',
    });
    const bureau = r.body.data.find((o: { name: string }) => o.name === '广元市科学技术局');
    const offices = r.body.data.filter((o: { parentId: number }) => o.parentId === bureau.id);
    expect(offices.map((o: { name: string }) => o.name)).toContain('广元市科学技术局农村科技科');
  });

  it('lets the system administrator create, rename, move and delete an organisation, each audited', async () => {
    const created = await admin.req('POST', '/api/v1/organisations', { name: '旺苍县科技服务中心', kind: 'department', parentId: env.orgs['wangcang.gov'] });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const renamed = await admin.req('PATCH', `/api/v1/organisations/${id}`, { name: '旺苍县科技创新服务中心', version: created.body.version });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('旺苍县科技创新服务中心');
    const stale = await admin.req('PATCH', `/api/v1/organisations/${id}`, { name: '过期', version: created.body.version });
    expect(stale.status).toBe(409);

    // Moving it under 旺苍县农业农村局 moves its whole subtree: a user there now sees 旺苍's consultation.
    const child = await admin.req('POST', '/api/v1/organisations', { name: '服务中心一室', kind: 'department', parentId: id });
    await env.makeUser('center.viewer', 'bureau', ['viewer']);
    await env.db.updateTable('users').set({ org_id: child.body.id }).where('username', '=', 'center.viewer').execute();
    const viewer = await env.login('center.viewer');
    expect((await viewer.req('GET', `/api/v1/consultations/${env.consultations.wangcang}`)).status).toBe(200);
    const moved = await admin.req('PATCH', `/api/v1/organisations/${id}`, { parentId: env.orgs['cangxi.gov'], version: renamed.body.version });
    expect(moved.status).toBe(200);
    expect((await viewer.req('GET', `/api/v1/consultations/${env.consultations.wangcang}`)).status).toBe(404);
    expect((await viewer.req('GET', `/api/v1/consultations/${env.consultations.cangxi}`)).status).toBe(200);

    const cycle = await admin.req('PATCH', `/api/v1/organisations/${id}`, { parentId: child.body.id, version: moved.body.version });
    expect(cycle.status).toBe(422);

    const busy = await admin.req('DELETE', `/api/v1/organisations/${id}`);
    expect(busy.status).toBe(409);
    const audit = await env.auditRows('organisation', id);
    expect(audit.map((a) => a.action)).toEqual(['org.create', 'org.update', 'org.update']);
    expect(audit[1]).toMatchObject({ before: { name: '旺苍县科技服务中心' }, after: { name: '旺苍县科技创新服务中心' } });
  });

  it('refuses to delete an organisation something still points at, with a 409 rather than a fault', async () => {
    const dept = await admin.req('POST', '/api/v1/organisations', { name: '旺苍县科普中心', kind: 'department', parentId: env.orgs['wangcang.gov'] });
    expect(dept.status).toBe(201);
    // An announcement addressed to it: a use the organisation's own checks do not look for.
    const coord = await env.login('city.coord');
    const draft = await coord.req('POST', '/api/v1/announcements', { kind: 'notice', title: '科普周安排', body: '请做好准备。', pinned: false, orgIds: [dept.body.id], roles: [] });
    expect(draft.status).toBe(201);
    const refused = await admin.req('DELETE', `/api/v1/organisations/${dept.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('STILL_REFERENCED');
    expect(await env.db.selectFrom('organisations').select('id').where('id', '=', dept.body.id).executeTakeFirst()).toBeDefined();
  });

  it('refuses a division code that does not fit the kind', async () => {
    const r = await admin.req('POST', '/api/v1/organisations', { name: '某市', kind: 'city', divisionCode: '510821', parentId: env.orgs.sichuan });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].field).toBe('body.divisionCode');
  });

  it('keeps every other role out of organisation management', async () => {
    for (const u of ['city.coord', 'secadmin', 'auditadmin', 'city.leader']) {
      const a = await env.login(u);
      const r = await a.req('POST', '/api/v1/organisations', { name: '越权组织', kind: 'other', parentId: env.orgs.guangyuan });
      expect(r.status, u).toBe(403);
    }
    expect(await env.db.selectFrom('organisations').select('id').where('name', '=', '越权组织').executeTakeFirst()).toBeUndefined();
  });

  it('limits the administrator to the own subtree', async () => {
    const r = await admin.req('POST', '/api/v1/organisations', { name: '成都市科学技术局', kind: 'department', parentId: env.orgs.sichuan });
    expect(r.status).toBe(404);
  });
});

describe(`organisation actions offered (${dialect})`, () => {
  it('flags as manageable exactly the organisations the administrator may change: 广元 and below, not 四川省', async () => {
    const list = (await admin.req('GET', '/api/v1/organisations')).body.data as { id: number; name: string; canManage: boolean; version: number }[];
    const by = (id: number) => list.find((o) => o.id === id)!;
    expect(by(env.orgs.sichuan).canManage).toBe(false);
    expect(by(env.orgs.guangyuan).canManage).toBe(true);
    expect(by(env.orgs['wangcang.gov']).canManage).toBe(true);
    // What the flag says no to, the server refuses; what it says yes to, it allows.
    const province = by(env.orgs.sichuan);
    expect((await admin.req('PATCH', `/api/v1/organisations/${province.id}`, { version: province.version, shortName: '川' })).status).toBe(404);
    const county = by(env.orgs['wangcang.gov']);
    expect((await admin.req('PATCH', `/api/v1/organisations/${county.id}`, { version: county.version, sortOrder: county.version })).status).toBe(200);
  });

  it('offers nothing to someone who does not administer organisations', async () => {
    const coord = await env.login('wangcang.coord');
    const list = (await coord.req('GET', '/api/v1/organisations')).body.data as { canManage: boolean }[];
    expect(list.length).toBeGreaterThan(10);
    expect(list.every((o) => !o.canManage)).toBe(true);
  });
});
