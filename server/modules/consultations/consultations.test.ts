import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
// Tests create consultations: each starts from a fresh copy of the demo, which has two.
beforeEach(async () => {
  env = await createTestEnv();
});
afterEach(() => env?.close());

async function titles(username: string) {
  const a = await env.login(username);
  const r = await a.req('GET', '/api/v1/consultations');
  expect(r.status).toBe(200);
  return r.body.data.map((c: { title: string }) => c.title) as string[];
}

describe(`consultations (${dialect})`, () => {
  it('shows each demo user exactly the consultations of the own tree', async () => {
    const W = '广元市科学技术局 旺苍县人民政府 局县科技会商';
    const C = '广元市科学技术局 苍溪县人民政府 局县科技会商';
    const P = '四川省科学技术厅 广元市人民政府 厅市科技会商';
    // The city's units read the city's consultation with the province too; the province reads all.
    expect((await titles('city.coord')).sort()).toEqual([W, C, P].sort());
    expect((await titles('city.leader')).sort()).toEqual([W, C, P].sort());
    expect((await titles('guangyuan.coord')).sort()).toEqual([W, C, P].sort());
    expect((await titles('province.coord')).sort()).toEqual([W, C, P].sort());
    expect(await titles('wangcang.coord')).toEqual([W]);
    expect(await titles('wangcang.nyj')).toEqual([W]);
    expect(await titles('cangxi.coord')).toEqual([C]);
  });

  it('answers 404 for a consultation out of scope, the same as a missing one', async () => {
    const cx = await env.login('cangxi.coord');
    const other = await cx.req('GET', `/api/v1/consultations/${env.consultations.wangcang}`);
    const missing = await cx.req('GET', '/api/v1/consultations/99999');
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(other.body).toEqual(missing.body);
  });

  it('gives the consultation with parties, the caller’s side and counts', async () => {
    const wc = await env.login('wangcang.coord');
    const r = await wc.req('GET', `/api/v1/consultations/${env.consultations.wangcang}`);
    expect(r.body).toMatchObject({
      status: 'implementing',
      hostOrg: { name: '广元市科学技术局' },
      partnerOrgs: [{ name: '旺苍县人民政府' }],
      mySide: 'partner',
      counts: { total: 30, byCategory: { direct_support: 10, joint_promotion: 10, joint_pursuit: 10 } },
    });
  });

  it('tells each caller what the server will let them do in the consultation (can), in the detail and in the list', async () => {
    await env.makeUser('bureau.viewer', 'bureau', ['viewer']);
    // A county coordinator's role held by someone in the bureau: on the host side, it speaks for nobody.
    await env.makeUser('bureau.partner', 'bureau', ['partner_coordinator']);
    const none = {
      update: false,
      editItems: false,
      comment: false,
      submitNeeds: false,
      triageNeeds: false,
      writeMeetings: false,
      configureSupervision: false,
      remind: false,
      fileChangeRequests: false,
      saveVersions: false,
    };
    const expected: Record<string, typeof none> = {
      'city.coord': {
        ...none,
        update: true,
        editItems: true,
        comment: true,
        triageNeeds: true,
        writeMeetings: true,
        configureSupervision: true,
        remind: true,
        fileChangeRequests: true,
        saveVersions: true,
      },
      'wangcang.coord': { ...none, editItems: true, comment: true, submitNeeds: true, fileChangeRequests: true, saveVersions: true },
      'wangcang.nyj': { ...none, comment: true },
      'city.leader': { ...none, comment: true },
      'bureau.viewer': none,
      'bureau.partner': { ...none, comment: true },
    };
    for (const [username, can] of Object.entries(expected)) {
      const a = await env.login(username);
      expect((await a.req('GET', `/api/v1/consultations/${env.consultations.wangcang}`)).body.can, username).toEqual(can);
      const listed = (await a.req('GET', '/api/v1/consultations')).body.data.find((c: { id: number }) => c.id === env.consultations.wangcang);
      expect(listed.can, username).toEqual(can);
    }
    // The flag is the rule the endpoint enforces: the bureau's county coordinator is refused the list.
    const item = await env.db.selectFrom('items').select(['id', 'version']).where('consultation_id', '=', env.consultations.wangcang).orderBy('id').executeTakeFirstOrThrow();
    const refused = await (await env.login('bureau.partner')).req('PATCH', `/api/v1/items/${item.id}`, { progress: 40, version: item.version });
    expect(refused.status).toBe(403);
    expect((await (await env.login('wangcang.coord')).req('PATCH', `/api/v1/items/${item.id}`, { progress: 40, version: item.version })).status).toBe(200);
  });

  it('lets a host coordinator create a consultation, audited; a partner coordinator may not', async () => {
    const host = await env.login('city.coord');
    const r = await host.req('POST', '/api/v1/consultations', {
      title: '广元市科学技术局 剑阁县人民政府 局县科技会商',
      year: 2027,
      theme: '测试',
      partnerOrgIds: [env.orgs['jiange.gov']],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'draft', hostOrg: { id: env.orgs.bureau }, mySide: 'host', counts: { total: 0 } });
    const audit = await env.auditRows('consultation', r.body.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'consultation.create', username: 'city.coord', after: { title: r.body.title, partnerOrgIds: [env.orgs['jiange.gov']] } });

    const partner = await env.login('wangcang.coord');
    const denied = await partner.req('POST', '/api/v1/consultations', { title: 'x', year: 2027, partnerOrgIds: [env.orgs['cangxi.gov']] });
    expect(denied.status).toBe(403);
  });

  it('refuses bad parties: the host itself, an unknown org, a host the coordinator does not belong to', async () => {
    const host = await env.login('city.coord');
    const self = await host.req('POST', '/api/v1/consultations', { title: 'x', year: 2027, partnerOrgIds: [env.orgs.bureau] });
    expect(self.status).toBe(400);
    const unknown = await host.req('POST', '/api/v1/consultations', { title: 'x', year: 2027, partnerOrgIds: [987654] });
    expect(unknown.status).toBe(400);
    const foreignHost = await host.req('POST', '/api/v1/consultations', { title: 'x', year: 2027, hostOrgId: env.orgs['wangcang.gov'], partnerOrgIds: [env.orgs['cangxi.gov']] });
    expect(foreignHost.status).toBe(403);
    const none = await host.req('POST', '/api/v1/consultations', { title: 'x', year: 2027, partnerOrgIds: [] });
    expect(none.status).toBe(400);
  });

  it("takes only a people's government as partner: a department or a division node is refused, on create and on update", async () => {
    const host = await env.login('city.coord');
    for (const key of ['wangcang.nyj', 'wangcang', 'wangcang.furniture']) {
      const r = await host.req('POST', '/api/v1/consultations', { title: '非政府会商方', year: 2027, partnerOrgIds: [env.orgs['jiange.gov'], env.orgs[key]] });
      expect(r.status, key).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'body.partnerOrgIds' }] });
      expect(r.body.error.message, key).toMatch(/^会商方须为县（区）等人民政府，“.+”不是人民政府，不能作为会商方$/);
    }
    const listed = await host.req('GET', `/api/v1/consultations?q=${encodeURIComponent('非政府会商方')}`);
    expect(listed.body.data).toEqual([]);

    const created = (await host.req('POST', '/api/v1/consultations', { title: '换会商方', year: 2027, partnerOrgIds: [env.orgs['zhaohua.gov']] })).body;
    const before = await env.auditRows('consultation', created.id);
    const refused = await host.req('PATCH', `/api/v1/consultations/${created.id}`, { partnerOrgIds: [env.orgs['cangxi.nyj']], version: created.version });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('苍溪县农业农村局');
    const after = (await host.req('GET', `/api/v1/consultations/${created.id}`)).body;
    expect(after).toMatchObject({ version: created.version, partnerOrgs: [{ id: env.orgs['zhaohua.gov'] }] });
    expect(await env.auditRows('consultation', created.id)).toHaveLength(before.length);
    const moved = await host.req('PATCH', `/api/v1/consultations/${created.id}`, { partnerOrgIds: [env.orgs['chaotian.gov'], env.orgs['cangxi.gov']], version: created.version });
    expect(moved.status).toBe(200);
    expect(moved.body.partnerOrgs.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['朝天区人民政府', '苍溪县人民政府']));
  });

  it('updates with the version, moves status one step at a time, and keeps the audit', async () => {
    const host = await env.login('city.coord');
    const created = (await host.req('POST', '/api/v1/consultations', { title: '状态测试', year: 2027, partnerOrgIds: [env.orgs['qingchuan.gov']] })).body;
    const jump = await host.req('PATCH', `/api/v1/consultations/${created.id}`, { status: 'implementing', version: created.version });
    expect(jump.status).toBe(409);
    expect(jump.body.error.code).toBe('INVALID_TRANSITION');
    const ok = await host.req('PATCH', `/api/v1/consultations/${created.id}`, { status: 'negotiating', theme: '新主题', version: created.version });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'negotiating', theme: '新主题', version: created.version + 1 });
    const stale = await host.req('PATCH', `/api/v1/consultations/${created.id}`, { title: '过期', version: created.version });
    expect(stale.status).toBe(409);
    expect((await host.req('GET', `/api/v1/consultations/${created.id}`)).body.title).toBe('状态测试');
    const audit = await env.auditRows('consultation', created.id);
    expect(audit.at(-1)).toMatchObject({ action: 'consultation.update', before: { status: 'draft', theme: '' }, after: { status: 'negotiating', theme: '新主题' } });

    const partnerUser = await env.makeUser('qc.coord', 'qingchuan.gov', ['partner_coordinator']);
    expect(partnerUser).toBeGreaterThan(0);
    const partner = await env.login('qc.coord');
    const denied = await partner.req('PATCH', `/api/v1/consultations/${created.id}`, { title: '县方改名', version: ok.body.version });
    expect(denied.status).toBe(403);
  });

  it('filters and pages the consultation list', async () => {
    const host = await env.login('city.coord');
    // Three more beside the demo's three (two 局县, one 厅市): six, over three pages of two.
    for (const [title, org] of [
      ['分页测试一', 'jiange.gov'],
      ['分页测试二', 'qingchuan.gov'],
      ['分页测试三', 'jiange.gov'],
    ]) {
      expect((await host.req('POST', '/api/v1/consultations', { title, year: 2027, partnerOrgIds: [env.orgs[org]] })).status).toBe(201);
    }
    const negotiating = await host.req('GET', '/api/v1/consultations?status=negotiating');
    expect(negotiating.body.data.map((c: { title: string }) => c.title)).toEqual(['广元市科学技术局 苍溪县人民政府 局县科技会商']);
    const q = await host.req('GET', `/api/v1/consultations?q=${encodeURIComponent('苍溪')}`);
    expect(q.body.data.map((c: { title: string }) => c.title)).toEqual(['广元市科学技术局 苍溪县人民政府 局县科技会商']);
    const all = (await host.req('GET', '/api/v1/consultations?limit=200')).body.data.map((c: { id: number }) => c.id);
    const paged: number[] = [];
    let cursor: string | null = null;
    do {
      const r: { body: any } = await host.req('GET', `/api/v1/consultations?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...r.body.data.map((c: { id: number }) => c.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    expect(all).toHaveLength(6);
  });
});
