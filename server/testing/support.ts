import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import pg from 'pg';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { manualClock } from '../platform/clock.js';
import { migrateToLatest, openDatabase, type Db } from '../platform/db.js';
import { hashPassword, type PasswordHashCost } from '../platform/crypto.js';
import type { Role } from '../../domain/roles.js';
import { seedDemo } from '../db/seeds/demo.seed.js';

export const TEST_PASSWORD = 'Test@Passw0rd';
/** Tests run on a fixed day so the demo's relative dates are predictable. */
export const TEST_NOW = new Date('2026-11-25T02:00:00.000Z');
/**
 * argon2id at its lowest cost: test runs hash and verify passwords hundreds of times, and what they
 * check is the flow, not the cost. The same values as config keys, for a test env's config.
 */
export const TEST_HASH_COST: PasswordHashCost = { memoryKib: 8, passes: 1 };
export const TEST_HASH_ENV = { PASSWORD_HASH_MEMORY_KIB: String(TEST_HASH_COST.memoryKib), PASSWORD_HASH_PASSES: String(TEST_HASH_COST.passes) };

export const dialect = (process.env.HS_TEST_DIALECT ?? 'sqlite') as 'sqlite' | 'postgres';
export const PG_ADMIN_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `hs_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface Agent {
  username: string;
  csrf: string;
  cookie: string;
  req(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  /** POSTs one file as multipart/form-data, built by hand as a browser would send it. */
  upload(url: string, file: UploadFile, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, unknown>; raw: Buffer }>;
}

export interface UploadFile {
  filename: string;
  content: Buffer;
  contentType?: string;
  field?: string;
}

/** A multipart body with one file part. */
export function multipartBody(file: UploadFile): { payload: Buffer; contentType: string } {
  const boundary = `----hsTestBoundary${randomBytes(8).toString('hex')}`;
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.filename}"\r\n` +
    `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head, 'utf8'), file.content, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface TestEnv {
  app: FastifyInstance;
  db: Db;
  /** Where this env's attachments are written (a temporary directory unless overridden). */
  filesDir: string;
  clock: ReturnType<typeof manualClock>;
  orgs: Record<string, number>;
  users: Record<string, number>;
  consultations: { wangcang: number; cangxi: number };
  login(username: string, password?: string): Promise<Agent>;
  anon(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  makeUser(username: string, orgKey: string, roles: Role[]): Promise<number>;
  auditRows(entityType: string, entityId: number): Promise<{ action: string; username: string | null; before: any; after: any; ip: string | null; request_id: string | null }[]>;
  close(): Promise<void>;
}

/** A fresh database (per test file) with the demo data, and the app built on it. */
export async function createTestEnv(overrides: Record<string, string> = {}): Promise<TestEnv> {
  let url = 'sqlite::memory:';
  let drop = async () => {};
  if (dialect === 'postgres') ({ url, drop } = await createPgDatabase());
  const tmpFiles = overrides.FILES_DIR ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'hs-files-'));
  const config = loadConfig({
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
    WEB_DIST: '/nonexistent',
    ...TEST_HASH_ENV,
    ...(tmpFiles ? { FILES_DIR: tmpFiles } : {}),
    ...overrides,
  });
  const handle = openDatabase(url);
  await migrateToLatest(handle.db);
  const clock = manualClock(TEST_NOW);
  const seeded = await seedDemo(handle.db, { password: TEST_PASSWORD, now: TEST_NOW.toISOString(), today: clock.today(), hashCost: TEST_HASH_COST });
  const app = await buildApp({ db: handle.db, dialect: handle.dialect, clock, config });
  await app.ready();

  async function send(opts: InjectOptions) {
    const res = await app.inject(opts);
    let body: unknown = res.body;
    if (String(res.headers['content-type'] ?? '').includes('json') && res.body) body = JSON.parse(res.body);
    return { status: res.statusCode, body: body as any, headers: res.headers as Record<string, unknown> };
  }
  const build = (method: InjectOptions['method'], url: string, body: unknown, headers: Record<string, string>): InjectOptions => ({
    method,
    url,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

  const env: TestEnv = {
    app,
    db: handle.db,
    filesDir: config.FILES_DIR,
    clock,
    orgs: seeded.orgs,
    users: seeded.users,
    consultations: seeded.consultations,
    anon: (method, url, body, headers = {}) => send(build(method, url, body, headers)),
    async login(username, password = TEST_PASSWORD) {
      const res = await send(build('POST', '/api/v1/auth/login', { username, password }, {}));
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      const setCookie = String(res.headers['set-cookie']);
      const cookie = setCookie.split(';')[0];
      const csrf = res.body.csrfToken as string;
      return {
        username,
        csrf,
        cookie,
        req: (method, url, body, headers = {}) => send(build(method, url, body, { cookie, 'x-csrf-token': csrf, ...headers })),
        async upload(url, file, headers = {}) {
          const { payload, contentType } = multipartBody(file);
          const res = await app.inject({ method: 'POST', url, payload, headers: { cookie, 'x-csrf-token': csrf, 'content-type': contentType, ...headers } });
          const raw = res.rawPayload;
          const json = String(res.headers['content-type'] ?? '').includes('json') && res.body ? JSON.parse(res.body) : res.body;
          return { status: res.statusCode, body: json, headers: res.headers as Record<string, unknown>, raw };
        },
      };
    },
    async makeUser(username, orgKey, roles) {
      const now = clock.now().toISOString();
      const row = await handle.db
        .insertInto('users')
        .values({
          username,
          display_name: username,
          org_id: seeded.orgs[orgKey],
          password_hash: await hashPassword(TEST_PASSWORD, TEST_HASH_COST),
          status: 'active',
          phone: null,
          email: null,
          failed_count: 0,
          locked_until: null,
          last_login_at: null,
          password_changed_at: now,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (roles.length) await handle.db.insertInto('user_roles').values(roles.map((role) => ({ user_id: row.id, role, org_id: seeded.orgs[orgKey] }))).execute();
      return row.id;
    },
    async auditRows(entityType, entityId) {
      const rows = await handle.db
        .selectFrom('audit_log')
        .select(['action', 'username', 'before_json', 'after_json', 'ip', 'request_id'])
        .where('entity_type', '=', entityType)
        .where('entity_id', '=', entityId)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        action: r.action,
        username: r.username,
        before: r.before_json ? JSON.parse(r.before_json) : null,
        after: r.after_json ? JSON.parse(r.after_json) : null,
        ip: r.ip,
        request_id: r.request_id,
      }));
    },
    async close() {
      await app.close();
      await handle.close();
      await drop();
      if (tmpFiles) fs.rmSync(tmpFiles, { recursive: true, force: true });
    },
  };
  return env;
}
