import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { huishang } from '../../cli/cli.testkit.js';
import { openDatabase } from '../../platform/db.js';
import { createDemoDatabase, createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

// 三员分立 as an attacker tried it: the system administrator resetting the auditor's password and
// signing in as them, the security administrator re-arranging the administrators' roles.

let env: TestEnv;
let sys: Agent;
let sec: Agent;
beforeEach(async () => {
  env = await createTestEnv();
  sys = await env.login('sysadmin');
  sec = await env.login('secadmin');
});
afterEach(() => env?.close());

const NEW_PASSWORD = 'Another#Pass2026';

async function userRow(id: number) {
  return env.db
    .selectFrom('users')
    .select(['password_hash', 'status', 'failed_count', 'locked_until', 'must_change_password', 'version'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe(`separation of the three administrators (${dialect})`, () => {
  it('the system administrator can neither reset, disable, edit nor unlock another administrator', async () => {
    for (const target of ['auditadmin', 'secadmin'] as const) {
      const id = env.users[target];
      const before = await userRow(id);
      const attempts = [
        await sys.req('POST', `/api/v1/users/${id}/password`, { password: NEW_PASSWORD }),
        await sys.req('PATCH', `/api/v1/users/${id}`, { status: 'disabled', version: before.version }),
        await sys.req('PATCH', `/api/v1/users/${id}`, { displayName: '改名', version: before.version }),
        await sys.req('POST', `/api/v1/users/${id}/unlock`),
      ];
      for (const r of attempts) {
        expect(r.status, JSON.stringify(r.body)).toBe(403);
        expect(r.body.error.code).toBe('ADMIN_ACCOUNT_PROTECTED');
      }
      expect(await userRow(id)).toEqual(before);
      // The attacker's goal: signing in with the password it chose.
      await expect(env.login(target, NEW_PASSWORD)).rejects.toThrow(/401/);
      await env.login(target);
    }
  });

  it('the security administrator can neither strip the auditor nor make the system administrator an auditor', async () => {
    const audit = await sec.req('GET', `/api/v1/users/${env.users.auditadmin}`);
    const strip = await sec.req('PUT', `/api/v1/users/${env.users.auditadmin}/roles`, { roles: [], version: audit.body.version });
    expect(strip.status).toBe(403);
    expect(strip.body.error.code).toBe('ADMIN_ACCOUNT_PROTECTED');
    const admin = await sec.req('GET', `/api/v1/users/${env.users.sysadmin}`);
    const grant = await sec.req('PUT', `/api/v1/users/${env.users.sysadmin}/roles`, { roles: [{ role: 'sys_admin' }, { role: 'audit_admin' }], version: admin.body.version });
    expect(grant.status).toBe(403);
    const plain = await sec.req('GET', `/api/v1/users/${env.users['city.leader']}`);
    const appoint = await sec.req('PUT', `/api/v1/users/${env.users['city.leader']}/roles`, { roles: [{ role: 'audit_admin' }], version: plain.body.version });
    expect(appoint.status).toBe(403);
    const roles = await env.db.selectFrom('user_roles').select(['user_id', 'role']).where('role', 'in', ['sys_admin', 'sec_admin', 'audit_admin']).orderBy('role').execute();
    expect(roles).toEqual([
      { user_id: env.users.auditadmin, role: 'audit_admin' },
      { user_id: env.users.secadmin, role: 'sec_admin' },
      { user_id: env.users.sysadmin, role: 'sys_admin' },
    ]);
    // Business accounts stay theirs to manage.
    const viewer = await sec.req('PUT', `/api/v1/users/${env.users['city.leader']}/roles`, { roles: [{ role: 'leader' }, { role: 'viewer' }], version: plain.body.version });
    expect(viewer.status).toBe(200);
  });

  it('a reset password lets its owner do nothing but change it, and the same password is not a change', async () => {
    const id = env.users['wangcang.coord'];
    expect((await sys.req('POST', `/api/v1/users/${id}/password`, { password: NEW_PASSWORD })).status).toBe(200);
    const owner = await env.login('wangcang.coord', NEW_PASSWORD);
    const me = await owner.req('GET', '/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.mustChangePassword).toBe(true);
    for (const [method, url] of [
      ['GET', '/api/v1/consultations'],
      ['GET', `/api/v1/consultations/${env.consultations.wangcang}/items`],
      ['POST', '/api/v1/me/tokens'],
    ] as const) {
      const r = await owner.req(method, url, method === 'POST' ? { name: '脚本' } : undefined);
      expect(r.status, url).toBe(403);
      expect(r.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    }
    const same = await owner.req('POST', '/api/v1/me/password', { oldPassword: NEW_PASSWORD, newPassword: NEW_PASSWORD });
    expect(same.status).toBe(422);
    expect(same.body.error.details[0].field).toBe('body.newPassword');
    const changed = await owner.req('POST', '/api/v1/me/password', { oldPassword: NEW_PASSWORD, newPassword: 'Own#Choice2026' });
    expect(changed.status).toBe(200);
    expect((await owner.req('GET', '/api/v1/consultations')).status).toBe(200);
    expect((await owner.req('GET', '/api/v1/me')).body.mustChangePassword).toBe(false);
  });

  it('an API token of an account whose password was reset is held too, until the owner changes it', async () => {
    const owner = await env.login('city.coord');
    const token = (await owner.req('POST', '/api/v1/me/tokens', { name: '报表脚本' })).body.token;
    const bearer = { authorization: `Bearer ${token}` };
    expect((await env.anon('GET', '/api/v1/consultations', undefined, bearer)).status).toBe(200);
    await sys.req('POST', `/api/v1/users/${env.users['city.coord']}/password`, { password: NEW_PASSWORD });
    const held = await env.anon('GET', '/api/v1/consultations', undefined, bearer);
    expect(held.status).toBe(403);
    expect(held.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('a new account starts with a password to change; the demo accounts do not', async () => {
    const created = await sys.req('POST', '/api/v1/users', { username: 'jiange.new', displayName: '剑阁县新用户', orgId: env.orgs['jiange.gov'], password: NEW_PASSWORD });
    expect(created.body.mustChangePassword).toBe(true);
    const fresh = await env.login('jiange.new', NEW_PASSWORD);
    expect((await fresh.req('GET', '/api/v1/organisations')).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const flagged = await env.db.selectFrom('users').select('username').where('must_change_password', '=', 1).execute();
    expect(flagged.map((u) => u.username)).toEqual(['jiange.new']);
  });
});

describe(`administrator accounts kept from the command line (${dialect})`, () => {
  it('resets an administrator’s password to one that must be changed, and sets roles under the same separation rule', async () => {
    const { url, drop } = await createDemoDatabase();
    const handle = openDatabase(url);
    try {
      const reset = await huishang(['user', 'reset-password', '--username', 'auditadmin', '--password', NEW_PASSWORD], { DATABASE_URL: url });
      expect(reset.code, reset.stderr).toBe(0);
      const row = await handle.db.selectFrom('users').select('must_change_password').where('username', '=', 'auditadmin').executeTakeFirstOrThrow();
      expect(row.must_change_password).toBe(1);
      const conflict = await huishang(['user', 'roles', '--username', 'sysadmin', '--role', 'sys_admin', '--role', 'audit_admin'], { DATABASE_URL: url });
      expect(conflict.code).toBe(2);
      expect(conflict.stderr).toContain('三员分立');
      const granted = await huishang(['user', 'roles', '--username', 'city.leader', '--role', 'leader', '--role', 'viewer'], { DATABASE_URL: url });
      expect(granted.code, granted.stderr).toBe(0);
      const roles = await handle.db
        .selectFrom('user_roles as r')
        .innerJoin('users as u', 'u.id', 'r.user_id')
        .select('r.role')
        .where('u.username', '=', 'city.leader')
        .orderBy('r.role')
        .execute();
      expect(roles.map((r) => r.role)).toEqual(['leader', 'viewer']);
    } finally {
      await handle.close();
      await drop();
    }
  });
});
