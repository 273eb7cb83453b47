import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { manualClock } from './clock.js';
import { isDatabaseUnavailable } from './db-helpers.js';
import { migrateToLatest, openDatabase } from './db.js';
import { createJobRunner } from './jobs.js';
import { TEST_HASH_ENV, TEST_NOW, createPgDatabase, createTestEnv, dialect } from '../testing/support.js';
import { startRelay } from '../testing/relay.js';
import { pgAdmin } from '../testing/template.js';

/** A port nothing listens on: connections to it are refused at once, as to a stopped PostgreSQL. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe(`the database away (${dialect})`, () => {
  // The app checks the database at start (the audit chain, the sealed fields' keys) and a start
  // without one fails, as it should; the outage meant here begins while the app runs.
  it.runIf(dialect === 'postgres')('answers 503 DATABASE_UNAVAILABLE with Retry-After, promptly, once PostgreSQL refuses connections', async () => {
    const database = await createPgDatabase();
    const relay = await startRelay({ host: '127.0.0.1', port: Number(new URL(database.url).port || 5432) });
    const u = new URL(database.url);
    u.host = `127.0.0.1:${relay.port}`;
    const url = u.toString();
    const files = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-outage-'));
    const config = loadConfig({
      DATABASE_URL: url,
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '0',
      WEB_DIST: '/nonexistent',
      FILES_DIR: files,
      FIELD_KEY_FILE: path.join(files, 'field.key'),
      ...TEST_HASH_ENV,
    });
    const handle = openDatabase(url);
    await migrateToLatest(handle.db);
    const app = await buildApp({ db: handle.db, clock: manualClock(TEST_NOW), config });
    cleanups.push(async () => {
      await app.close();
      await handle.close();
      await database.drop();
      fs.rmSync(files, { recursive: true, force: true });
    });
    expect((await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
    await relay.kill();
    const t = Date.now();
    const health = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json().error.code).toBe('DATABASE_UNAVAILABLE');
    expect(health.headers['retry-after']).toBe('5');
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'city.coord', password: 'whatever-it-is' } });
    expect(login.statusCode).toBe(503);
    expect(login.json()).toEqual({ error: { code: 'DATABASE_UNAVAILABLE', message: expect.any(String) } });
    expect(Date.now() - t).toBeLessThan(5000);
  });

  it('keeps the job runner going when a pass cannot read its pause flags, without an unhandled rejection', async () => {
    const handle = openDatabase(`postgres://postgres@127.0.0.1:${await closedPort()}/huishang`);
    cleanups.push(() => handle.close());
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const logged: string[] = [];
    const runner = createJobRunner({ jobs: [], pollMs: 20, log: { error: (_obj, msg) => logged.push(msg ?? '') }, control: { db: handle.db, clock: manualClock(TEST_NOW) } });
    try {
      runner.start();
      await expect.poll(() => logged.length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
      await runner.stop();
      // Rejections are reported after the microtask queue drains; give them a turn to show up.
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(logged.every((m) => m === 'job pass failed')).toBe(true);
  });

  it.runIf(dialect === 'postgres')('survives a connection lost mid-transaction (PostgreSQL restart), answers 503, then serves again', async () => {
    const env = await createTestEnv();
    cleanups.push(() => env.close());
    const dbName = new URL(env.databaseUrl).pathname.slice(1);
    const crashes: unknown[] = [];
    const onCrash = (err: unknown) => crashes.push(err);
    process.on('uncaughtException', onCrash);
    let failure: unknown = null;
    try {
      await env.db
        .transaction()
        .execute(async (tx) => {
          await sql`select 1`.execute(tx);
          // What a fast shutdown does to every session: the server ends it between two queries.
          await pgAdmin((c) => c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]));
          await new Promise((r) => setTimeout(r, 300));
          await sql`select 1`.execute(tx);
        })
        .catch((err: unknown) => (failure = err));
    } finally {
      process.off('uncaughtException', onCrash);
    }
    expect(crashes).toEqual([]);
    expect(isDatabaseUnavailable(failure)).toBe(true);
    // The broken connection went back to the pool and was discarded: the next requests get fresh ones.
    const health = await env.anon('GET', '/api/v1/health');
    expect(health.status).toBe(200);
    const coord = await env.login('wangcang.coord');
    const written = await coord.req('POST', '/api/v1/items/1/comments', { body: '重连后的意见' });
    expect(written.status).toBe(201);
  });

  it.runIf(dialect === 'sqlite')('answers 503 while another process holds the SQLite write lock past the busy timeout, then writes', async () => {
    const env = await createTestEnv();
    cleanups.push(() => env.close());
    const coord = await env.login('wangcang.coord');
    const other = new SQLite(env.databaseUrl.slice('sqlite:'.length));
    other.exec('begin immediate');
    let held;
    try {
      held = await coord.req('POST', '/api/v1/items/1/comments', { body: '锁住时的意见' });
    } finally {
      other.exec('rollback');
      other.close();
    }
    expect(held.status).toBe(503);
    expect(held.body.error.code).toBe('DATABASE_UNAVAILABLE');
    const after = await coord.req('POST', '/api/v1/items/1/comments', { body: '解锁后的意见' });
    expect(after.status).toBe(201);
  });
});
