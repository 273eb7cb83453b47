import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PARAMETER_KEYS } from '../../../domain/parameters.js';
import { createTestEnv, dialect, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
// Each test changes what the server obeys: a fresh copy of the demo each time.
beforeEach(async () => {
  env = await createTestEnv();
});
afterEach(() => env?.close());

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000dIHDR fake image body for tests')]);
const set = (key: string, value: number | null) => env.login('sysadmin').then((a) => a.req('PUT', `/api/v1/parameters/${key}`, { value }));

describe(`系统参数 (${dialect})`, () => {
  it('lists every parameter with its default from the configuration, for the system administrator only', async () => {
    const admin = await env.login('sysadmin');
    const r = await admin.req('GET', '/api/v1/parameters');
    expect(r.status).toBe(200);
    expect(r.body.data.map((p: { key: string }) => p.key)).toEqual([...PARAMETER_KEYS]);
    const idle = r.body.data.find((p: { key: string }) => p.key === 'session.idleMinutes');
    expect(idle).toMatchObject({ value: 30, defaultValue: 30, customised: false, unit: '分钟', min: 1, max: 1440 });
    for (const who of ['secadmin', 'auditadmin', 'city.coord']) {
      expect((await (await env.login(who)).req('GET', '/api/v1/parameters')).status).toBe(403);
    }
    // Refused before the input is looked at: a stranger learns nothing of the bounds.
    expect((await (await env.login('secadmin')).req('PUT', '/api/v1/parameters/login.maxFailures', { value: 9999 })).status).toBe(403);
  });

  it('refuses a value outside the bounds or an unknown key, and changes nothing', async () => {
    const over = await set('login.maxFailures', 101);
    expect(over.status).toBe(400);
    expect(over.body.error.details[0]).toMatchObject({ field: 'body.value' });
    expect(over.body.error.message).toContain('1–100');
    expect((await set('login.maxFailures', 2.5)).status).toBe(400);
    expect((await set('no.such.key', 3)).status).toBe(400);
    const admin = await env.login('sysadmin');
    expect((await admin.req('PUT', '/api/v1/parameters/login.maxFailures', { value: '3' })).status).toBe(400);
    const list = (await admin.req('GET', '/api/v1/parameters')).body.data;
    expect(list.every((p: { customised: boolean }) => !p.customised)).toBe(true);
  });

  it('locks an account after the number of failures the parameter sets, and says so in the refusal', async () => {
    const r = await set('login.maxFailures', 2);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ value: 2, customised: true, updatedBy: 'sysadmin' });
    const bad = await env.anon('POST', '/api/v1/auth/login', { username: 'cangxi.coord', password: 'wrong-password-1' });
    expect(bad.body.error.message).toContain('连续失败 2 次');
    await env.anon('POST', '/api/v1/auth/login', { username: 'cangxi.coord', password: 'wrong-password-2' });
    const locked = await env.anon('POST', '/api/v1/auth/login', { username: 'cangxi.coord', password: 'Huishang@2026' });
    expect(locked.status).toBe(401);
    const rows = await env.db.selectFrom('login_log').select('reason').where('username', '=', 'cangxi.coord').orderBy('id').execute();
    expect(rows.map((x) => x.reason)).toEqual(['bad_password', 'bad_password_locked', 'locked']);
    const log = await (await env.login('auditadmin')).req('GET', '/api/v1/audit-log?action=parameter.update');
    expect(log.body.data).toHaveLength(1);
    expect(log.body.data[0]).toMatchObject({ entityType: 'parameter', entityTitle: '连续登录失败锁定次数', before: { value: 5 }, after: { value: 2 } });
  });

  it('ends a session idle for longer than the parameter says, and the default returns when it is cleared', async () => {
    expect((await set('session.idleMinutes', 5)).status).toBe(200);
    const a = await env.login('wangcang.coord');
    env.clock.advance(4 * 60_000);
    expect((await a.req('GET', '/api/v1/me')).status).toBe(200);
    env.clock.advance(6 * 60_000);
    const gone = await a.req('GET', '/api/v1/me');
    expect(gone.status).toBe(401);
    expect(gone.body.error.code).toBe('SESSION_EXPIRED');

    const back = await set('session.idleMinutes', null);
    expect(back.body).toMatchObject({ value: 30, customised: false });
    const b = await env.login('wangcang.coord');
    env.clock.advance(20 * 60_000);
    expect((await b.req('GET', '/api/v1/me')).status).toBe(200);
  });

  it('holds attachments to the size the parameter allows', async () => {
    const a = await env.login('wangcang.coord');
    const item = (await a.req('GET', `/api/v1/consultations/${env.consultations.wangcang}/items?limit=1`)).body.data[0].id;
    const c = (await a.req('POST', `/api/v1/items/${item}/comments`, { body: '现场照片' })).body;
    const twoMb = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
    const url = `/api/v1/items/${item}/comments/${c.id}/attachments`;
    expect((await a.upload(url, { filename: 'a.png', content: twoMb })).status).toBe(201);
    expect((await set('upload.attachmentMaxMb', 1)).status).toBe(200);
    const refused = await a.upload(url, { filename: 'b.png', content: twoMb });
    expect(refused.status).toBe(413);
    expect(refused.body.error.message).toContain('1 MB');
  });

  it('gives a consultation without thresholds of its own the default light thresholds it sets', async () => {
    const coord = await env.login('city.coord');
    const url = `/api/v1/consultations/${env.consultations.cangxi}/supervision-settings`;
    const before = (await coord.req('GET', url)).body;
    expect(before.thresholds.redReportLateDays).toBe(15);
    expect((await set('lights.redReportLateDays', 40)).status).toBe(200);
    expect((await coord.req('GET', url)).body.thresholds.redReportLateDays).toBe(40);
  });
});
