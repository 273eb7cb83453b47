import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MLPS3_PASSWORD_PROFILE } from '../../../domain/parameters.js';
import { createTestEnv, dialect, TEST_PASSWORD, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
// Each test sets the policy the server obeys: a fresh copy of the demo each time.
beforeEach(async () => {
  env = await createTestEnv();
});
afterEach(() => env?.close());

const DAY = 86_400_000;
const set = async (key: string, value: number | null) => {
  const r = await (await env.login('sysadmin')).req('PUT', `/api/v1/parameters/${key}`, { value });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
};
const change = (a: Agent, oldPassword: string, newPassword: string) => a.req('POST', '/api/v1/me/password', { oldPassword, newPassword });

describe(`password policy (${dialect})`, () => {
  it('is a group of 系统参数 with the product defaults, and the mlps3 profile is within its bounds', async () => {
    const list = (await (await env.login('sysadmin')).req('GET', '/api/v1/parameters')).body.data as { key: string; group: string; value: number; min: number; max: number }[];
    const policy = list.filter((p) => p.group === '密码策略');
    expect(Object.fromEntries(policy.map((p) => [p.key, p.value]))).toEqual({
      'password.minLength': 10,
      'password.minClasses': 3,
      'password.history': 5,
      'password.expiryDays': 0,
    });
    for (const [key, value] of Object.entries(MLPS3_PASSWORD_PROFILE)) {
      const p = policy.find((x) => x.key === key)!;
      expect(value).toBeGreaterThanOrEqual(p.min);
      expect(value).toBeLessThanOrEqual(p.max);
    }
    expect((await (await env.login('sysadmin')).req('PUT', '/api/v1/parameters/password.minLength', { value: 6 })).status).toBe(400);
  });

  it('holds every new password to the configured length and classes, and never the username', async () => {
    await set('password.minLength', 14);
    await set('password.minClasses', 4);
    const a = await env.login('wangcang.coord');
    const cases: [string, string | null][] = [
      ['Short#Pass123', '密码至少 14 位'],
      ['NoSymbolsHere12345', '密码须同时包含大写字母、小写字母、数字、符号'],
      ['Wangcang.Coord#2026x', '密码不能包含用户名'],
      ['Long#Enough#Pass2026', null],
    ];
    for (const [pw, problem] of cases) {
      const r = await change(a, TEST_PASSWORD, pw);
      if (problem) {
        expect(r.status, pw).toBe(422);
        expect(r.body.error).toMatchObject({ code: 'WEAK_PASSWORD', message: problem });
      } else {
        expect(r.status, pw).toBe(200);
      }
    }
    const sys = await env.login('sysadmin');
    const created = await sys.req('POST', '/api/v1/users', { username: 'new.user', displayName: '新用户', orgId: env.orgs.guangyuan, password: 'Short#Pass123' });
    expect(created.status).toBe(422);
    expect(created.body.error.message).toBe('密码至少 14 位');
    const reset = await sys.req('POST', `/api/v1/users/${env.users['cangxi.coord']}/password`, { password: 'NoSymbolsHere12345' });
    expect(reset.status).toBe(422);
  });

  it('refuses the last N passwords (the current one included), a reset one too, and forgets older ones', async () => {
    await set('password.history', 3);
    const a = await env.login('wangcang.coord');
    const seq = [TEST_PASSWORD, 'First#Change2026', 'Second#Change2026', 'Third#Change2026'];
    for (let i = 1; i < seq.length; i++) expect((await change(a, seq[i - 1], seq[i])).status).toBe(200);
    // Now: Third (current), Second, First are the last three; the test password is older.
    for (const old of ['Third#Change2026', 'Second#Change2026', 'First#Change2026']) {
      const r = await change(a, 'Third#Change2026', old);
      expect(r.status, old).toBe(422);
      expect(r.body.error).toMatchObject({ code: 'PASSWORD_REUSED', message: '新密码不能与最近 3 次使用过的密码相同' });
    }
    expect((await change(a, 'Third#Change2026', TEST_PASSWORD)).status).toBe(200);

    // A password the administrator set is remembered too: its owner must choose another.
    const sys = await env.login('sysadmin');
    expect((await sys.req('POST', `/api/v1/users/${env.users['cangxi.coord']}/password`, { password: 'Admin#Chosen2026' })).status).toBe(200);
    const c = await env.login('cangxi.coord', 'Admin#Chosen2026');
    expect((await change(c, 'Admin#Chosen2026', 'Admin#Chosen2026')).body.error.code).toBe('PASSWORD_REUSED');
    expect((await change(c, 'Admin#Chosen2026', TEST_PASSWORD)).body.error.code).toBe('PASSWORD_REUSED');
    expect((await change(c, 'Admin#Chosen2026', 'Mine#Own#Pass2026')).status).toBe(200);

    await set('password.history', 0);
    expect((await change(c, 'Mine#Own#Pass2026', 'Mine#Own#Pass2026')).body.error.code).toBe('PASSWORD_REUSED');
    expect((await change(c, 'Mine#Own#Pass2026', 'Admin#Chosen2026')).status).toBe(200);
  });

  it('forces a change at the first login after the password expires, and only then', async () => {
    await set('password.expiryDays', 30);
    env.clock.advance(29 * DAY);
    const early = await env.login('wangcang.coord');
    expect((await early.req('GET', '/api/v1/consultations')).status).toBe(200);
    env.clock.advance(2 * DAY);
    const late = await env.login('wangcang.coord');
    const me = (await late.req('GET', '/api/v1/me')).body;
    expect(me).toMatchObject({ mustChangePassword: true, passwordExpired: true });
    const held = await late.req('GET', '/api/v1/consultations');
    expect(held.status).toBe(403);
    expect(held.body.error).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED', message: '密码已超过有效期，请先修改密码后再继续' });
    expect((await change(late, TEST_PASSWORD, 'Fresh#Password2026')).status).toBe(200);
    expect((await late.req('GET', '/api/v1/consultations')).status).toBe(200);
    const next = await env.login('wangcang.coord', 'Fresh#Password2026');
    expect((await next.req('GET', '/api/v1/me')).body).toMatchObject({ mustChangePassword: false, passwordExpired: false });
    // The administrators' passwords have aged too; with no expiry set, an old password holds nobody.
    const sys = await env.login('sysadmin');
    expect((await sys.req('GET', '/api/v1/parameters')).status).toBe(403);
    expect((await change(sys, TEST_PASSWORD, 'Sys#Admin#Pass2026')).status).toBe(200);
    expect((await sys.req('PUT', '/api/v1/parameters/password.expiryDays', { value: null })).status).toBe(200);
    env.clock.advance(400 * DAY);
    expect((await (await env.login('cangxi.coord')).req('GET', '/api/v1/consultations')).status).toBe(200);
  });
});
