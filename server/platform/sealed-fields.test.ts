import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { huishang } from '../cli/cli.testkit.js';
import { loadConfig } from '../config.js';
import { createAppJobRunner } from '../modules/notifications/notifications.jobs.js';
import { startSmtp } from '../modules/notifications/notifications.testkit.js';
import { createTestEnv, dialect, TEST_HASH_ENV, TEST_PASSWORD, type Agent, type TestEnv } from '../testing/support.js';
import { migrateDown, migrateToLatest, openDatabase, type Db } from './db.js';
import { fieldKeyId, isSealed, sealedKeyId } from './field-crypto.js';
import { sealedCensus } from './sealed-fields.js';

// Personal contact fields and robot secrets sealed at rest (等保 2.0 数据保密性, 密评): what is in the
// database, what the API shows, the key rotation, and the refusals.

const PHONE = '13800138000';
const EMAIL = 'Zhang.Canarymail@wangcang.example.cn';
const WECOM = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=canarywecomkey0001';
const DING = 'https://oapi.dingtalk.com/robot/send?access_token=canarydingtoken0001';
const SECRET = 'SECcanarysecret0001';
const CANARIES = ['13800138000', 'canarymail', 'nyj.canarybox', 'canarywecomkey0001', 'canarydingtoken0001', 'SECcanarysecret0001'];

const K1 = TEST_HASH_ENV.FIELD_KEY;
const K2 = 'a1'.repeat(32);
const id1 = fieldKeyId(Buffer.from(K1, 'hex'));
const id2 = fieldKeyId(Buffer.from(K2, 'hex'));

let env: TestEnv;
const extra: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of extra.splice(0).reverse()) await c();
  await env?.close();
});

/** Every row of every table as text: whatever a copy of the database would give away. */
async function everyRow(db: Db): Promise<string> {
  const q =
    dialect === 'postgres'
      ? sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`
      : sql<{ name: string }>`select name from sqlite_master where type = 'table'`;
  let all = '';
  for (const { name } of (await q.execute(db)).rows) {
    all += JSON.stringify((await sql`select * from ${sql.table(name)}`.execute(db)).rows);
  }
  return all.toLowerCase();
}

function expectNoCanary(text: string) {
  for (const c of CANARIES) expect(text.includes(c.toLowerCase()), `${c} found in plain text`).toBe(false);
}

/** A second app on the env's database, as another instance (or a restart) with other keys would be. */
async function appWith(overrides: Record<string, string | undefined>): Promise<{ app: FastifyInstance; as: (username: string) => Promise<Agent['req']> }> {
  const config = loadConfig({
    DATABASE_URL: env.databaseUrl,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
    WEB_DIST: '/nonexistent',
    FILES_DIR: env.filesDir,
    ...TEST_HASH_ENV,
    ...overrides,
  });
  const handle = openDatabase(env.databaseUrl);
  let app: FastifyInstance;
  try {
    app = await buildApp({ db: handle.db, clock: env.clock, config });
  } catch (err) {
    await handle.close();
    throw err;
  }
  extra.push(async () => {
    await app.close();
    await handle.close();
  });
  const send = async (method: string, url: string, body: unknown, headers: Record<string, string>) => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, headers: res.headers as Record<string, unknown> };
  };
  return {
    app,
    async as(username) {
      const r = await send('POST', '/api/v1/auth/login', { username, password: TEST_PASSWORD }, {});
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const cookie = String(r.headers['set-cookie']).split(';')[0]!;
      return (method, url, body, headers = {}) => send(String(method), url, body, { cookie, 'x-csrf-token': r.body.csrfToken, ...headers });
    },
  };
}

/** A new account with the canary phone and e-mail, and the city's group robots, all through the API. */
async function sensitiveData(admin: Agent) {
  const created = await admin.req('POST', '/api/v1/users', {
    username: 'canary.zhang',
    displayName: '张测试',
    orgId: env.orgs['wangcang.nyj'],
    password: 'Canary#Passw0rd2026',
    phone: PHONE,
    email: EMAIL,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const hooks = await admin.req('PUT', `/api/v1/organisations/${env.orgs.guangyuan}/webhooks`, { wecomUrl: WECOM, dingtalkUrl: DING, dingtalkSecret: SECRET, version: 0 });
  expect(hooks.status, JSON.stringify(hooks.body)).toBe(200);
  return created.body.id as number;
}

async function rawUser(id: number) {
  return env.db.selectFrom('users').select(['phone', 'email', 'phone_index', 'email_index']).where('id', '=', id).executeTakeFirstOrThrow();
}

describe(`sealed fields (${dialect})`, () => {
  it('keeps phone, e-mail and robot URLs/secrets sealed in the database and shows them through the API', async () => {
    const smtp = await startSmtp();
    extra.push(() => smtp.close());
    env = await createTestEnv({ SMTP_URL: smtp.url });
    const admin = await env.login('sysadmin');
    const id = await sensitiveData(admin);

    const raw = await rawUser(id);
    expect(isSealed(raw.phone!) && isSealed(raw.email!)).toBe(true);
    expect(sealedKeyId(raw.phone!)).toBe(id1);
    expect(raw.email_index).toMatch(/^[0-9a-f]{64}$/);
    const hooks = await env.db.selectFrom('org_webhooks').selectAll().where('org_id', '=', env.orgs.guangyuan).executeTakeFirstOrThrow();
    expect([hooks.wecom_url, hooks.dingtalk_url, hooks.dingtalk_secret].every((v) => isSealed(v!))).toBe(true);

    // Those allowed to see them see the plain values.
    const shown = await admin.req('GET', `/api/v1/users/${id}`);
    expect(shown.body).toMatchObject({ phone: PHONE, email: EMAIL });
    const robots = await admin.req('GET', `/api/v1/organisations/${env.orgs.guangyuan}/webhooks`);
    expect(robots.body).toMatchObject({ wecomUrl: WECOM, dingtalkUrl: DING, hasDingtalkSecret: true });

    // Found by the whole e-mail (any case) or phone through the blind index; a fragment finds nothing.
    const byEmail = await admin.req('GET', `/api/v1/users?q=${encodeURIComponent(EMAIL.toUpperCase())}`);
    expect(byEmail.body.data.map((u: { id: number }) => u.id)).toEqual([id]);
    expect((await admin.req('GET', `/api/v1/users?q=${PHONE}`)).body.data.map((u: { id: number }) => u.id)).toEqual([id]);
    expect((await admin.req('GET', '/api/v1/users?q=13800')).body.data).toEqual([]);

    // A notification mailed to the address: queued sealed, sent to the plain address, listed plain.
    const nyj = await env.login('wangcang.nyj');
    expect((await nyj.req('PUT', '/api/v1/me/email', { email: 'nyj.canarybox@wangcang.example.cn' })).status).toBe(200);
    expect((await nyj.req('GET', '/api/v1/me/email')).body).toEqual({ email: 'nyj.canarybox@wangcang.example.cn' });
    const item = await env.db
      .selectFrom('items')
      .select('id')
      .where('consultation_id', '=', env.consultations.wangcang)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await env.db.updateTable('items').set({ lead_unit_id: env.orgs['wangcang.nyj'], status: 'in_progress' }).where('id', '=', item.id).execute();
    const city = await env.login('city.coord');
    expect((await city.req('POST', `/api/v1/items/${item.id}/reminders`, { note: '请报送进展' })).status).toBe(201);
    const runner = createAppJobRunner(
      { db: env.db, clock: env.clock, config: loadConfig({ DATABASE_URL: env.databaseUrl, LOG_LEVEL: 'silent', SMTP_URL: smtp.url }) },
      { instanceId: 'sealed' },
    );
    await runner.runOnce();
    await runner.stop();
    const mailed = await env.db.selectFrom('deliveries').select(['target', 'user_id', 'status']).where('channel', '=', 'email').execute();
    expect(mailed.length).toBeGreaterThan(0);
    expect(mailed.every((d) => isSealed(d.target) && d.user_id === env.users['wangcang.nyj'])).toBe(true);
    expect(smtp.mails.some((m) => m.to.includes('nyj.canarybox@wangcang.example.cn'))).toBe(true);
    const outbox = await admin.req('GET', '/api/v1/deliveries');
    expect(outbox.body.data.some((d: { target: string }) => d.target === 'nyj.canarybox@wangcang.example.cn')).toBe(true);

    // Nothing in any row of any table, the audit log included; on SQLite not in the file or its WAL either.
    expectNoCanary(await everyRow(env.db));
    const audit = await env.auditRows('user', id);
    expect(audit[0]).toMatchObject({ action: 'user.create', after: { phone: expect.stringMatching(/^已加密#/), email: expect.stringMatching(/^已加密#/) } });
    if (dialect === 'sqlite') {
      const file = env.databaseUrl.slice('sqlite:'.length);
      const bytes = Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)))
        .toString('latin1')
        .toLowerCase();
      expectNoCanary(bytes);
    }
  });

  it('refuses a tampered value with a clear error instead of showing garbage', async () => {
    env = await createTestEnv();
    const admin = await env.login('sysadmin');
    const id = await sensitiveData(admin);
    const raw = await rawUser(id);
    const parts = raw.phone!.split(':');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    await env.db
      .updateTable('users')
      .set({ phone: [...parts.slice(0, 3), ct.toString('base64url'), parts[4]].join(':') })
      .where('id', '=', id)
      .execute();
    const r = await admin.req('GET', `/api/v1/users/${id}`);
    expect(r.status).toBe(500);
    expect(r.body.error.code).toBe('SEALED_FIELD_INVALID');
    expect(JSON.stringify(r.body)).not.toContain(PHONE);
    // The other rows are not affected.
    expect((await admin.req('GET', `/api/v1/users/${env.users['city.coord']}`)).status).toBe(200);
  });

  it('seals the plain values an older version left, at the first start after the migration', async () => {
    env = await createTestEnv();
    // Back to before the sealing migration, undoing the later ones first.
    let migration: string | undefined;
    do migration = (await migrateDown(env.db)) ?? undefined;
    while (migration && migration !== '20261206T0017_sealed_fields');
    expect(migration).toBe('20261206T0017_sealed_fields');
    const nyj = env.users['wangcang.nyj'];
    await env.db.updateTable('users').set({ phone: PHONE, email: EMAIL }).where('id', '=', nyj).execute();
    await env.db
      .insertInto('org_webhooks')
      .values({ org_id: env.orgs.guangyuan, wecom_url: WECOM, dingtalk_url: DING, dingtalk_secret: SECRET, version: 1, updated_by: null, updated_at: '2026-11-01T00:00:00.000Z' })
      .execute();
    await sql`insert into deliveries (channel, target, subject, body, dedupe_key, status, attempts, next_attempt_at, created_at)
      values ('email', ${EMAIL}, '旧通知', '正文', 'legacy:1', 'sent', 1, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')`.execute(env.db);
    await migrateToLatest(env.db);
    // The migration alone cannot seal (it never sees the key) but finds the outbox's recipient by the plain address.
    expect((await env.db.selectFrom('deliveries').select('user_id').where('dedupe_key', '=', 'legacy:1').executeTakeFirstOrThrow()).user_id).toBe(nyj);

    const second = await appWith({});
    expect((await sealedCensus(env.db)).byKey).toEqual({ [id1]: 6 });
    expectNoCanary(await everyRow(env.db));
    const raw = await rawUser(nyj);
    expect(raw.email_index).toMatch(/^[0-9a-f]{64}$/);
    const req = await second.as('sysadmin');
    expect((await req('GET', `/api/v1/users/${nyj}`, undefined)).body).toMatchObject({ phone: PHONE, email: EMAIL });
    expect((await req('GET', `/api/v1/organisations/${env.orgs.guangyuan}/webhooks`, undefined)).body).toMatchObject({ wecomUrl: WECOM, dingtalkUrl: DING });
    const outbox = await req('GET', '/api/v1/deliveries', undefined);
    expect(outbox.body.data.map((d: { target: string }) => d.target)).toContain(EMAIL);
  });

  it('rotates: old rows stay readable during it, everything ends under the new key, and the old key alone no longer opens the database', async () => {
    env = await createTestEnv();
    const admin = await env.login('sysadmin');
    const id = await sensitiveData(admin);
    expect((await sealedCensus(env.db)).byKey).toEqual({ [id1]: 5 });

    // Step 1: instances restart with the new key, the old one kept as previous: both readable, new writes under the new key.
    const during = await appWith({ FIELD_KEY: K2, FIELD_KEY_PREVIOUS: K1 });
    const req = await during.as('sysadmin');
    expect((await req('GET', `/api/v1/users/${id}`, undefined)).body).toMatchObject({ phone: PHONE, email: EMAIL });
    expect((await req('GET', `/api/v1/users?q=${encodeURIComponent(EMAIL)}`, undefined)).body.data.map((u: { id: number }) => u.id)).toEqual([id]);
    const edited = await req('PATCH', `/api/v1/users/${id}`, { phone: '13900139000', version: (await req('GET', `/api/v1/users/${id}`, undefined)).body.version });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(sealedKeyId((await rawUser(id)).phone!)).toBe(id2);
    expect((await sealedCensus(env.db)).byKey).toEqual({ [id1]: 4, [id2]: 1 });

    // Step 2: the rotation command re-seals the rest and reports nothing left under the old key.
    const cli = (...args: string[]) => huishang(args, { DATABASE_URL: env.databaseUrl, FIELD_KEY: K2, FIELD_KEY_PREVIOUS: K1 });
    const rotated = await cli('keys', 'rotate');
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain('重新加密 4 个字段');
    expect(rotated.stdout).toContain('轮换完成');
    expect((await sealedCensus(env.db)).byKey).toEqual({ [id2]: 5 });
    expect((await cli('keys', 'rotate')).stdout).toContain('重新加密 0 个字段');
    expectNoCanary(await everyRow(env.db));

    // Step 3: the new key alone opens everything, the index included.
    const after = await appWith({ FIELD_KEY: K2 });
    const req2 = await after.as('sysadmin');
    expect((await req2('GET', `/api/v1/users/${id}`, undefined)).body).toMatchObject({ phone: '13900139000', email: EMAIL });
    expect((await req2('GET', `/api/v1/users?q=${encodeURIComponent(EMAIL)}`, undefined)).body.data.map((u: { id: number }) => u.id)).toEqual([id]);
    expect((await req2('GET', `/api/v1/organisations/${env.orgs.guangyuan}/webhooks`, undefined)).body).toMatchObject({ wecomUrl: WECOM, dingtalkUrl: DING });
    const status = await huishang(['keys', 'status'], { DATABASE_URL: env.databaseUrl, FIELD_KEY: K2 });
    expect(status.stdout).toContain(`users.email`);
    expect(status.stdout).not.toContain(id1);

    // The old key alone, a wrong one, or none at all: the start fails and says why.
    await expect(appWith({ FIELD_KEY: K1 })).rejects.toThrow(new RegExp(`字段加密密钥不符.*${id2}`));
    await expect(appWith({ FIELD_KEY: 'b2'.repeat(32) })).rejects.toThrow(/字段加密密钥不符/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-nokey-'));
    extra.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const missing = path.join(dir, 'field.key');
    await expect(appWith({ FIELD_KEY: undefined, FIELD_KEY_FILE: missing })).rejects.toThrow(/字段加密密钥缺失/);
    // No new key was made up in its place.
    expect(fs.existsSync(missing)).toBe(false);
    const refused = await huishang(['keys', 'status'], { DATABASE_URL: env.databaseUrl, FIELD_KEY: K1 });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('字段加密密钥不符');
  });

  it('makes new key files without overwriting one', async () => {
    env = await createTestEnv();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-newkey-'));
    extra.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'field-2027.key');
    const made = await huishang(['keys', 'new', '--out', file], {});
    expect(made.code).toBe(0);
    const key = fs.readFileSync(file, 'utf8').trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(made.stdout).toContain(fieldKeyId(Buffer.from(key, 'hex')));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = await huishang(['keys', 'new', '--out', file], {});
    expect(again.code).toBe(1);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(key);
  });
});
