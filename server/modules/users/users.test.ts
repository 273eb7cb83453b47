import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let sys: Agent;
let sec: Agent;
// Tests create, disable, lock and reset accounts: each starts from a fresh copy of the demo.
beforeEach(async () => {
  env = await createTestEnv();
  sys = await env.login('sysadmin');
  sec = await env.login('secadmin');
});
afterEach(() => env?.close());

describe(`users and roles (${dialect})`, () => {
  it('the system administrator creates accounts; the security administrator grants roles; both audited', async () => {
    const created = await sys.req('POST', '/api/v1/users', { username: 'jiange.coord', displayName: '剑阁县联络员', orgId: env.orgs['jiange.gov'], password: 'Strong#Pass2026' });
    expect(created.status).toBe(201);
    expect(created.body.roles).toEqual([]);
    const byAdmin = await sys.req('PUT', `/api/v1/users/${created.body.id}/roles`, { roles: [{ role: 'partner_coordinator' }], version: created.body.version });
    expect(byAdmin.status).toBe(403);
    const granted = await sec.req('PUT', `/api/v1/users/${created.body.id}/roles`, { roles: [{ role: 'partner_coordinator' }], version: created.body.version });
    expect(granted.status).toBe(200);
    expect(granted.body.roles).toEqual([{ role: 'partner_coordinator', orgId: env.orgs['jiange.gov'], orgName: '剑阁县人民政府' }]);
    const me = await (await env.login('jiange.coord', 'Strong#Pass2026')).req('GET', '/api/v1/me');
    expect(me.body.permissions).toContain('item.write');
    const audit = await env.auditRows('user', created.body.id);
    expect(audit.map((a) => a.action)).toEqual(['user.create', 'user.roles']);
    expect(audit[1].after.roles[0].role).toBe('partner_coordinator');
    expect(JSON.stringify(audit)).not.toContain('Strong#Pass2026');
  });

  it('pages accounts by id, and refuses a cursor no account could have with a 400 on every database', async () => {
    const first = await sys.req('GET', '/api/v1/users?limit=2');
    expect(first.status).toBe(200);
    const second = await sys.req('GET', `/api/v1/users?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.status).toBe(200);
    expect(second.body.data.map((u: { id: number }) => u.id)).not.toContain(first.body.data[0].id);
    for (const cursor of ['9999999999999999999999999999999999999999', '2147483648', '0', '-1', '1.5', 'abc']) {
      const r = await sys.req('GET', `/api/v1/users?cursor=${cursor}`);
      expect(r.status, cursor).toBe(400);
    }
    // The same rule pages the audit trail and the job runs.
    const audit = await env.login('auditadmin');
    expect((await audit.req('GET', '/api/v1/audit-log?cursor=999999999999')).status).toBe(400);
    expect((await sys.req('GET', '/api/v1/jobs/runs?cursor=999999999999')).status).toBe(400);
  });

  it('grants no administrator role through the web, alone or beside another role', async () => {
    const u = await sys.req('POST', '/api/v1/users', { username: 'double.admin', displayName: '双重管理员', orgId: env.orgs.guangyuan, password: 'Strong#Pass2026' });
    for (const roles of [[{ role: 'audit_admin' }], [{ role: 'sys_admin' }, { role: 'audit_admin' }], [{ role: 'audit_admin' }, { role: 'viewer' }]]) {
      const r = await sec.req('PUT', `/api/v1/users/${u.body.id}/roles`, { roles, version: u.body.version });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('ADMIN_ACCOUNT_PROTECTED');
    }
    const roles = await env.db.selectFrom('user_roles').select('role').where('user_id', '=', u.body.id).execute();
    expect(roles).toEqual([]);
    const self = await sec.req('PUT', `/api/v1/users/${env.users.secadmin}/roles`, { roles: [{ role: 'sec_admin' }, { role: 'viewer' }], version: 1 });
    expect(self.status).toBe(403);
  });

  it('refuses weak passwords and duplicate usernames', async () => {
    const weak = await sys.req('POST', '/api/v1/users', { username: 'weak.user', displayName: '弱口令', orgId: env.orgs.bureau, password: 'password' });
    expect(weak.status).toBe(422);
    expect(weak.body.error.code).toBe('WEAK_PASSWORD');
    const dup = await sys.req('POST', '/api/v1/users', { username: 'city.coord', displayName: '重名', orgId: env.orgs.bureau, password: 'Strong#Pass2026' });
    expect(dup.status).toBe(409);
    const badName = await sys.req('POST', '/api/v1/users', { username: 'Bad Name', displayName: 'x', orgId: env.orgs.bureau, password: 'Strong#Pass2026' });
    expect(badName.status).toBe(400);
    expect(badName.body.error.details[0].field).toBe('body.username');
  });

  it('disabling an account ends its sessions and blocks login', async () => {
    const victim = await env.login('city.leader');
    const user = (await sys.req('GET', `/api/v1/users/${env.users['city.leader']}`)).body;
    const r = await sys.req('PATCH', `/api/v1/users/${user.id}`, { status: 'disabled', version: user.version });
    expect(r.status).toBe(200);
    expect((await victim.req('GET', '/api/v1/me')).status).toBe(401);
    const login = await env.anon('POST', '/api/v1/auth/login', { username: 'city.leader', password: 'Test@Passw0rd' });
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe('ACCOUNT_DISABLED');
  });

  it('unlocks a locked account and resets a password', async () => {
    for (let i = 0; i < 5; i++) await env.anon('POST', '/api/v1/auth/login', { username: 'cangxi.coord', password: 'wrong' });
    const listed = await sys.req('GET', `/api/v1/users?q=cangxi`);
    expect(listed.body.data[0].lockedUntil).not.toBeNull();
    expect((await sec.req('POST', `/api/v1/users/${env.users['cangxi.coord']}/unlock`)).status).toBe(200);
    await env.login('cangxi.coord');
    expect((await sys.req('POST', `/api/v1/users/${env.users['cangxi.coord']}/password`, { password: 'Reset#Pass2026' })).status).toBe(200);
    await env.login('cangxi.coord', 'Reset#Pass2026');
  });

  it('keeps business users and the audit administrator out of account management', async () => {
    for (const u of ['city.coord', 'auditadmin']) {
      const a = await env.login(u);
      expect((await a.req('GET', '/api/v1/users')).status, u).toBe(403);
      expect((await a.req('POST', '/api/v1/users', { username: 'x.y', displayName: 'x', orgId: env.orgs.bureau, password: 'Strong#Pass2026' })).status, u).toBe(403);
    }
  });

  it('asks for user.manage to create, edit and reset accounts: the other roles get 403 and change nothing; the system administrator succeeds, audited', async () => {
    const target = env.users['cangxi.coord'];
    const before = (await sys.req('GET', `/api/v1/users/${target}`)).body;
    const others = { secadmin: sec, auditadmin: await env.login('auditadmin'), 'city.coord': await env.login('city.coord'), 'wangcang.nyj': await env.login('wangcang.nyj') };
    for (const [name, a] of Object.entries(others)) {
      const create = await a.req('POST', '/api/v1/users', {
        username: `by.${name.replace('.', '')}`,
        displayName: '越权新增',
        orgId: env.orgs['jiange.gov'],
        password: 'Strong#Pass2026',
      });
      expect(create.status, name).toBe(403);
      expect(create.body.error.code, name).toBe('FORBIDDEN');
      expect((await a.req('PATCH', `/api/v1/users/${target}`, { displayName: '越权改名', version: before.version })).status, name).toBe(403);
      expect((await a.req('POST', `/api/v1/users/${target}/password`, { password: 'Reset#Pass2026' })).status, name).toBe(403);
    }
    expect(await env.db.selectFrom('users').select('id').where('display_name', 'in', ['越权新增', '越权改名']).execute()).toEqual([]);
    expect(await env.auditRows('user', target)).toEqual([]);
    await env.login('cangxi.coord');

    const created = await sys.req('POST', '/api/v1/users', { username: 'jiange.viewer', displayName: '剑阁县查看员', orgId: env.orgs['jiange.gov'], password: 'Strong#Pass2026' });
    expect(created.status).toBe(201);
    const renamed = await sys.req('PATCH', `/api/v1/users/${target}`, { displayName: '苍溪县联络员（改）', version: before.version });
    expect(renamed.status).toBe(200);
    expect(renamed.body.displayName).toBe('苍溪县联络员（改）');
    expect((await sys.req('POST', `/api/v1/users/${target}/password`, { password: 'Reset#Pass2026' })).status).toBe(200);
    await env.login('cangxi.coord', 'Reset#Pass2026');
    expect((await env.auditRows('user', created.body.id)).map((a) => [a.action, a.username])).toEqual([['user.create', 'sysadmin']]);
    const audit = await env.auditRows('user', target);
    expect(audit.map((a) => [a.action, a.username])).toEqual([
      ['user.update', 'sysadmin'],
      ['user.password_reset', 'sysadmin'],
    ]);
    expect(audit[0]).toMatchObject({ before: { displayName: before.displayName }, after: { displayName: '苍溪县联络员（改）' } });
  });

  it('asks for role.grant to grant roles: the system administrator and business users get 403; the security administrator succeeds, audited', async () => {
    const target = env.users['city.leader'];
    const before = (await sec.req('GET', `/api/v1/users/${target}`)).body;
    for (const [name, a] of Object.entries({ sysadmin: sys, auditadmin: await env.login('auditadmin'), 'city.coord': await env.login('city.coord') })) {
      const r = await a.req('PUT', `/api/v1/users/${target}/roles`, { roles: [{ role: 'host_coordinator' }], version: before.version });
      expect(r.status, name).toBe(403);
      expect(r.body.error.code, name).toBe('FORBIDDEN');
    }
    expect((await env.db.selectFrom('user_roles').select('role').where('user_id', '=', target).execute()).map((r) => r.role)).toEqual(['leader']);
    expect(await env.auditRows('user', target)).toEqual([]);

    const granted = await sec.req('PUT', `/api/v1/users/${target}/roles`, { roles: [{ role: 'leader' }, { role: 'viewer' }], version: before.version });
    expect(granted.status).toBe(200);
    expect(granted.body.roles.map((r: { role: string }) => r.role).sort()).toEqual(['leader', 'viewer']);
    const audit = await env.auditRows('user', target);
    expect(audit.map((a) => [a.action, a.username])).toEqual([['user.roles', 'secadmin']]);
    expect(audit[0].before.roles.map((r: { role: string }) => r.role)).toEqual(['leader']);
    expect(audit[0].after.roles.map((r: { role: string }) => r.role).sort()).toEqual(['leader', 'viewer']);
  });

  it('lets both account administrators unlock (user.unlock), and nobody else', async () => {
    const target = env.users['cangxi.coord'];
    for (let i = 0; i < 5; i++) await env.anon('POST', '/api/v1/auth/login', { username: 'cangxi.coord', password: 'wrong' });
    for (const u of ['auditadmin', 'city.coord', 'city.leader']) {
      const a = await env.login(u);
      expect((await a.req('POST', `/api/v1/users/${target}/unlock`)).status, u).toBe(403);
      expect((await a.req('GET', `/api/v1/users/${target}`)).status, u).toBe(403);
    }
    expect((await env.anon('POST', '/api/v1/auth/login', { username: 'cangxi.coord', password: 'Test@Passw0rd' })).status).not.toBe(200);
    expect(await env.auditRows('user', target)).toEqual([]);
    expect((await sec.req('POST', `/api/v1/users/${target}/unlock`)).status).toBe(200);
    await env.login('cangxi.coord');
    for (let i = 0; i < 5; i++) await env.anon('POST', '/api/v1/auth/login', { username: 'cangxi.coord', password: 'wrong' });
    expect((await sys.req('POST', `/api/v1/users/${target}/unlock`)).status).toBe(200);
    await env.login('cangxi.coord');
    expect((await env.auditRows('user', target)).map((a) => [a.action, a.username])).toEqual([
      ['user.unlock', 'secadmin'],
      ['user.unlock', 'sysadmin'],
    ]);
  });

  it('gives the audit administrator the audit and login logs, and nobody else', async () => {
    // Something for each log to show: an account created, a failed sign-in.
    expect((await sys.req('POST', '/api/v1/users', { username: 'log.subject', displayName: '日志测试', orgId: env.orgs.bureau, password: 'Strong#Pass2026' })).status).toBe(201);
    expect((await env.anon('POST', '/api/v1/auth/login', { username: 'cangxi.coord', password: 'wrong' })).body.error.code).toBe('INVALID_CREDENTIALS');
    const audit = await env.login('auditadmin');
    const log = await audit.req('GET', '/api/v1/audit-log?action=user.create');
    expect(log.status).toBe(200);
    expect(log.body.data.length).toBeGreaterThan(0);
    expect(log.body.data.every((e: { action: string }) => e.action === 'user.create')).toBe(true);
    const logins = await audit.req('GET', '/api/v1/login-log?success=false');
    expect(logins.body.data.some((e: { username: string }) => e.username === 'cangxi.coord')).toBe(true);
    expect((await sys.req('GET', '/api/v1/audit-log')).status).toBe(403);
    expect((await sec.req('GET', '/api/v1/login-log')).status).toBe(403);
  });
});
