import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { startRelay } from '../testing/relay.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createDemoDatabase, createPgDatabase, dialect, TEST_HASH_ENV, TEST_NOW, TEST_PASSWORD } from '../testing/support.js';
import { manualClock } from './clock.js';
import { openDatabase, type DbHandle } from './db.js';
import { FailoverPool, isFailoverError } from './pg-failover.js';
import { parsePostgresUrl, wantsFailover } from './pg-url.js';

describe('multi-host database URLs', () => {
  it('splits the URL pg_autoctl show uri prints into one URL per host, in order', () => {
    const t = parsePostgresUrl('postgres://postgres@127.0.0.1:55433,127.0.0.1:55434/huishang?target_session_attrs=read-write&sslmode=disable');
    expect(t.hosts).toEqual([
      { host: '127.0.0.1', port: 55433 },
      { host: '127.0.0.1', port: 55434 },
    ]);
    expect(t.targetSessionAttrs).toBe('read-write');
    expect(t.multiHost).toBe(true);
    expect(t.hosts.map(t.urlFor)).toEqual(['postgres://postgres@127.0.0.1:55433/huishang?sslmode=disable', 'postgres://postgres@127.0.0.1:55434/huishang?sslmode=disable']);
  });

  it('keeps credentials (an encoded @ in the password), IPv6 hosts, missing ports and other parameters', () => {
    const t = parsePostgresUrl('postgresql://app:p%40ss@[fd00::1]:5433,db2.example.gov.cn/hs?application_name=huishang&target_session_attrs=primary');
    expect(t.hosts).toEqual([
      { host: '[fd00::1]', port: 5433 },
      { host: 'db2.example.gov.cn', port: null },
    ]);
    expect(t.targetSessionAttrs).toBe('primary');
    expect(t.urlFor(t.hosts[0]!)).toBe('postgresql://app:p%40ss@[fd00::1]:5433/hs?application_name=huishang');
    expect(t.urlFor(t.hosts[1]!)).toBe('postgresql://app:p%40ss@db2.example.gov.cn/hs?application_name=huishang');
    expect(new pg.Client({ connectionString: t.urlFor(t.hosts[0]!) }).password).toBe('p@ss');
  });

  it('assumes read-write for several hosts (the app writes), libpq’s any for one', () => {
    expect(parsePostgresUrl('postgres://u@a:1,b:2/db').targetSessionAttrs).toBe('read-write');
    const single = parsePostgresUrl('postgres://u@a:1/db');
    expect(single.targetSessionAttrs).toBe('any');
    expect(single.multiHost).toBe(false);
    expect(parsePostgresUrl('postgres://u@a:1/db?target_session_attrs=read-write').multiHost).toBe(true);
  });

  it('refuses what it cannot honour', () => {
    expect(() => parsePostgresUrl('postgres://u@a:1,b:2/db?target_session_attrs=standby')).toThrow(/not supported/);
    expect(() => parsePostgresUrl('postgres://u@a:1,b:2/db?target_session_attrs=read-only')).toThrow(/not supported/);
    expect(() => parsePostgresUrl('postgres://u@a:1,,b:2/db')).toThrow(/invalid host/);
    expect(() => parsePostgresUrl('postgres://u@a:70000,b:2/db')).toThrow(/invalid port/);
    expect(() => parsePostgresUrl('postgres://u@a:1,b:x/db')).toThrow(/invalid host/);
  });

  it('leaves every other URL to node-postgres, as before', () => {
    expect(wantsFailover('postgres://postgres@127.0.0.1:5432/huishang')).toBe(false);
    expect(wantsFailover('postgres:///huishang?host=/var/run/postgresql')).toBe(false);
    expect(wantsFailover('sqlite:./data/a,b.db')).toBe(false);
    expect(wantsFailover('postgres://u@a,b/db')).toBe(true);
    expect(wantsFailover('postgres://u@a/db?sslmode=disable&target_session_attrs=primary')).toBe(true);
  });

  it('a bad multi-host DATABASE_URL stops the boot with the reason', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@a:1,b:99999/db' })).toThrow(/DATABASE_URL.*invalid port/s);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@a:1,b:2/db?target_session_attrs=standby' })).toThrow(/not supported/);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@a:1,b:2/db?target_session_attrs=read-write' }).DATABASE_URL).toContain('a:1,b:2');
  });

  it('tells a lost or demoted server from an error of the query itself', () => {
    for (const code of ['57P01', '57P03', '25006', '08006', '08001', 'ECONNREFUSED', 'ECONNRESET']) expect(isFailoverError({ code })).toBe(true);
    expect(isFailoverError(new Error('Connection terminated unexpectedly'))).toBe(true);
    for (const code of ['23505', '40001', '42P01', '22P02']) expect(isFailoverError({ code })).toBe(false);
    expect(isFailoverError(new Error('boom'))).toBe(false);
    expect(isFailoverError(null)).toBe(false);
  });
});

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The test database's URL with its host list replaced. */
function withHosts(url: string, hosts: string, query = ''): string {
  const u = new URL(url);
  return `postgres://${u.username}${u.password ? `:${u.password}` : ''}@${hosts}${u.pathname}${query}`;
}

describe.runIf(dialect === 'postgres')('the failover pool on a real server', () => {
  let database: { url: string; drop: () => Promise<void> };
  let server: { host: string; port: number };
  const handles: DbHandle[] = [];
  const open = (url: string) => {
    const h = openDatabase(url);
    handles.push(h);
    return h;
  };

  beforeAll(async () => {
    database = await createPgDatabase();
    const u = new URL(database.url);
    server = { host: u.hostname, port: Number(u.port || 5432) };
    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    await c.query('create table marks (id serial primary key, v text not null)');
    await c.end();
  });

  afterAll(async () => {
    for (const h of handles) await h.close().catch(() => {});
    await database?.drop();
  });

  it('skips a host that refuses connections and writes to the next one', async () => {
    const dead = await closedPort();
    const h = open(withHosts(database.url, `127.0.0.1:${dead},${server.host}:${server.port}`));
    expect(h.failover).toBeInstanceOf(FailoverPool);
    await h.db
      .insertInto('marks' as never)
      .values({ v: 'first' } as never)
      .execute();
    expect(h.failover!.primary).toBe(`${server.host}:${server.port}`);
  });

  it('keeps no connection to a read-only server, and takes it again once it is writable', async () => {
    const name = new URL(database.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query(`alter database ${name} set default_transaction_read_only = on`);
      const pool = new FailoverPool(parsePostgresUrl(withHosts(database.url, `${server.host}:${server.port},localhost:${server.port}`)), { max: 2, waitForPrimaryMs: 300 });
      await expect(pool.connect()).rejects.toThrow(/no read-write PostgreSQL server.*not read-write.*not read-write/);
      expect(pool.primary).toBeNull();
      // libpq's any takes the first server that answers, writable or not.
      const any = new FailoverPool(parsePostgresUrl(withHosts(database.url, `${server.host}:${server.port},localhost:${server.port}`, '?target_session_attrs=any')), { max: 1 });
      (await any.connect()).release();
      await any.end();

      await admin.query(`alter database ${name} reset default_transaction_read_only`);
      const client = await pool.connect();
      await client.query("insert into marks (v) values ('after')", []);
      client.release();
      expect(pool.primary).toBe(`${server.host}:${server.port}`);
      await pool.end();
    } finally {
      await admin.query(`alter database ${name} reset default_transaction_read_only`);
      await admin.end();
    }
  });

  it('a write refused as read-only drops that connection and sends the next one to a fresh search', async () => {
    const h = open(withHosts(database.url, `${server.host}:${server.port},localhost:${server.port}`));
    await h.db
      .insertInto('marks' as never)
      .values({ v: 'a' } as never)
      .execute();
    const before = h.failover!.discoveries;
    await h.db.connection().execute(async (c) => {
      // What a connection sees on a primary that pg_auto_failover put into draining.
      await sql`set session characteristics as transaction read only`.execute(c);
      await expect(
        c
          .insertInto('marks' as never)
          .values({ v: 'refused' } as never)
          .execute(),
      ).rejects.toMatchObject({ code: '25006' });
    });
    expect(h.failover!.primary).toBeNull();
    await h.db
      .insertInto('marks' as never)
      .values({ v: 'b' } as never)
      .execute();
    expect(h.failover!.discoveries).toBe(before + 1);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from marks where v = 'refused'`.execute(h.db);
    expect(rows[0]!.n).toBe(0);
  });

  it.each([
    ['one host', () => database.url],
    ['several hosts', () => withHosts(database.url, `${server.host}:${server.port},localhost:${server.port}`)],
  ])('a connection that breaks while checked out does not end the process (%s)', async (_, url) => {
    const h = open(url());
    await h.db.connection().execute(async (c) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(c);
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
      await admin.end();
      // The server's goodbye arrives while no query runs on the connection.
      await new Promise((r) => setTimeout(r, 300));
      await expect(sql`select 1`.execute(c)).rejects.toThrow();
    });
    const { rows } = await sql<{ n: number }>`select 1 as n`.execute(h.db);
    expect(rows[0]!.n).toBe(1);
  });

  it('follows the primary to the next host when the first dies under the app, over HTTP', async () => {
    const demo = await createDemoDatabase();
    const [a, b] = [await startRelay(server), await startRelay(server)];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-files-'));
    try {
      const url = withHosts(demo.url, `127.0.0.1:${a.port},127.0.0.1:${b.port}`, '?target_session_attrs=read-write');
      const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', WEB_DIST: '/nonexistent', FILES_DIR: dir, ...TEST_HASH_ENV });
      const h = open(config.DATABASE_URL);
      const app = await buildApp({ db: h.db, clock: manualClock(TEST_NOW), config });
      await app.ready();
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'city.coord', password: TEST_PASSWORD } });
      expect(login.statusCode).toBe(200);
      const headers = { cookie: String(login.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': login.json().csrfToken as string };
      const item = await h.db.selectFrom('items').select('id').orderBy('id').executeTakeFirstOrThrow();
      const comment = (body: string) => app.inject({ method: 'POST', url: `/api/v1/items/${item.id}/comments`, headers, payload: { body } });

      expect((await comment('before the failover')).statusCode).toBe(201);
      expect(h.failover!.primary).toBe(`127.0.0.1:${a.port}`);

      await a.kill();
      // The request that meets the broken connection may fail; the app must not stay on the dead host.
      const statuses: number[] = [];
      for (let i = 0; i < 5 && statuses.at(-1) !== 201; i++) statuses.push((await comment(`after the failover ${i}`)).statusCode);
      expect(statuses.at(-1)).toBe(201);
      expect(statuses.length).toBeLessThanOrEqual(2);
      expect(h.failover!.primary).toBe(`127.0.0.1:${b.port}`);
      const list = await app.inject({ method: 'GET', url: `/api/v1/items/${item.id}/comments`, headers });
      expect(list.json().data.map((c: { body: string }) => c.body)).toContain('before the failover');

      // With no server left the app answers "come back later", not an internal error.
      await b.kill();
      const down = await app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(down.statusCode).toBe(503);
      expect(down.json().error.code).toBe('DATABASE_UNAVAILABLE');
      expect(down.headers['retry-after']).toBe('5');
      await app.close();
    } finally {
      await b.kill();
      fs.rmSync(dir, { recursive: true, force: true });
      await demo.drop();
    }
  });
});
