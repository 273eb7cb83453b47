import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../platform/crypto.js';
import { createTestEnv, dialect, TEST_PASSWORD, type TestEnv } from '../../testing/support.js';

// A locked account must not be told apart from a wrong password by its answer nor by how long the
// answer takes: a quick refusal would tell a prober which accounts it has locked, and so which exist.

let env: TestEnv;
beforeEach(async () => {
  env = await createTestEnv();
});
afterEach(() => env?.close());

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe(`login lockout (${dialect})`, () => {
  it('answers a locked account exactly as a wrong password, and takes as long (the password is verified all the same)', async () => {
    // The production cost of argon2id, so that verifying dominates the time of a refusal as it does in service.
    const hash = await hashPassword(TEST_PASSWORD, { memoryKib: 19_456, passes: 2 });
    await env.db.updateTable('users').set({ password_hash: hash }).where('id', '=', env.users['wangcang.nyj']).execute();
    const attempt = async (password: string) => {
      const t = performance.now();
      const r = await env.anon('POST', '/api/v1/auth/login', { username: 'wangcang.nyj', password });
      return { ms: performance.now() - t, answer: JSON.stringify([r.status, r.body]) };
    };
    const bad = [];
    for (let i = 0; i < 5; i++) bad.push(await attempt('wrong-password'));
    expect((await env.db.selectFrom('users').select('locked_until').where('id', '=', env.users['wangcang.nyj']).executeTakeFirstOrThrow()).locked_until).not.toBeNull();
    const locked = [];
    for (let i = 0; i < 6; i++) locked.push(await attempt(i % 2 ? 'wrong-password' : TEST_PASSWORD));

    expect(new Set([...bad, ...locked].map((a) => a.answer)).size).toBe(1);
    expect(JSON.parse(locked[0]!.answer)[0]).toBe(401);
    const ratio = median(locked.map((a) => a.ms)) / median(bad.map((a) => a.ms));
    expect(ratio, `locked ${median(locked.map((a) => a.ms)).toFixed(1)} ms, wrong password ${median(bad.map((a) => a.ms)).toFixed(1)} ms`).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
    const reasons = await env.db.selectFrom('login_log').select('reason').where('username', '=', 'wangcang.nyj').orderBy('id').execute();
    expect(reasons.map((r) => r.reason)).toEqual([...Array(4).fill('bad_password'), 'bad_password_locked', ...Array(6).fill('locked')]);
  });

  it('counts failures that arrive together, as guesses spread over several instances do: the lock still comes at the limit', async () => {
    const id = env.users['wangcang.nyj'];
    const answers = await Promise.all(Array.from({ length: 8 }, () => env.anon('POST', '/api/v1/auth/login', { username: 'wangcang.nyj', password: 'wrong-password' })));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(401));
    expect((await env.db.selectFrom('users').select('locked_until').where('id', '=', id).executeTakeFirstOrThrow()).locked_until).not.toBeNull();
    expect((await env.anon('POST', '/api/v1/auth/login', { username: 'wangcang.nyj', password: TEST_PASSWORD })).status).toBe(401);
    const reasons = (await env.db.selectFrom('login_log').select('reason').where('username', '=', 'wangcang.nyj').execute()).map((r) => r.reason);
    expect(reasons.filter((r) => r === 'bad_password_locked')).toHaveLength(1);
  });
});
