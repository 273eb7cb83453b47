import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
beforeEach(async () => {
  env = await createTestEnv();
});
afterEach(() => env?.close());

const draft = (over: Record<string, unknown> = {}) => ({
  kind: 'notice',
  title: '关于报送猕猴桃产业项目的通知',
  body: '请于月底前报送。',
  pinned: false,
  orgIds: [] as number[],
  roles: [] as string[],
  ...over,
});

async function inboxTitles(a: Agent): Promise<string[]> {
  const r = await a.req('GET', '/api/v1/announcements');
  expect(r.status).toBe(200);
  return r.body.data.map((x: { title: string }) => x.title);
}

describe(`通知公告 (${dialect})`, () => {
  it('reaches only the chosen counties and roles, and tells the office who has read it', async () => {
    const city = await env.login('city.coord');
    const made = await city.req('POST', '/api/v1/announcements', draft({ orgIds: [env.orgs.wangcang], roles: ['partner_coordinator', 'unit_reporter'] }));
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'draft', org: { name: '广元市科学技术局' }, receipts: null, can: { edit: true, publish: true, withdraw: false, delete: true } });
    expect(made.body.audience.orgs.map((o: { name: string }) => o.name)).toEqual(['旺苍县']);

    const coord = await env.login('wangcang.coord');
    // A draft reaches nobody.
    expect(await inboxTitles(coord)).not.toContain('关于报送猕猴桃产业项目的通知');
    expect((await coord.req('GET', `/api/v1/announcements/${made.body.id}`)).status).toBe(404);

    const pub = await city.req('POST', `/api/v1/announcements/${made.body.id}/publish`);
    expect(pub.status).toBe(200);
    expect(pub.body.status).toBe('published');
    const recipients = pub.body.receipts.recipients;
    expect(pub.body.receipts).toEqual({ recipients, read: 0 });

    const nyj = await env.login('wangcang.nyj');
    for (const a of [coord, nyj]) expect(await inboxTitles(a)).toContain('关于报送猕猴桃产业项目的通知');
    // Another county, and a role left out (the bureau's leader), do not receive it.
    for (const who of ['cangxi.coord', 'city.leader']) {
      const a = await env.login(who);
      expect(await inboxTitles(a)).not.toContain('关于报送猕猴桃产业项目的通知');
      expect((await a.req('GET', `/api/v1/announcements/${made.body.id}`)).status).toBe(404);
      expect((await a.req('POST', `/api/v1/announcements/${made.body.id}/read`)).status).toBe(404);
    }

    const before = (await coord.req('GET', '/api/v1/announcements?unread=true')).body;
    expect(before.data.map((x: { id: number }) => x.id)).toContain(made.body.id);
    const read = await coord.req('POST', `/api/v1/announcements/${made.body.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toBe(env.clock.now().toISOString());
    env.clock.advance(60_000);
    // Reading again keeps the first time.
    expect((await coord.req('POST', `/api/v1/announcements/${made.body.id}/read`)).body.readAt).toBe(read.body.readAt);
    const after = (await coord.req('GET', '/api/v1/announcements?unread=true')).body;
    expect(after.unreadCount).toBe(before.unreadCount - 1);
    expect(after.data.map((x: { id: number }) => x.id)).not.toContain(made.body.id);

    const receipts = await city.req('GET', `/api/v1/announcements/${made.body.id}/receipts`);
    expect(receipts.status).toBe(200);
    expect(receipts.body).toMatchObject({ recipients, read: 1 });
    expect(receipts.body.data.find((r: { userId: number }) => r.userId === env.users['wangcang.coord']).readAt).toBe(read.body.readAt);
    expect(receipts.body.data[0].readAt).toBeNull(); // unread first
    const unread = await city.req('GET', `/api/v1/announcements/${made.body.id}/receipts?unread=true`);
    expect(unread.body.data.map((r: { userId: number }) => r.userId)).toContain(env.users['wangcang.nyj']);
    expect(unread.body.data.map((r: { userId: number }) => r.userId)).not.toContain(env.users['wangcang.coord']);
    // Receipts are the office's: a recipient cannot list them (another office's notice is not there for it).
    expect((await nyj.req('GET', `/api/v1/announcements/${made.body.id}/receipts`)).status).toBe(403);
    expect((await coord.req('GET', `/api/v1/announcements/${made.body.id}/receipts`)).status).toBe(404);
    expect((await city.req('GET', '/api/v1/announcements?box=office')).body.data[0]).toMatchObject({ id: made.body.id, receipts: { recipients, read: 1 } });
  });

  it('addresses only the own jurisdiction: a county cannot send to another county, the bureau reaches every county of its city', async () => {
    const coord = await env.login('wangcang.coord');
    const audience = await coord.req('GET', '/api/v1/announcements/audience-orgs');
    const names = audience.body.data.map((o: { name: string }) => o.name);
    expect(names[0]).toBe('旺苍县');
    expect(names).toContain('旺苍县农业农村局');
    expect(names).not.toContain('苍溪县');
    const refused = await coord.req('POST', '/api/v1/announcements', draft({ orgIds: [env.orgs.cangxi] }));
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({ field: 'body.orgIds', message: expect.stringContaining('旺苍县辖区') });
    expect((await coord.req('POST', '/api/v1/announcements', draft({ orgIds: [2_000_000] }))).status).toBe(400);

    // With no organisations named, the whole county: its departments' reporters get it, 苍溪 does not.
    const all = await coord.req('POST', '/api/v1/announcements', draft({ title: '县内通知' }));
    expect((await coord.req('POST', `/api/v1/announcements/${all.body.id}/publish`)).status).toBe(200);
    expect(await inboxTitles(await env.login('wangcang.nyj'))).toContain('县内通知');
    expect(await inboxTitles(await env.login('cangxi.coord'))).not.toContain('县内通知');
    expect(await inboxTitles(await env.login('city.coord'))).not.toContain('县内通知');

    const cityNames = (await (await env.login('city.coord')).req('GET', '/api/v1/announcements/audience-orgs')).body.data.map((o: { name: string }) => o.name);
    expect(cityNames[0]).toBe('广元市');
    expect(cityNames).toEqual(expect.arrayContaining(['旺苍县', '苍溪县', '广元市科学技术局']));
  });

  it('is withdrawn, corrected and published again; published notices are not edited and only drafts are deleted', async () => {
    const city = await env.login('city.coord');
    const coord = await env.login('wangcang.coord');
    const a = (await city.req('POST', '/api/v1/announcements', draft({ orgIds: [env.orgs.wangcang] }))).body;
    await city.req('POST', `/api/v1/announcements/${a.id}/publish`);
    await coord.req('POST', `/api/v1/announcements/${a.id}/read`);
    const current = (await city.req('GET', `/api/v1/announcements/${a.id}`)).body;
    const edit = await city.req('PUT', `/api/v1/announcements/${a.id}`, { ...draft({ title: '改过的标题', orgIds: [env.orgs.wangcang] }), version: current.version });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('INVALID_TRANSITION');
    expect((await city.req('DELETE', `/api/v1/announcements/${a.id}`)).status).toBe(409);

    const w = await city.req('POST', `/api/v1/announcements/${a.id}/withdraw`);
    expect(w.body).toMatchObject({ status: 'withdrawn', can: { edit: true, publish: true, withdraw: false, delete: false } });
    expect(await inboxTitles(coord)).not.toContain(a.title);
    expect((await coord.req('GET', `/api/v1/announcements/${a.id}`)).status).toBe(404);
    expect((await city.req('POST', `/api/v1/announcements/${a.id}/withdraw`)).status).toBe(409);

    const stale = await city.req('PUT', `/api/v1/announcements/${a.id}`, { ...draft({ title: '改过的标题' }), version: current.version });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const fixed = await city.req('PUT', `/api/v1/announcements/${a.id}`, { ...draft({ title: '改过的标题', orgIds: [env.orgs.wangcang] }), version: w.body.version });
    expect(fixed.status).toBe(200);
    const again = await city.req('POST', `/api/v1/announcements/${a.id}/publish`);
    expect(again.body.receipts.read).toBe(0); // everyone reads the corrected text anew
    const seen = (await coord.req('GET', `/api/v1/announcements/${a.id}`)).body;
    expect(seen).toMatchObject({ title: '改过的标题', readAt: null, receipts: null, can: { edit: false, withdraw: false } });

    const d = (await city.req('POST', '/api/v1/announcements', draft({ title: '作废的草稿' }))).body;
    expect((await city.req('DELETE', `/api/v1/announcements/${d.id}`)).status).toBe(200);
    expect((await city.req('GET', `/api/v1/announcements/${d.id}`)).status).toBe(404);

    const audit = await (await env.login('auditadmin')).req('GET', `/api/v1/audit-log?entityType=announcement&entityId=${a.id}`);
    expect(audit.body.data.map((r: { action: string }) => r.action)).toEqual([
      'announcement.publish',
      'announcement.update',
      'announcement.withdraw',
      'announcement.publish',
      'announcement.create',
    ]);
    expect(audit.body.data[0].entityTitle).toBe('改过的标题');
  });

  it("keeps one office's notices from another and drafting from those who may not publish", async () => {
    const city = await env.login('city.coord');
    const d = (await city.req('POST', '/api/v1/announcements', draft())).body;
    const cangxi = await env.login('cangxi.coord');
    expect((await cangxi.req('GET', `/api/v1/announcements/${d.id}`)).status).toBe(404);
    expect((await cangxi.req('PUT', `/api/v1/announcements/${d.id}`, { ...draft(), version: d.version })).status).toBe(404);
    expect((await cangxi.req('POST', `/api/v1/announcements/${d.id}/publish`)).status).toBe(404);
    expect((await cangxi.req('GET', '/api/v1/announcements?box=office')).body.data.map((x: { id: number }) => x.id)).not.toContain(d.id);
    for (const who of ['wangcang.nyj', 'city.leader', 'secadmin', 'auditadmin']) {
      const a = await env.login(who);
      expect((await a.req('POST', '/api/v1/announcements', draft())).status).toBe(403);
      expect((await a.req('GET', '/api/v1/announcements?box=office')).status).toBe(403);
      expect((await a.req('POST', `/api/v1/announcements/${d.id}/publish`)).status).toBe(403);
    }
    expect((await city.req('POST', '/api/v1/announcements', draft({ title: '' }))).status).toBe(400);
    expect((await city.req('POST', '/api/v1/announcements', draft({ roles: ['nobody'] }))).status).toBe(400);
    expect((await city.req('POST', '/api/v1/announcements', draft({ body: 'x'.repeat(20_001) }))).status).toBe(400);
  });

  it('shows the demo notices: the pinned bureau notice first, the system bulletin to every account, the draft to nobody', async () => {
    const inbox = (await (await env.login('wangcang.coord')).req('GET', '/api/v1/announcements')).body;
    expect(inbox.data[0]).toMatchObject({ pinned: true, title: expect.stringContaining('演示数据'), org: { name: '广元市科学技术局' } });
    expect(inbox.data.map((x: { title: string }) => x.title)).toContain('系统维护公告（演示数据）');
    expect(inbox.data.map((x: { title: string }) => x.title).join()).not.toContain('演示草稿');
    expect(inbox.unreadCount).toBe(inbox.data.length);
    for (const who of ['secadmin', 'auditadmin', 'city.leader']) expect(await inboxTitles(await env.login(who))).toContain('系统维护公告（演示数据）');
    // The unit reporter gets the bureau's notice (addressed to reporters), the bureau's leader does not.
    expect((await inboxTitles(await env.login('wangcang.nyj'))).join()).toContain('进展情况的通知');
    expect((await inboxTitles(await env.login('city.leader'))).join()).not.toContain('进展情况的通知');
    const office = (await (await env.login('city.coord')).req('GET', '/api/v1/announcements?box=office&status=draft')).body;
    expect(office.data.map((x: { title: string }) => x.title)).toEqual([expect.stringContaining('演示草稿')]);
  });
});
