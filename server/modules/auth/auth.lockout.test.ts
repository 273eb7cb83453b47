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
    const [locked, other] = [env.users['wangcang.nyj'], env.users['cangxi.coord']];
    await env.db.updateTable('users').set({ password_hash: hash }).where('id', 'in', [locked, other]).execute();
    // The app answers in this process (argon2 in its thread pool), so the process's CPU time per attempt
    // shows whether the password was verified, whatever other processes load the machine with; wall
    // time beside browser journeys on two cores swung by a factor of three between the two sides.
    const attempt = async (username: string, password: string) => {
      const t = process.cpuUsage();
      const r = await env.anon('POST', '/api/v1/auth/login', { username, password });
      const used = process.cpuUsage(t);
      return { ms: (used.user + used.system) / 1000, answer: JSON.stringify([r.status, r.body]) };
    };
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) answers.push((await attempt('wangcang.nyj', 'wrong-password')).answer);
    const lockedUntil = (await env.db.selectFrom('users').select('locked_until').where('id', '=', locked).executeTakeFirstOrThrow()).locked_until;
    expect(lockedUntil).not.toBeNull();

    // Timed in alternation with wrong passwords for an account that is not locked, so that whatever
    // else the machine is doing weighs on both sides alike.
    const lockedMs: number[] = [];
    const wrongMs: number[] = [];
    for (let i = 0; i < 8; i++) {
      const a = await attempt('wangcang.nyj', i % 2 ? 'wrong-password' : TEST_PASSWORD);
      const b = await attempt('cangxi.coord', 'wrong-password');
      lockedMs.push(a.ms);
      wrongMs.push(b.ms);
      answers.push(a.answer, b.answer);
      // Kept below the lock, so every one of its attempts is a plain wrong password.
      await env.db.updateTable('users').set({ failed_count: 0 }).where('id', '=', other).execute();
    }

    expect(new Set(answers).size).toBe(1);
    expect(JSON.parse(answers[0]!)[0]).toBe(401);
    const ratio = median(lockedMs) / median(wrongMs);
    expect(ratio, `locked ${median(lockedMs).toFixed(1)} ms of CPU, wrong password ${median(wrongMs).toFixed(1)} ms`).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
    const reasons = await env.db.selectFrom('login_log').select('reason').where('username', '=', 'wangcang.nyj').orderBy('id').execute();
    expect(reasons.map((r) => r.reason)).toEqual([...Array(4).fill('bad_password'), 'bad_password_locked', ...Array(8).fill('locked')]);
    // The lock itself is left as it was: failed attempts while locked do not stretch it.
    const after = await env.db.selectFrom('users').select(['locked_until', 'failed_count']).where('id', '=', locked).executeTakeFirstOrThrow();
    expect(after).toEqual({ locked_until: lockedUntil, failed_count: 0 });
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
