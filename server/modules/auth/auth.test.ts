import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, TEST_PASSWORD, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

describe(`auth (${dialect})`, () => {
  it('logs in with an HttpOnly SameSite=Lax cookie and returns the user and a CSRF token', async () => {
    const r = await env.anon('POST', '/api/v1/auth/login', { username: 'wangcang.coord', password: TEST_PASSWORD });
    expect(r.status).toBe(200);
    expect(r.body.user.username).toBe('wangcang.coord');
    expect(r.body.user.org.name).toBe('旺苍县人民政府');
    expect(r.body.user.roles.map((x: { role: string }) => x.role)).toEqual(['partner_coordinator']);
    expect(typeof r.body.csrfToken).toBe('string');
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(/hs_sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const row = await env.db.selectFrom('login_log').selectAll().where('username', '=', 'wangcang.coord').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.success).toBe(1);
  });

  it('GET /me returns the user, permissions and the CSRF token; logout ends the session', async () => {
    const a = await env.login('city.coord');
    const me = await a.req('GET', '/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.permissions).toContain('consultation.create');
    expect(me.body.csrfToken).toBe(a.csrf);
    const out = await a.req('POST', '/api/v1/auth/logout');
    expect(out.status).toBe(200);
    expect((await a.req('GET', '/api/v1/me')).status).toBe(401);
  });

  it('says the same for an unknown user and a wrong password, and logs both failures', async () => {
    const unknown = await env.anon('POST', '/api/v1/auth/login', { username: 'nobody', password: 'x' });
    const wrong = await env.anon('POST', '/api/v1/auth/login', { username: 'city.leader', password: 'wrong' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
    const fails = await env.db.selectFrom('login_log').select(['username', 'reason']).where('success', '=', 0).execute();
    expect(fails.map((f) => f.username)).toEqual(expect.arrayContaining(['nobody', 'city.leader']));
  });

  it('locks an account for 30 minutes after 5 failed logins, even for the right password, answering as a bad password does', async () => {
    const answers: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await env.anon('POST', '/api/v1/auth/login', { username: 'wangcang.nyj', password: 'bad-password' });
      answers.push([r.status, r.body.error]);
    }
    const locked = await env.anon('POST', '/api/v1/auth/login', { username: 'wangcang.nyj', password: TEST_PASSWORD });
    answers.push([locked.status, locked.body.error]);
    const unknown = await env.anon('POST', '/api/v1/auth/login', { username: 'nobody.here', password: 'bad-password' });
    answers.push([unknown.status, unknown.body.error]);
    // Whether the name exists, the password was right or the account is locked: one answer, so none can be probed.
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(locked.status).toBe(401);
    expect(locked.body.error.code).toBe('INVALID_CREDENTIALS');
    const reasons = await env.db.selectFrom('login_log').select('reason').where('username', '=', 'wangcang.nyj').orderBy('id').execute();
    expect(reasons.map((r) => r.reason)).toEqual(['bad_password', 'bad_password', 'bad_password', 'bad_password', 'bad_password_locked', 'locked']);
    env.clock.advance(29 * 60_000);
    expect((await env.anon('POST', '/api/v1/auth/login', { username: 'wangcang.nyj', password: TEST_PASSWORD })).status).toBe(401);
    env.clock.advance(2 * 60_000);
    expect((await env.anon('POST', '/api/v1/auth/login', { username: 'wangcang.nyj', password: TEST_PASSWORD })).status).toBe(200);
  });

  it('ends a session idle for more than 30 minutes', async () => {
    const a = await env.login('city.leader');
    env.clock.advance(29 * 60_000);
    expect((await a.req('GET', '/api/v1/me')).status).toBe(200);
    env.clock.advance(29 * 60_000);
    expect((await a.req('GET', '/api/v1/me')).status).toBe(200);
    env.clock.advance(31 * 60_000);
    const r = await a.req('GET', '/api/v1/me');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('SESSION_EXPIRED');
    expect((await a.req('GET', '/api/v1/me')).status).toBe(401);
  });

  it('issues personal API tokens that work as Bearer without CSRF and stop working when revoked', async () => {
    const a = await env.login('city.coord');
    const created = await a.req('POST', '/api/v1/me/tokens', { name: '统计脚本' });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token.startsWith('hs_')).toBe(true);
    const stored = await env.db.selectFrom('api_tokens').select('token_hash').where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    const list = await env.anon('GET', '/api/v1/consultations', undefined, bearer);
    expect(list.status).toBe(200);
    const item = await env.anon('GET', '/api/v1/items/1', undefined, bearer);
    const patched = await env.anon('PATCH', '/api/v1/items/1', { version: item.body.version, responsible: '令牌用户' }, bearer);
    expect(patched.status).toBe(200);
    expect((await a.req('DELETE', `/api/v1/me/tokens/${created.body.id}`)).status).toBe(200);
    expect((await env.anon('GET', '/api/v1/consultations', undefined, bearer)).status).toBe(401);
    expect((await env.anon('GET', '/api/v1/consultations', undefined, { authorization: 'Bearer hs_forged' })).status).toBe(401);
  });

  it('changes the own password only with the old one and a strong new one', async () => {
    const a = await env.login('cangxi.coord');
    expect((await a.req('POST', '/api/v1/me/password', { oldPassword: 'wrong', newPassword: 'N3w@Password!' })).status).toBe(401);
    const weak = await a.req('POST', '/api/v1/me/password', { oldPassword: TEST_PASSWORD, newPassword: 'abcdefghijk' });
    expect(weak.status).toBe(422);
    expect(weak.body.error.code).toBe('WEAK_PASSWORD');
    expect((await a.req('POST', '/api/v1/me/password', { oldPassword: TEST_PASSWORD, newPassword: 'N3w@Password!' })).status).toBe(200);
    await env.login('cangxi.coord', 'N3w@Password!');
    const audit = await env.auditRows('user', env.users['cangxi.coord']);
    expect(audit.map((x) => x.action)).toContain('user.password_change');
  });
});
