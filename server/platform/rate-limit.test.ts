import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type TestEnv } from '../testing/support.js';

// The limit is per person once signed in, per address before: two colleagues behind one address
// (every request here comes from 127.0.0.1) do not use up each other's allowance.

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ RATE_LIMIT_PER_MINUTE: '8' });
});
afterAll(() => env?.close());

describe(`rate limit (${dialect})`, () => {
  it('throttles one user at the limit with 429 and the error envelope, and not the colleague at the same address', async () => {
    const a = await env.login('city.coord');
    const b = await env.login('city.leader');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await a.req('GET', '/api/v1/me')).status);
    expect(statuses.slice(0, 8).every((s) => s === 200)).toBe(true);
    const limited = await a.req('GET', '/api/v1/me');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect((await b.req('GET', '/api/v1/me')).status).toBe(200);
  });
});

describe('TRUST_PROXY', () => {
  it('takes false, true or the proxy addresses, and nothing else', async () => {
    const { loadConfig } = await import('../config.js');
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).TRUST_PROXY).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(() => loadConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
  });

  it('without a trusted proxy, a client cannot choose the address the login log records', async () => {
    await env.anon('POST', '/api/v1/auth/login', { username: 'nobody.x', password: 'x' }, { 'x-forwarded-for': '203.0.113.9' });
    const row = await env.db.selectFrom('login_log').select('ip').where('username', '=', 'nobody.x').executeTakeFirstOrThrow();
    expect(row.ip).toBe('127.0.0.1');
  });
});
