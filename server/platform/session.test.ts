import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type TestEnv } from '../testing/support.js';

// The hook keeps resolved credentials for about a second; these hold it to showing every change
// made through the API on the very next request, and other changes within that second.
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

async function tokenOf(username: string) {
  const a = await env.login(username);
  const created = await a.req('POST', '/api/v1/me/tokens', { name: '缓存测试' });
  expect(created.status).toBe(201);
  return { agent: a, id: created.body.id as number, bearer: { authorization: `Bearer ${created.body.token as string}` } };
}

describe(`session and token cache (${dialect})`, () => {
  it('shows withdrawn roles on the next request of a signed-in user', async () => {
    const id = await env.makeUser('cache.viewer', 'bureau', ['viewer']);
    const viewer = await env.login('cache.viewer');
    expect((await viewer.req('GET', `/api/v1/consultations/${env.consultations.wangcang}`)).status).toBe(200);
    const sec = await env.login('secadmin');
    const user = await sec.req('GET', `/api/v1/users/${id}`);
    expect((await sec.req('PUT', `/api/v1/users/${id}/roles`, { roles: [], version: user.body.version })).status).toBe(200);
    const after = await viewer.req('GET', `/api/v1/consultations/${env.consultations.wangcang}`);
    expect(after.status).toBe(403);
    expect((await viewer.req('GET', '/api/v1/me')).body.permissions).toEqual([]);
  });

  it('stops a token at once when its user is disabled', async () => {
    const uid = await env.makeUser('cache.script', 'bureau', ['viewer']);
    const { bearer } = await tokenOf('cache.script');
    expect((await env.anon('GET', '/api/v1/consultations', undefined, bearer)).status).toBe(200);
    const sys = await env.login('sysadmin');
    const user = await sys.req('GET', `/api/v1/users/${uid}`);
    expect((await sys.req('PATCH', `/api/v1/users/${uid}`, { status: 'disabled', version: user.body.version })).status).toBe(200);
    expect((await env.anon('GET', '/api/v1/consultations', undefined, bearer)).status).toBe(401);
  });

  it('ends a session at once on logout, also for a request made right before', async () => {
    const a = await env.login('city.leader');
    expect((await a.req('GET', '/api/v1/me')).status).toBe(200);
    expect((await a.req('POST', '/api/v1/auth/logout')).status).toBe(200);
    expect((await a.req('GET', '/api/v1/me')).status).toBe(401);
  });

  it('moves a user with the organisation at once when the organisation is moved', async () => {
    const admin = await env.login('sysadmin');
    const office = await admin.req('POST', '/api/v1/organisations', { name: '缓存测试办公室', kind: 'department', parentId: env.orgs['wangcang.gov'] });
    expect(office.status).toBe(201);
    const uid = await env.makeUser('cache.office', 'bureau', ['viewer']);
    await env.db.updateTable('users').set({ org_id: office.body.id }).where('id', '=', uid).execute();
    const u = await env.login('cache.office');
    expect((await u.req('GET', `/api/v1/consultations/${env.consultations.wangcang}`)).status).toBe(200);
    const moved = await admin.req('PATCH', `/api/v1/organisations/${office.body.id}`, { parentId: env.orgs['cangxi.gov'], version: office.body.version });
    expect(moved.status).toBe(200);
    expect((await u.req('GET', `/api/v1/consultations/${env.consultations.wangcang}`)).status).toBe(404);
  });

  it('shows a change made outside this process within about a second', async () => {
    const { id, bearer } = await tokenOf('city.coord');
    expect((await env.anon('GET', '/api/v1/me', undefined, bearer)).status).toBe(200);
    // As a command-line tool or a second server would: straight to the database.
    await env.db.updateTable('api_tokens').set({ revoked_at: env.clock.now().toISOString() }).where('id', '=', id).execute();
    await new Promise((r) => setTimeout(r, 1100));
    expect((await env.anon('GET', '/api/v1/me', undefined, bearer)).status).toBe(401);
  });

  it('still checks token expiry against the clock on every request', async () => {
    const { id, bearer } = await tokenOf('city.coord');
    await env.db
      .updateTable('api_tokens')
      .set({ expires_at: new Date(env.clock.now().getTime() + 60_000).toISOString() })
      .where('id', '=', id)
      .execute();
    await new Promise((r) => setTimeout(r, 1100));
    expect((await env.anon('GET', '/api/v1/me', undefined, bearer)).status).toBe(200);
    env.clock.advance(2 * 60_000);
    expect((await env.anon('GET', '/api/v1/me', undefined, bearer)).status).toBe(401);
  });

  it("records a token's use, again a minute later while its caller is still cached", async () => {
    const { agent, id, bearer } = await tokenOf('city.coord');
    const lastUsed = async () => ((await agent.req('GET', '/api/v1/me/tokens')).body.data as { id: number; lastUsedAt: string | null }[]).find((t) => t.id === id)!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    expect((await env.anon('GET', '/api/v1/me', undefined, bearer)).status).toBe(200);
    const first = env.clock.now().toISOString();
    expect(await lastUsed()).toBe(first);
    // Within the second the cache holds the caller, the clock moves on past the minute.
    env.clock.advance(61_000);
    expect((await env.anon('GET', '/api/v1/me', undefined, bearer)).status).toBe(200);
    expect(await lastUsed()).toBe(env.clock.now().toISOString());
  });
});
