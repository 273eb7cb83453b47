/**
 * Two app instances on one PostgreSQL database behind nginx, configured by the shipped
 * deploy/nginx/huishang.conf: every process real (server/main.ts in children, Debian's nginx with a
 * prefix of its own), talked to over TCP and TLS as a browser would.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../platform/db.js';
import { pgAdmin, pgUrlOf, TEST_HASH_ENV } from '../testing/template.js';
import {
  type Answer,
  type Child,
  mainConfig,
  NGINX,
  request,
  selfSignedCertificate,
  SHIPPED_NGINX_CONF,
  siteConfig,
  sleep,
  startInstance,
  startNginx,
  freePort,
} from './deploy.testkit.js';

const PASSWORD = 'Deploy@Passw0rd';
/** The instances' today (demo mode's HUISHANG_TODAY): the daily jobs run once for it. */
const TODAY = '2026-11-25';
const ASSET = `app-${randomBytes(4).toString('hex')}.js`;
const ASSET_TEXT = `console.log(${JSON.stringify('会商'.repeat(400))});\n`;

let dir: string;
let dbName: string;
let handle: DbHandle;
let ca: Buffer;
let front: string;
let plain: string;
let accessLog: string;
const instances: { child: Child; port: number; base: string }[] = [];
let nginx: Child | undefined;
let wangcang: number;
let cangxi: number;

beforeAll(async () => {
  if (!fs.existsSync(NGINX)) throw new Error(`nginx is not installed at ${NGINX} (apt-get install nginx-light, or set NGINX_PATH)`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-deploy-'));
  // nginx started as root hands its workers to `nobody`, who must reach the prefix and the web root.
  fs.chmodSync(dir, 0o755);
  dbName = `hs_deploy_${process.pid}_${randomBytes(4).toString('hex')}`;
  await pgAdmin((c) => c.query(`create database ${dbName}`));

  const web = path.join(dir, 'web');
  fs.mkdirSync(path.join(web, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(web, 'index.html'), `<!doctype html><title>会商</title><script type="module" src="/assets/${ASSET}"></script>`);
  fs.writeFileSync(path.join(web, 'assets', ASSET), ASSET_TEXT);
  fs.writeFileSync(path.join(web, 'assets', `${ASSET}.gz`), zlib.gzipSync(ASSET_TEXT));
  const env = {
    DATABASE_URL: pgUrlOf(dbName),
    HOST: '127.0.0.1',
    HUISHANG_DEMO: 'auto',
    HUISHANG_TODAY: TODAY,
    HUISHANG_DEMO_PASSWORD: PASSWORD,
    ...TEST_HASH_ENV,
    // One store for both, as shared storage would be on two machines.
    FILES_DIR: path.join(dir, 'files'),
    WEB_DIST: web,
    TRUST_PROXY: '127.0.0.1',
    COOKIE_SECURE: 'true',
    JOBS: 'on',
    JOB_POLL_MS: '200',
    LOG_LEVEL: 'warn',
  };
  // Both at once on the empty database: migrations and the demo seed must survive the race.
  instances.push(...(await Promise.all(['app-a', 'app-b'].map((n) => startInstance(n, dir, env)))));
  await Promise.all(instances.map((i) => i.child.waitFor(async () => (await request(`${i.base}/api/v1/health`)).status === 200, 90_000)));

  const tls = selfSignedCertificate(dir);
  ca = tls.ca;
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  accessLog = path.join(dir, 'access.log');
  const site = path.join(dir, 'huishang.conf');
  fs.writeFileSync(
    site,
    siteConfig(fs.readFileSync(SHIPPED_NGINX_CONF, 'utf8'), {
      upstreams: instances.map((i) => i.port),
      httpPort,
      httpsPort,
      certificate: tls.certificate,
      key: tls.key,
      webRoot: web,
      accessLog,
    }),
  );
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, mainConfig(dir, site));
  nginx = startNginx(dir, conf);
  front = `https://127.0.0.1:${httpsPort}`;
  plain = `http://127.0.0.1:${httpPort}`;
  await nginx.waitFor(async () => (await request(`${front}/api/v1/health`, { ca })).status === 200, 20_000);

  handle = openDatabase(pgUrlOf(dbName));
  wangcang = (await handle.db.selectFrom('consultations').select('id').where('title', 'like', '%旺苍%').executeTakeFirstOrThrow()).id;
  cangxi = (await handle.db.selectFrom('consultations').select('id').where('status', '=', 'negotiating').executeTakeFirstOrThrow()).id;
}, 120_000);

afterAll(async () => {
  await Promise.all([nginx?.stop(), ...instances.map((i) => i.child.stop())]);
  await handle?.close();
  if (dbName) await pgAdmin((c) => c.query(`drop database if exists ${dbName} with (force)`));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const [A, B] = [0, 1];
const direct = (i: number) => instances[i]!.base;

interface Session {
  cookie: string;
  csrf: string;
  call(base: string, method: string, url: string, body?: unknown): Promise<Answer>;
}

/** Signs in through `base` (an instance's own port, or nginx), and may then call any of them. */
async function login(base: string, username: string, headers: Record<string, string> = {}): Promise<Session> {
  const res = await request(`${base}/api/v1/auth/login`, { method: 'POST', body: { username, password: PASSWORD }, ca, headers });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = set.map((c) => c.split(';')[0]!).join('; ');
  expect(cookie).not.toBe('');
  const csrf = res.body.csrfToken as string;
  return {
    cookie,
    csrf,
    call: (to, method, url, body) => request(`${to}${url}`, { method, body, ca, headers: { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': csrf }) } }),
  };
}

/** The upstream each logged request went to ("-": nginx answered it itself). */
function upstreamsOf(pathPrefix: string): string[] {
  return fs
    .readFileSync(accessLog, 'utf8')
    .split('\n')
    .filter((l) => l.includes(`"GET ${pathPrefix}`))
    .map((l) => /upstream=(\S+)/.exec(l)?.[1] ?? '?');
}

async function until(what: string, test: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await test()) return;
    await sleep(100);
  }
  throw new Error(`waited ${ms / 1000} s for ${what}`);
}

describe('several instances on one PostgreSQL database behind nginx', () => {
  it('keeps a session begun on one instance for writes through the other, and nginx serves what was written', async () => {
    const cx = await login(direct(A), 'cangxi.coord');
    const title = `冷链物流技术需求 ${randomBytes(3).toString('hex')}`;
    const created = await cx.call(direct(B), 'POST', `/api/v1/consultations/${cangxi}/needs`, { title, domain: '农业农村', urgency: 'urgent' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const listed = await cx.call(front, 'GET', `/api/v1/consultations/${cangxi}/needs`);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((n: { title: string }) => n.title)).toContain(title);
    const me = await cx.call(front, 'GET', '/api/v1/me');
    expect(me.body).toMatchObject({ username: 'cangxi.coord' });

    // An attachment taken by one instance is served by the other: FILES_DIR is one store.
    const boundary = `----deploy${randomBytes(6).toString('hex')}`;
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]);
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="现场.png"\r\nContent-Type: image/png\r\n\r\n`),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await request(`${direct(A)}/api/v1/needs/${created.body.id}/attachments`, {
      method: 'POST',
      body,
      headers: { cookie: cx.cookie, 'x-csrf-token': cx.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const down = await cx.call(direct(B), 'GET', up.body.url as string);
    expect(down.status).toBe(200);
    expect(down.raw.equals(png)).toBe(true);
  });

  it('dispatches each event once although both instances poll for it: one notification per recipient', async () => {
    const cx = await login(front, 'cangxi.coord');
    const title = `科技特派员需求 ${randomBytes(3).toString('hex')}`;
    const need = await cx.call(front, 'POST', `/api/v1/consultations/${cangxi}/needs`, { title, domain: '农业农村' });
    expect(need.status, JSON.stringify(need.body)).toBe(201);
    const event = () =>
      handle.db
        .selectFrom('domain_events')
        .select(['id', 'processed_at'])
        .where('type', '=', 'need.submitted')
        .where('entity_id', '=', need.body.id as number)
        .executeTakeFirst();
    await until('the need to be dispatched', async () => !!(await event())?.processed_at);
    // Both instances keep polling every 200 ms: give each several more passes at the same work.
    await sleep(1500);
    const notified = await handle.db
      .selectFrom('notifications')
      .select('user_id')
      .where('event_id', '=', (await event())!.id)
      .execute();
    const hostCoordinators = await handle.db
      .selectFrom('user_roles as r')
      .innerJoin('consultation_parties as p', 'p.org_id', 'r.org_id')
      .select('r.user_id')
      .where('p.consultation_id', '=', cangxi)
      .where('p.side', '=', 'host')
      .where('r.role', '=', 'host_coordinator')
      .execute();
    expect(notified.length).toBeGreaterThan(0);
    expect(notified.map((n) => n.user_id).sort()).toEqual(hostCoordinators.map((r) => r.user_id).sort());
    const twice = await handle.db
      .selectFrom('notifications')
      .select(['event_id', 'user_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('event_id', 'is not', null)
      .groupBy(['event_id', 'user_id'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    expect(twice).toEqual([]);
  });

  // Both instances' job runners must come round to the locked claim: on a loaded machine that can take a while.
  it('runs the daily sweep once a day, also when both instances reach it at the same moment', { timeout: 150_000 }, async () => {
    const sweep = () => handle.db.selectFrom('jobs').select(['last_day', 'lease_owner']).where('name', '=', 'daily_sweep').executeTakeFirstOrThrow();
    await until('the first daily sweep', async () => (await sweep()).last_day === TODAY);
    const runs = () =>
      handle.db.selectFrom('job_runs').select(['id', 'instance', 'done', 'error']).where('job', '=', 'daily_sweep').where('trigger', '=', 'timer').orderBy('id').execute();
    const automatic = () => handle.db.selectFrom('reminders').select('dedupe_key').where('dedupe_key', 'is not', null).execute();
    const first = await runs();
    expect(first).toHaveLength(1);
    const reminders = await automatic();
    expect(first[0]).toMatchObject({ done: reminders.length, error: null });
    expect(reminders.length).toBeGreaterThan(0);

    // The next day comes for both at once: with the jobs table locked against writes, hand the sweep a
    // new day with work to do (yesterday's mark, the automatic reminders gone), and let go only once
    // both instances wait to claim it. Every other job with a lease is paused meanwhile, so the only
    // claim a pass can wait on is the sweep's, the first job of a pass (under load an instance caught
    // claiming another job waited there through every try).
    // Every claim of the sweep, as the database sees it: what either instance's lease let through.
    await sql`create table deploy_claims (id serial primary key, owner text not null)`.execute(handle.db);
    await sql`create function deploy_claim() returns trigger language plpgsql as $$
      begin insert into deploy_claims (owner) values (new.lease_owner); return new; end $$`.execute(handle.db);
    await sql`create trigger deploy_claim after update on jobs for each row
      when (new.name = 'daily_sweep' and new.lease_owner is not null) execute function deploy_claim()`.execute(handle.db);
    const others = ['dispatch', 'deliveries', 'audit_retention'];
    await handle.db.updateTable('jobs').set({ paused: 1 }).where('name', 'in', others).execute();
    // An instance that the lock catches in the middle of a pass (claiming another job) waits there, not
    // on the sweep; then the lock is let go with nothing changed, and taken again, until both wait on it.
    const notBoth = new Error('not both on the sweep');
    for (let attempt = 1; ; attempt++) {
      const both = await handle.db
        .transaction()
        .execute(async (tx) => {
          await sql`lock table jobs in exclusive mode`.execute(tx);
          await tx.updateTable('jobs').set({ last_day: '2026-11-24' }).where('name', '=', 'daily_sweep').execute();
          await tx.deleteFrom('reminders').where('dedupe_key', 'is not', null).execute();
          await until(
            'both instances to wait on the sweep (not both already in it)',
            async () => {
              const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'
                and query like 'update "jobs" set "lease_owner" = $1, "lease_until" = $2 where %' and query like '%"last_day" is null%'`.execute(handle.db);
              return rows[0]!.n === 2;
            },
            15_000,
          ).catch((err: unknown) => {
            throw attempt < 5 ? notBoth : err;
          });
          return true;
        })
        .catch((err: unknown) => {
          if (err === notBoth) return false;
          throw err;
        });
      if (both) break;
    }
    await handle.db.updateTable('jobs').set({ paused: 0 }).where('name', 'in', others).execute();
    await until('the sweep to finish', async () => {
      const s = await sweep();
      return s.last_day === TODAY && s.lease_owner === null;
    });
    await sleep(1000);
    const again = (await runs()).slice(1);
    const claims = await sql<{ owner: string }>`select owner from deploy_claims order by id`.execute(handle.db);
    expect(claims.rows.map((c) => c.owner)).toEqual([again[0]?.instance]);
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ done: reminders.length, error: null });
    expect((await automatic()).map((r) => r.dedupe_key).sort()).toEqual(reminders.map((r) => r.dedupe_key).sort());
  });

  it('takes a publication down on every instance at once, whichever instance the change went through', async () => {
    const city = await login(front, 'city.coord');
    const url = `/api/v1/consultations/${wangcang}/publication`;
    const current = await city.call(front, 'GET', url);
    expect(current.status).toBe(200);
    const on = await city.call(direct(A), 'PUT', url, { published: true, keywords: ['科技会商'], version: current.body.version });
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    const page = `/api/v1/public/consultations/${wangcang}`;
    // Each instance now holds the page in its own cache.
    for (const base of [direct(A), direct(B), front, front, front, front]) expect((await request(`${base}${page}`, { ca })).status).toBe(200);
    await until('the four requests through nginx are logged', async () => upstreamsOf(page).length >= 4);
    const used = new Set(upstreamsOf(page));
    expect(used).toEqual(new Set(instances.map((i) => `127.0.0.1:${i.port}`)));

    const off = await city.call(direct(B), 'PUT', url, { published: false, keywords: ['科技会商'], version: on.body.version });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    for (const base of [direct(A), direct(B), front, front, front, front]) expect((await request(`${base}${page}`, { ca })).status, base).toBe(404);
  });

  it('shows a change written through one instance in the list the other kept, on the very next request', async () => {
    const city = await login(front, 'city.coord');
    const list = `/api/v1/consultations/${wangcang}/items?limit=100`;
    for (let round = 0; round < 3; round++) {
      const before = await city.call(direct(A), 'GET', list);
      expect(before.status).toBe(200);
      // A keeps the answer it just sent.
      expect((await city.call(direct(A), 'GET', list)).body).toEqual(before.body);
      const item = before.body.data[round] as { id: number; version: number };
      const responsible = `第${round + 1}轮责任人 ${randomBytes(2).toString('hex')}`;
      const res = await city.call(direct(B), 'PATCH', `/api/v1/items/${item.id}`, { responsible, version: item.version });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const after = await city.call(direct(A), 'GET', list);
      expect(after.body.data.find((i: { id: number }) => i.id === item.id).responsible).toBe(responsible);
    }
  });

  it('ends a session signed out through nginx on both instances', async () => {
    const s = await login(front, 'wangcang.coord');
    for (const i of [A, B]) expect((await s.call(direct(i), 'GET', '/api/v1/me')).status).toBe(200);
    expect((await s.call(front, 'POST', '/api/v1/auth/logout')).status).toBe(200);
    // An instance trusts what it read of a session for at most a second (server/platform/session.ts).
    await sleep(1200);
    for (const i of [A, B]) expect((await s.call(direct(i), 'GET', '/api/v1/me')).status).toBe(401);
  });

  it('records the address nginx saw, not one a client claims in X-Forwarded-For', async () => {
    const s = await login(front, 'wangcang.nyj', { 'x-forwarded-for': '203.0.113.9' });
    const me = await s.call(front, 'GET', '/api/v1/me');
    expect(me.status).toBe(200);
    const rows = await handle.db
      .selectFrom('sessions')
      .select('ip')
      .where('user_id', '=', me.body.id as number)
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.ip)).not.toContain('203.0.113.9');
    expect(rows.map((r) => r.ip)).toContain('127.0.0.1');
  });

  it('serves the hashed assets from disk, compressed and kept for good; the pages from the instances; plain HTTP moves to HTTPS', async () => {
    const asset = await request(`${front}/assets/${ASSET}`, { ca, headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-encoding']).toBe('gzip');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.gunzipSync(asset.raw).toString('utf8')).toBe(ASSET_TEXT);
    // nginx logs a request after its answer has gone: the line may come a moment after the reply.
    await until('the asset request is logged', async () => upstreamsOf(`/assets/${ASSET}`).length > 0);
    expect(upstreamsOf(`/assets/${ASSET}`)).toEqual(['-']);

    const route = await request(`${front}/consultations/${wangcang}`, { ca });
    expect(route.status).toBe(200);
    expect(route.body).toContain(`/assets/${ASSET}`);
    expect(route.headers['strict-transport-security']).toBeDefined();

    const api = await request(`${front}/api/v1/public/consultations`, { ca, headers: { 'accept-encoding': 'gzip' } });
    expect(api.status).toBe(200);

    const moved = await request(`${plain}/consultations?x=1`);
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe('https://127.0.0.1/consultations?x=1');
  });

  it('holds sign-in attempts from one address to the limit in nginx, counted once for both instances', async () => {
    // From an address of its own on the loopback network, so the other tests' sign-ins keep their allowance.
    const from = '127.0.0.2';
    const attempt = () => request(`${front}/api/v1/auth/login`, { method: 'POST', body: { username: 'no.such.user', password: 'wrong-password' }, ca, localAddress: from });
    const statuses: number[] = [];
    let refused: Answer | undefined;
    // Up to 200: nginx gives one attempt back a second, and on a loaded machine a refused sign-in takes
    // long enough that 70 attempts could all pass.
    for (let i = 0; i < 200 && !refused; i++) {
      const r = await attempt();
      statuses.push(r.status);
      if (r.status === 429) refused = r;
    }
    // Burst of 60 and one a second: at least 60 pass to whichever instance, then nginx answers.
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(60);
    expect(refused?.body).toEqual({ error: { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' } });
    expect(refused?.headers['retry-after']).toBe('60');
    const seen = await handle.db.selectFrom('login_log').select('ip').where('username', '=', 'no.such.user').execute();
    expect(new Set(seen.map((r) => r.ip))).toEqual(new Set([from]));
    expect(seen.length).toBe(statuses.filter((s) => s === 401).length);
    // Another address still signs in.
    await login(front, 'city.leader');
  });

  it('refuses a body over the upload limit in the app error shape', async () => {
    const big = Buffer.alloc(26 * 1024 * 1024, 0x61);
    const res = await request(`${front}/api/v1/needs/1/attachments`, { method: 'POST', body: big, ca, headers: { 'content-type': 'multipart/form-data; boundary=x' } });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: '请求体过大' } });
  });
});
