import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
// Sessions are ended here: a fresh copy of the demo each time.
beforeEach(async () => {
  env = await createTestEnv();
});
afterEach(() => env?.close());

type Row = { id: string; username: string; current: boolean; canTerminate: boolean; org: { name: string }; endsAt: string };

describe(`online users and forced logout (${dialect})`, () => {
  it('shows the security administrator who is signed in, and ends a session so its next request is told why', async () => {
    const coord = await env.login('wangcang.coord');
    const sec = await env.login('secadmin');
    const list = await sec.req('GET', '/api/v1/online-sessions');
    expect(list.status).toBe(200);
    const rows: Row[] = list.body.data;
    const mine = rows.find((r) => r.username === 'wangcang.coord')!;
    expect(mine).toMatchObject({ current: false, canTerminate: true });
    expect(mine.org.name).toContain('旺苍');
    expect(rows.find((r) => r.username === 'secadmin')).toMatchObject({ current: true });

    const ended = await sec.req('DELETE', `/api/v1/online-sessions/${mine.id}`);
    expect(ended.status).toBe(200);
    const next = await coord.req('GET', '/api/v1/me');
    expect(next.status).toBe(401);
    expect(next.body.error).toMatchObject({ code: 'SESSION_TERMINATED', message: '您已被管理员强制下线，请重新登录' });
    expect((await sec.req('GET', '/api/v1/online-sessions')).body.data.map((r: Row) => r.username)).not.toContain('wangcang.coord');
    expect((await sec.req('DELETE', `/api/v1/online-sessions/${mine.id}`)).status).toBe(404);

    const audit = await (await env.login('auditadmin')).req('GET', '/api/v1/audit-log?action=session.terminate');
    expect(audit.body.data[0]).toMatchObject({ username: 'secadmin', entityType: 'session', entityTitle: expect.stringContaining('wangcang.coord') });
    // Signing in again works as ever.
    expect((await (await env.login('wangcang.coord')).req('GET', '/api/v1/me')).status).toBe(200);
  });

  it("keeps other administrators' sessions out of reach and the list from everyone else", async () => {
    await env.login('sysadmin');
    const sec = await env.login('secadmin');
    const admin = (await sec.req('GET', '/api/v1/online-sessions')).body.data.find((r: Row) => r.username === 'sysadmin');
    expect(admin.canTerminate).toBe(false);
    const refused = await sec.req('DELETE', `/api/v1/online-sessions/${admin.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ADMIN_ACCOUNT_PROTECTED');
    for (const who of ['sysadmin', 'auditadmin', 'city.coord', 'wangcang.coord']) {
      const a = await env.login(who);
      expect((await a.req('GET', '/api/v1/online-sessions')).status).toBe(403);
      expect((await a.req('DELETE', `/api/v1/online-sessions/${admin.id}`)).status).toBe(403);
    }
    expect((await sec.req('DELETE', '/api/v1/online-sessions/not-a-session')).status).toBe(400);
    expect((await sec.req('DELETE', `/api/v1/online-sessions/${'0'.repeat(64)}`)).status).toBe(404);
  });

  it('leaves out sessions that have gone idle or were logged out', async () => {
    const idle = await env.login('cangxi.coord');
    const out = await env.login('wangcang.nyj');
    expect((await out.req('POST', '/api/v1/auth/logout')).status).toBeLessThan(300);
    env.clock.advance(31 * 60_000);
    const sec = await env.login('secadmin');
    const names = (await sec.req('GET', '/api/v1/online-sessions')).body.data.map((r: Row) => r.username);
    expect(names).not.toContain('cangxi.coord');
    expect(names).not.toContain('wangcang.nyj');
    expect(names).toContain('secadmin');
    expect((await idle.req('GET', '/api/v1/me')).status).toBe(401);
  });
});
