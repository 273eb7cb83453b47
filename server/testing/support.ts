import { insertUser } from '../modules/users/users.repo.js';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { manualClock } from '../platform/clock.js';
import { openDatabase, type Db, type DbHandle } from '../platform/db.js';
import { migrations } from '../db/migrations/index.js';
import { hashPassword } from '../platform/crypto.js';
import type { Role } from '../../domain/roles.js';
import { PG_ADMIN_URL, TEST_HASH_COST, TEST_HASH_ENV, TEST_NOW, TEST_PASSWORD, pgAdmin, pgUrlOf, type Seeded } from './template.js';

export { PG_ADMIN_URL, TEST_HASH_COST, TEST_HASH_ENV, TEST_NOW, TEST_PASSWORD };

export const dialect = (process.env.HS_TEST_DIALECT ?? 'sqlite') as 'sqlite' | 'postgres';

/**
 * This run's test databases share a prefix (from the demo template's name) so the run's global
 * teardown can drop whatever a worker left behind; outside a server project, the worker's pid.
 */
function testDatabasePrefix(): string {
  const template = inject('demoTemplate');
  const run = template?.dialect === 'postgres' ? /_([0-9a-f]+)$/.exec(template.source)?.[1] : undefined;
  return `hs_test_${run ?? `p${process.pid}`}_`;
}

/**
 * A new PostgreSQL database, empty or (`template`) a copy of another. `drop` returns at once: the
 * server drops it while the next test starts (a drop waits for a checkpoint, and every test that
 * makes its own env would wait for one), and the run's teardown drops any a worker left at exit.
 */
export async function createPgDatabase(template?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${testDatabasePrefix()}${randomBytes(4).toString('hex')}`;
  await pgAdmin(async (c) => {
    await c.query(`create database ${name}${template ? ` template ${template}` : ''}`);
    // A test database need not survive a crash of the server: commits return without waiting for
    // the disk (consistency is kept; only the last moments' commits could be lost).
    await c.query(`alter database ${name} set synchronous_commit = off`);
  });
  return {
    url: pgUrlOf(name),
    drop: async () => {
      pgAdmin(async (c) => void (await c.query(`drop database if exists ${name} with (force)`))).catch(() => {
        // Left for the run's teardown.
      });
    },
  };
}

/** An empty database of the dialect under test, opened: a PostgreSQL database of its own, or a SQLite file. */
export async function emptyTestDatabase(label: string): Promise<{ handle: DbHandle; url: string; drop: () => Promise<void> }> {
  if (dialect === 'postgres') {
    const created = await createPgDatabase();
    return { handle: openDatabase(created.url), url: created.url, drop: created.drop };
  }
  const file = path.join(os.tmpdir(), `huishang-${label}-${randomBytes(6).toString('hex')}.db`);
  const drop = async () => {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  };
  return { handle: openDatabase(`sqlite:${file}`), url: `sqlite:${file}`, drop };
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
  /** The env's own database, for a command-line run against it. */
  databaseUrl: string;
  /** Where this env's attachments are written (a temporary directory unless overridden). */
  filesDir: string;
  clock: ReturnType<typeof manualClock>;
  orgs: Record<string, number>;
  users: Record<string, number>;
  consultations: { wangcang: number; cangxi: number; province: number };
  /** Signs in; `code` is the second step for an account with two-factor login. */
  login(username: string, password?: string, code?: string): Promise<Agent>;
  anon(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  makeUser(username: string, orgKey: string, roles: Role[]): Promise<number>;
  auditRows(entityType: string, entityId: number): Promise<{ action: string; username: string | null; before: any; after: any; ip: string | null; request_id: string | null }[]>;
  close(): Promise<void>;
}

/**
 * The next copy of the demo template, made while the test before it ran: a copy takes the server a
 * second or more when busy, and a worker would otherwise wait for one before every test that makes
 * its own env. The spare left when the worker exits is dropped by the run's teardown.
 */
let spare: { template: string; copy: ReturnType<typeof createPgDatabase> } | null = null;
function nextPgCopy(template: string): ReturnType<typeof createPgDatabase> {
  const copy = spare?.template === template ? spare.copy : createPgDatabase(template);
  spare = { template, copy: createPgDatabase(template) };
  // A failed spare is reported to the test that takes it, not as an unhandled rejection now.
  spare.copy.catch(() => {});
  return copy;
}

/**
 * A new database with the demo data: a copy of the demo template the run's global setup built
 * (server/testing/global-setup.ts), which is far cheaper than migrating and seeding.
 */
export async function createDemoDatabase(): Promise<{ url: string; seeded: Seeded; drop: () => Promise<void> }> {
  const template = inject('demoTemplate');
  if (!template || template.dialect !== dialect) throw new Error('no demo template of this dialect: run the tests through vitest.config.ts (its globalSetup builds it)');
  const seeded = structuredClone(template.seeded);
  if (dialect === 'postgres') return { ...(await nextPgCopy(template.source)), seeded };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-db-'));
  const file = path.join(dir, 'test.db');
  fs.copyFileSync(template.source, file);
  return { url: `sqlite:${file}`, seeded, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh database with the demo data, and the app built on it; cheap enough for a test of its own. */
export async function createTestEnv(overrides: Record<string, string> = {}): Promise<TestEnv> {
  const { url, seeded, drop } = await createDemoDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-files-'));
  const config = loadConfig({
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
    WEB_DIST: '/nonexistent',
    FILES_DIR: dir,
    ...TEST_HASH_ENV,
    ...overrides,
  });
  const handle = openDatabase(url);
  // The template is at the latest migration already; one query proves it. (Kysely's migrator would
  // prove it too, but it introspects every table first: a fifth of a second per env on PostgreSQL.)
  const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(handle.db);
  if (
    applied.rows
      .map((m) => m.name)
      .sort()
      .join() !== Object.keys(migrations).sort().join()
  ) {
    await handle.close();
    throw new Error('the demo template is not at the latest migration: run the tests through vitest.config.ts (its globalSetup builds it)');
  }
  const clock = manualClock(TEST_NOW);
  const app = await buildApp({ db: handle.db, clock, config });
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
    databaseUrl: url,
    filesDir: config.FILES_DIR,
    clock,
    orgs: seeded.orgs,
    users: seeded.users,
    consultations: seeded.consultations,
    anon: (method, url, body, headers = {}) => send(build(method, url, body, headers)),
    async login(username, password = TEST_PASSWORD, code) {
      const res = await send(build('POST', '/api/v1/auth/login', code === undefined ? { username, password } : { username, password, code }, {}));
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
      const passwordHash = await hashPassword(TEST_PASSWORD, TEST_HASH_COST);
      return insertUser(handle.db, { username, displayName: username, orgId: seeded.orgs[orgKey], passwordHash, roles, now });
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
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return env;
}
