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

describe(`rate limit per address as well as per user (${dialect})`, () => {
  const login = (e: TestEnv, username: string, from?: string) =>
    e.anon('POST', '/api/v1/auth/login', { username, password: 'not-the-password' }, from ? { 'x-forwarded-for': from } : {});

  it('holds one address to its ceiling whichever accounts its requests are signed in as', async () => {
    const e = await createTestEnv({ RATE_LIMIT_PER_MINUTE: '8', RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '12' });
    try {
      const a = await e.login('city.coord');
      const b = await e.login('city.leader');
      // Two logins and ten requests: twelve from 127.0.0.1, each user well under their own eight.
      for (const agent of [a, b, a, b, a, b, a, b, a, b]) expect((await agent.req('GET', '/api/v1/me')).status).toBe(200);
      const over = await b.req('GET', '/api/v1/me');
      expect(over.status).toBe(429);
      expect(over.body.error.code).toBe('RATE_LIMITED');
    } finally {
      await e.close();
    }
  });

  it('counts requests before sign-in per client address: behind a trusted proxy per forwarded client, and a forged header escapes nothing', async () => {
    const proxied = await createTestEnv({ RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '127.0.0.1' });
    try {
      for (let i = 0; i < 3; i++) expect((await login(proxied, 'nobody.a', '203.0.113.1')).status).toBe(401);
      expect((await login(proxied, 'nobody.a', '203.0.113.1')).status).toBe(429);
      // Another client behind the same proxy has its own allowance.
      expect((await login(proxied, 'nobody.b', '203.0.113.2')).status).toBe(401);
    } finally {
      await proxied.close();
    }
    const direct = await createTestEnv({ RATE_LIMIT_PER_MINUTE: '3' });
    try {
      // Facing clients directly, the header is the client's own claim: changing it changes nothing.
      for (let i = 0; i < 3; i++) expect((await login(direct, 'nobody.c', `198.51.100.${i}`)).status).toBe(401);
      expect((await login(direct, 'nobody.c', '198.51.100.99')).status).toBe(429);
    } finally {
      await direct.close();
    }
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
