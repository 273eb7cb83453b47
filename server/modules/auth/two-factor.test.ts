import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { huishang } from '../../cli/cli.testkit.js';
import { totpAt } from '../../platform/totp.js';
import { createTestEnv, dialect, TEST_PASSWORD, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
beforeEach(async () => {
  env = await createTestEnv();
});
afterEach(() => env?.close());

const login = (username: string, extra: Record<string, string> = {}) => env.anon('POST', '/api/v1/auth/login', { username, password: TEST_PASSWORD, ...extra });
const code = (secret: string) => totpAt(secret, env.clock.now());
// A code is good once: the next login waits for the authenticator's next one.
const nextStep = () => env.clock.advance(30_000);

/** Enrols the agent's account; answers the secret and the recovery codes. */
async function enrol(a: Agent): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await a.req('POST', '/api/v1/me/two-factor/setup');
  expect(setup.status).toBe(200);
  const enabled = await a.req('POST', '/api/v1/me/two-factor/enable', { code: code(setup.body.secret) });
  expect(enabled.status).toBe(200);
  nextStep();
  return { secret: setup.body.secret, recoveryCodes: enabled.body.recoveryCodes };
}

async function userRow(username: string) {
  return env.db
    .selectFrom('users')
    .select(['id', 'totp_secret', 'totp_pending_secret', 'totp_enabled_at', 'failed_count', 'locked_until'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
}

describe(`two-factor login (${dialect})`, () => {
  it('enrols with a first code of a sealed secret and shows ten recovery codes once, stored only as digests', async () => {
    const a = await env.login('wangcang.coord');
    const other = await env.login('wangcang.coord');
    expect((await a.req('GET', '/api/v1/me/two-factor')).body).toEqual({ enabled: false, enabledAt: null, required: false, recoveryCodesLeft: 0, pending: false });
    const setup = await a.req('POST', '/api/v1/me/two-factor/setup');
    expect(setup.status).toBe(200);
    const secret: string = setup.body.secret;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.body.otpauthUri).toBe(
      `otpauth://totp/${encodeURIComponent('会商平台:wangcang.coord')}?secret=${secret}&issuer=${encodeURIComponent('会商平台')}&algorithm=SHA1&digits=6&period=30`,
    );
    const pending = await userRow('wangcang.coord');
    expect(pending.totp_pending_secret).toMatch(/^f1:/);
    expect(pending.totp_pending_secret).not.toContain(secret);
    expect(pending.totp_secret).toBeNull();
    // Not on until a code proves the app holds the secret: the password alone still signs in.
    expect((await login('wangcang.coord')).status).toBe(200);

    const wrong = await a.req('POST', '/api/v1/me/two-factor/enable', { code: code(secret) === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('TWO_FACTOR_CODE_INVALID');
    expect((await a.req('POST', '/api/v1/me/two-factor/enable', { code: 'abc' })).status).toBe(400);
    expect((await userRow('wangcang.coord')).totp_secret).toBeNull();

    const enabled = await a.req('POST', '/api/v1/me/two-factor/enable', { code: code(secret) });
    expect(enabled.status).toBe(200);
    const codes: string[] = enabled.body.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    const stored = await env.db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', env.users['wangcang.coord']).execute();
    expect(stored).toHaveLength(10);
    for (const s of stored) expect(codes.some((c) => s.code_hash.includes(c) || s.code_hash.includes(c.replace('-', '')))).toBe(false);
    expect((await a.req('GET', '/api/v1/me/two-factor')).body).toMatchObject({ enabled: true, required: false, recoveryCodesLeft: 10, pending: false });
    expect((await a.req('GET', '/api/v1/me')).body.twoFactorEnabled).toBe(true);
    expect((await a.req('POST', '/api/v1/me/two-factor/setup')).body.error.code).toBe('TWO_FACTOR_ALREADY_ENABLED');
    // The session that enrolled stays; one signed in with the password alone is ended.
    expect((await a.req('GET', '/api/v1/me')).status).toBe(200);
    expect((await other.req('GET', '/api/v1/me')).status).toBe(401);
    const audit = await env.auditRows('user', env.users['wangcang.coord']);
    expect(audit.map((r) => r.action)).toContain('user.two_factor_enable');
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('asks for the code only after a correct password; a wrong, missing or replayed code creates no session', async () => {
    const { secret } = await enrol(await env.login('cangxi.coord'));
    const badPassword = await env.anon('POST', '/api/v1/auth/login', { username: 'cangxi.coord', password: 'Wrong#Passw0rd', code: code(secret) });
    expect(badPassword.status).toBe(401);
    expect(badPassword.body.error.code).toBe('INVALID_CREDENTIALS');

    const asked = await login('cangxi.coord');
    expect(asked.status).toBe(401);
    expect(asked.body.error.code).toBe('TWO_FACTOR_REQUIRED');
    expect(asked.headers['set-cookie']).toBeUndefined();

    const wrongCode = await login('cangxi.coord', { code: code(secret) === '123456' ? '654321' : '123456' });
    // Answered exactly as a bad password: a guesser learns nothing from which factor failed.
    expect([wrongCode.status, wrongCode.body]).toEqual([badPassword.status, badPassword.body]);
    expect(wrongCode.headers['set-cookie']).toBeUndefined();
    expect((await login('cangxi.coord', { code: 'not-a-code' })).status).toBe(400);

    const good = code(secret);
    const ok = await login('cangxi.coord', { code: good });
    expect(ok.status).toBe(200);
    expect(String(ok.headers['set-cookie'])).toMatch(/hs_sid=/);
    const replay = await login('cangxi.coord', { code: good });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('INVALID_CREDENTIALS');
    nextStep();
    expect((await login('cangxi.coord', { code: code(secret) })).status).toBe(200);

    const reasons = await env.db.selectFrom('login_log').select(['reason', 'success']).where('username', '=', 'cangxi.coord').orderBy('id').execute();
    expect(reasons.slice(-6)).toEqual([
      { reason: 'bad_password', success: 0 },
      { reason: 'second_factor_asked', success: 0 },
      { reason: 'bad_second_factor', success: 0 },
      { reason: null, success: 1 },
      { reason: 'bad_second_factor', success: 0 },
      { reason: null, success: 1 },
    ]);
  });

  it('counts wrong codes toward the lock, which then refuses even the right password and code', async () => {
    const { secret } = await enrol(await env.login('cangxi.coord'));
    const wrong = code(secret) === '000000' ? '999999' : '000000';
    for (let i = 0; i < 5; i++) expect((await login('cangxi.coord', { code: wrong })).status).toBe(401);
    expect((await userRow('cangxi.coord')).locked_until).not.toBeNull();
    const locked = await login('cangxi.coord', { code: code(secret) });
    expect(locked.status).toBe(401);
    expect(locked.body.error.code).toBe('INVALID_CREDENTIALS');
    const reasons = await env.db.selectFrom('login_log').select('reason').where('username', '=', 'cangxi.coord').orderBy('id').execute();
    expect(reasons.slice(-2).map((r) => r.reason)).toEqual(['bad_second_factor_locked', 'locked']);
  });

  it('takes each recovery code once, in place of a code, and a new set voids the old one', async () => {
    const a = await env.login('cangxi.coord');
    const { secret, recoveryCodes } = await enrol(a);
    const first = await login('cangxi.coord', { code: recoveryCodes[0].toLowerCase() });
    expect(first.status).toBe(200);
    expect((await login('cangxi.coord', { code: recoveryCodes[0] })).body.error.code).toBe('INVALID_CREDENTIALS');
    const row = await env.db
      .selectFrom('login_log')
      .select(['reason', 'success'])
      .where('username', '=', 'cangxi.coord')
      .where('success', '=', 1)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.reason).toBe('recovery_code');
    const b = await env.login('cangxi.coord', TEST_PASSWORD, recoveryCodes[1].replace('-', ''));
    expect((await b.req('GET', '/api/v1/me/two-factor')).body.recoveryCodesLeft).toBe(8);

    expect((await b.req('POST', '/api/v1/me/two-factor/recovery-codes', { code: '000000' === code(secret) ? '111111' : '000000' })).status).toBe(422);
    const renewed = await b.req('POST', '/api/v1/me/two-factor/recovery-codes', { code: code(secret) });
    expect(renewed.status).toBe(200);
    expect(renewed.body.recoveryCodes).toHaveLength(10);
    expect((await login('cangxi.coord', { code: recoveryCodes[2] })).status).toBe(401);
    expect((await login('cangxi.coord', { code: renewed.body.recoveryCodes[0] })).status).toBe(200);
    expect((await env.auditRows('user', env.users['cangxi.coord'])).map((r) => r.action)).toContain('user.recovery_codes');
  });

  it('lets an ordinary user switch it off with a current code, but not an administrator', async () => {
    const a = await env.login('wangcang.coord');
    const { secret } = await enrol(a);
    expect((await a.req('POST', '/api/v1/me/two-factor/disable', { code: code(secret) === '000000' ? '111111' : '000000' })).status).toBe(422);
    expect((await a.req('POST', '/api/v1/me/two-factor/disable', { code: code(secret) })).status).toBe(200);
    expect(await userRow('wangcang.coord')).toMatchObject({ totp_secret: null, totp_enabled_at: null });
    expect(await env.db.selectFrom('recovery_codes').select('id').where('user_id', '=', env.users['wangcang.coord']).execute()).toEqual([]);
    expect((await login('wangcang.coord')).status).toBe(200);
    expect((await env.auditRows('user', env.users['wangcang.coord'])).map((r) => r.action)).toContain('user.two_factor_disable');
    expect((await a.req('POST', '/api/v1/me/two-factor/disable', { code: '123456' })).body.error.code).toBe('TWO_FACTOR_NOT_ENABLED');

    const admin = await env.login('auditadmin');
    const adminSecret = (await enrol(admin)).secret;
    const refused = await admin.req('POST', '/api/v1/me/two-factor/disable', { code: code(adminSecret) });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('TWO_FACTOR_MANDATORY');
    expect((await userRow('auditadmin')).totp_secret).not.toBeNull();
  });

  it('holds an administrator without two-factor login to enrolling it before anything else', async () => {
    // Outside the demo, whose published administrators are not held (as their passwords are not flagged).
    await env.db.deleteFrom('settings').where('key', '=', 'demo_mode').execute();
    const sys = await env.login('sysadmin');
    const me = await sys.req('GET', '/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.twoFactorEnrolmentRequired).toBe(true);
    for (const [method, url] of [
      ['GET', '/api/v1/users'],
      ['GET', '/api/v1/parameters'],
      ['POST', '/api/v1/me/tokens'],
    ] as const) {
      const r = await sys.req(method, url, method === 'POST' ? { name: 'x' } : undefined);
      expect(r.status, url).toBe(403);
      expect(r.body.error.code).toBe('TWO_FACTOR_ENROLMENT_REQUIRED');
    }
    // An ordinary account is not held.
    expect((await (await env.login('wangcang.coord')).req('GET', '/api/v1/consultations')).status).toBe(200);

    const { secret } = await enrol(sys);
    expect((await sys.req('GET', '/api/v1/users')).status).toBe(200);
    expect((await sys.req('GET', '/api/v1/me')).body.twoFactorEnrolmentRequired).toBe(false);
    expect((await login('sysadmin')).body.error.code).toBe('TWO_FACTOR_REQUIRED');
    const again = await env.login('sysadmin', TEST_PASSWORD, code(secret));
    expect((await again.req('GET', '/api/v1/parameters')).status).toBe(200);
  });

  it('lets the security administrator reset an ordinary account, never another administrator’s, and the server command any', async () => {
    const coordId = env.users['wangcang.coord'];
    const coord = await env.login('wangcang.coord');
    await enrol(coord);
    const auditor = await env.login('auditadmin');
    await enrol(auditor);
    const sec = await env.login('secadmin');
    await enrol(sec);
    const sys = await env.login('sysadmin');
    const leader = await env.login('city.leader');

    for (const [who, status] of [
      [sys, 403],
      [leader, 403],
      [coord, 403],
    ] as const) {
      expect((await who.req('POST', `/api/v1/users/${coordId}/two-factor/reset`)).status).toBe(status);
    }
    const protectedAdmin = await sec.req('POST', `/api/v1/users/${env.users.auditadmin}/two-factor/reset`);
    expect(protectedAdmin.status).toBe(403);
    expect(protectedAdmin.body.error.code).toBe('ADMIN_ACCOUNT_PROTECTED');
    expect((await sec.req('POST', `/api/v1/users/${env.users.secadmin}/two-factor/reset`)).status).toBe(422);
    expect((await sec.req('POST', '/api/v1/users/99999/two-factor/reset')).status).toBe(404);
    expect((await userRow('auditadmin')).totp_secret).not.toBeNull();

    const reset = await sec.req('POST', `/api/v1/users/${coordId}/two-factor/reset`);
    expect(reset.status).toBe(200);
    expect(reset.body.twoFactorEnabled).toBe(false);
    expect((await coord.req('GET', '/api/v1/me')).status).toBe(401);
    expect((await login('wangcang.coord')).status).toBe(200);
    expect((await sec.req('POST', `/api/v1/users/${coordId}/two-factor/reset`)).body.error.code).toBe('TWO_FACTOR_NOT_ENABLED');
    const audit = await env.auditRows('user', coordId);
    expect(audit.find((r) => r.action === 'user.two_factor_reset')).toMatchObject({ username: 'secadmin', before: { twoFactorEnabled: true }, after: { twoFactorEnabled: false } });

    const cli = await huishang(['user', 'reset-2fa', '--username', 'auditadmin'], { DATABASE_URL: env.databaseUrl });
    expect(cli.code, cli.stderr).toBe(0);
    expect((await userRow('auditadmin')).totp_secret).toBeNull();
    expect((await auditor.req('GET', '/api/v1/me')).status).toBe(401);
    const twice = await huishang(['user', 'reset-2fa', '--username', 'auditadmin'], { DATABASE_URL: env.databaseUrl });
    expect(twice.code).toBe(2);
  });
});
