// The peer workload: the four requests Redmine 5.0.4 was measured on, on the same shape of data
// (bench/peer-generate.ts), against the real server in its own process (as `npm start` runs it),
// loaded by wrk from another.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import pg from 'pg';
import { sql } from 'kysely';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../server/platform/clock.js';
import { migrateToLatest, openDatabase } from '../server/platform/db.js';
import { seedDemo } from '../server/db/seeds/demo.seed.js';
import { CATEGORIES } from '../domain/items.js';
import { generatePeer, PEER_SHAPE } from './peer-generate.js';
import { SERVER_NODE_FLAGS, serverBundle } from '../scripts/server-bundle.mjs';
import { wrk, wrkAvailable, type WrkResult, type WrkTarget } from './wrk.js';

const root = path.resolve(import.meta.dirname, '..');
const WARMUP_SECONDS = Number(process.env.BENCH_PEER_WARMUP ?? 5);
const SECONDS = Number(process.env.BENCH_PEER_SECONDS ?? 15);
const ALONE_SECONDS = Number(process.env.BENCH_PEER_ALONE_SECONDS ?? 5);
const CONNECTIONS = 16;
const PASSWORD = 'Bench@Passw0rd';
const RSS_LIMIT_MIB = 200;
// For profiling: extra Node flags for the server (`--cpu-prof --cpu-prof-dir=…`, written when it stops),
// and a subset of the four requests to time (`b,d`).
const EXTRA_NODE_FLAGS = (process.env.BENCH_PEER_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
const ONLY_KEYS = process.env.BENCH_PEER_ENDPOINTS?.split(',').map((k) => k.trim());
// Another build of the server to load instead of the current one (a copy of dist/server kept from before a change, for A/B).
const SERVER_ENTRY = process.env.BENCH_PEER_SERVER;

/** What Redmine did on this workload, on this kind of machine: req/s under load, and ms for one client alone. */
interface Peer {
  key: string;
  name: string;
  redmineRps: number;
  redmineAloneMs: [number, number];
}
const PEERS: Peer[] = [
  { key: 'a', name: 'a. items of a consultation, in progress, 25', redmineRps: 8.8, redmineAloneMs: [146, 171] },
  { key: 'b', name: 'b. one item with its report history', redmineRps: 28.2, redmineAloneMs: [44, 49] },
  { key: 'c', name: 'c. all consultations, category, by deadline', redmineRps: 4.5, redmineAloneMs: [275, 286] },
  { key: 'd', name: 'd. a comment on an item', redmineRps: 15.9, redmineAloneMs: [73, 84] },
  // The two that the server keeps answers of, asked with no-cache: what computing each answer costs.
  { key: 'a-computed', name: '   a. computed each time (no-cache)', redmineRps: 8.8, redmineAloneMs: [146, 171] },
  { key: 'c-computed', name: '   c. computed each time (no-cache)', redmineRps: 4.5, redmineAloneMs: [275, 286] },
];
const ORDER = ['a', 'a-computed', 'b', 'c', 'c-computed', 'd'];
PEERS.sort((x, y) => ORDER.indexOf(x.key) - ORDER.indexOf(y.key));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, log: () => string) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${log()}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not answer ${url}:\n${log()}`);
}

/** Resident set of a process in MiB (Linux /proc), and its peak so far. */
function rssOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** CPU time a process has used so far, in milliseconds (user + system; Linux counts in 1/100 s); 0 once it is gone. */
function cpuMsOf(pid: number): number {
  if (!fs.existsSync(`/proc/${pid}/stat`)) return 0;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function startProcess(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  child.stderr!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  return { child, output: () => output };
}

/**
 * On PostgreSQL the database's CPU counts too when it shares the machine: the backends serving the
 * bench's database, when the server runs on this machine (their process ids are then local). Null on SQLite.
 */
async function databaseCpu(url: string): Promise<(() => Promise<number>) | null> {
  if (!url.startsWith('postgres')) return null;
  const name = new URL(url).pathname.slice(1);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
    const pids = rows.map((r) => r.pid).filter((pid) => fs.existsSync(`/proc/${pid}/stat`));
    return async () => pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
  } finally {
    await c.end();
  }
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function benchPeer(url: string, label: string): Promise<void> {
  if (!wrkAvailable()) {
    process.stdout.write(`\n[${label}] peer workload skipped: wrk is not installed (apt-get install wrk)\n`);
    return;
  }
  const handle = openDatabase(url);
  await migrateToLatest(handle.db);
  const now = new Date();
  const seeded = await seedDemo(handle.db, { password: PASSWORD, now: now.toISOString(), today: now.toISOString().slice(0, 10) });
  const t0 = Date.now();
  const data = await generatePeer(handle.db, seeded.orgs, { userId: seeded.users['city.coord']!, orgId: seeded.orgs.bureau! });
  const generated = (Date.now() - t0) / 1000;
  // Steady state: the night's sweep (lights and reminders) has run, as on any day but the very first;
  // the first sweep over 30,000 freshly written items would otherwise occupy the server for minutes.
  // The notification fan-out of each new comment still runs in the server's job runner.
  await handle.db.updateTable('jobs').set({ last_day: systemClock().today(), last_run_at: now.toISOString() }).where('name', '=', 'daily_sweep').execute();
  // As in the scale bench: autovacuum would have vacuumed and analysed a load this size long before
  // anyone asked for an item. Without it the planner guesses 500 reports an item (hash joins where an
  // index lookup does), and the first read of each page sets its hint bits, a write, while timed.
  if (handle.dialect === 'postgres') await sql`vacuum analyze`.execute(handle.db);
  await handle.close();
  process.stdout.write(
    `\n[${label}] peer workload: ${data.consultationIds.length} consultations × ${PEER_SHAPE.itemsPerConsultation} items = ${data.items.toLocaleString('en')} items, ${data.reports.toLocaleString('en')} progress reports, generated in ${generated.toFixed(1)} s\n`,
  );

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huishang-peer-'));
  const port = await freePort();
  // The server as `npm start` runs it: the compiled bundle, not the sources through tsx.
  const server = startProcess([...SERVER_NODE_FLAGS, ...EXTRA_NODE_FLAGS, SERVER_ENTRY ? path.resolve(SERVER_ENTRY) : await serverBundle()], {
    DATABASE_URL: url,
    HOST: '127.0.0.1',
    PORT: String(port),
    HUISHANG_DEMO: 'off',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '0',
    WEB_DIST: path.join(dir, 'no-web'),
    FILES_DIR: path.join(dir, 'files'),
    AUDIT_KEY: randomBytes(32).toString('hex'),
    FIELD_KEY: randomBytes(32).toString('hex'),
  });
  let bare: ReturnType<typeof startProcess> | null = null;
  try {
    const base = `http://127.0.0.1:${port}/api/v1`;
    await waitFor(`${base}/health`, server.child, server.output);
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'city.coord', password: PASSWORD }),
    });
    if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const tok = await fetch(`${base}/me/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: 'peer bench' }),
    });
    if (!tok.ok) throw new Error(`token failed: ${tok.status} ${await tok.text()}`);
    const token = ((await tok.json()) as { token: string }).token;
    const auth = { authorization: `Bearer ${token}` };

    const targets: Record<string, WrkTarget> = {
      a: { path: '/consultations/{}/items?status=in_progress&limit=25', values: data.consultationIds, headers: auth },
      'a-computed': { path: '/consultations/{}/items?status=in_progress&limit=25', values: data.consultationIds, headers: { ...auth, 'cache-control': 'no-cache' } },
      b: { path: '/items/{}?include=reports', range: data.itemIds, headers: auth },
      c: { path: '/board/items?category={}&sort=deadline&limit=25', values: CATEGORIES, headers: auth },
      'c-computed': { path: '/board/items?category={}&sort=deadline&limit=25', values: CATEGORIES, headers: { ...auth, 'cache-control': 'no-cache' } },
      d: {
        path: '/items/{}/comments',
        range: data.itemIds,
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ body: '对标测试：请牵头单位补充本季度的资金到位情况和下一步工作安排。' }),
      },
    };
    // Each request answers as it should before it is timed: a fast error is not a fast endpoint.
    for (const [key, t] of Object.entries(targets)) {
      const one = t.path.replace('{}', String(t.values?.[0] ?? t.range!.first));
      const r = await fetch(base + one, { method: t.method ?? 'GET', headers: t.headers, body: t.body });
      if (r.status >= 300) throw new Error(`${key}: ${t.method ?? 'GET'} ${one} answered ${r.status} ${(await r.text()).slice(0, 300)}`);
    }

    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(server.child.pid!).rss)), 250);
    const rows: { peer: Peer; load: WrkResult; alone: WrkResult; cpuMs: number; dbCpuMs: number | null }[] = [];
    for (const peer of PEERS.filter((p) => !ONLY_KEYS || ONLY_KEYS.includes(p.key.split('-')[0]!))) {
      const t = targets[peer.key]!;
      await wrk(base, t, { seconds: WARMUP_SECONDS, connections: CONNECTIONS, threads: 2 });
      // After the warm-up the server's pool holds its connections: the backends to count.
      const dbCpu = await databaseCpu(url);
      const db0 = await dbCpu?.();
      const cpu0 = cpuMsOf(server.child.pid!);
      const load = await wrk(base, t, { seconds: SECONDS, connections: CONNECTIONS, threads: 2 });
      // The server's own CPU per answer: what the other processes on a shared machine cannot inflate.
      const cpuMs = (cpuMsOf(server.child.pid!) - cpu0) / Math.max(1, load.requests);
      const dbCpuMs = dbCpu ? ((await dbCpu()) - db0!) / Math.max(1, load.requests) : null;
      const alone = await wrk(base, t, { seconds: ALONE_SECONDS, connections: 1, threads: 1 });
      rows.push({ peer, load, alone, cpuMs, dbCpuMs });
    }

    // The same bytes as one answer of the hot list, from a bare node:http server in its own process.
    const sample = await fetch(base + targets.a!.path.replace('{}', String(data.consultationIds[0])), { headers: auth });
    const bodyFile = path.join(dir, 'hot-list.json');
    fs.writeFileSync(bodyFile, Buffer.from(await sample.arrayBuffer()));
    bare = startProcess(['--import', 'tsx', 'bench/bare-server.ts', bodyFile], {});
    const barePort = await new Promise<number>((resolve, reject) => {
      bare!.child.stdout!.once('data', (c: Buffer) => resolve(Number(String(c).trim())));
      bare!.child.once('exit', () => reject(new Error(`the bare server exited:\n${bare!.output()}`)));
    });
    const bareTarget: WrkTarget = { path: '/' };
    await wrk(`http://127.0.0.1:${barePort}`, bareTarget, { seconds: WARMUP_SECONDS, connections: CONNECTIONS, threads: 2 });
    const bareLoad = await wrk(`http://127.0.0.1:${barePort}`, bareTarget, { seconds: SECONDS, connections: CONNECTIONS, threads: 2 });
    clearInterval(sampler);
    const rss = rssOf(server.child.pid!);
    peakRss = Math.max(peakRss, rss.rss, rss.peak);

    const f = (n: number, d = 0) => n.toFixed(d);
    process.stdout.write(
      `[${label}] wrk -t2 -c${CONNECTIONS} -d${SECONDS}s after a ${WARMUP_SECONDS} s warm-up; alone: wrk -t1 -c1 -d${ALONE_SECONDS}s; server and wrk in their own processes; latencies in ms\n`,
    );
    process.stdout.write(
      `${'endpoint'.padEnd(46)}${'req/s'.padStart(8)}${'Redmine'.padStart(9)}${'ratio'.padStart(8)}${'≥100x'.padStart(7)}${'p95 @16'.padStart(9)}  ${'alone p50/p95'.padEnd(14)}${'Redmine/20'.padStart(12)}${'≤1/20'.padStart(7)}${'errors'.padStart(8)}${'CPU ms/req'.padStart(12)}${rows.some((r) => r.dbCpuMs !== null) ? 'DB CPU ms'.padStart(11) : ''}\n`,
    );
    for (const { peer, load, alone, cpuMs, dbCpuMs } of rows) {
      const [lo, hi] = peer.redmineAloneMs;
      const fast = alone.p50 <= lo / 20 && alone.p95 <= hi / 20;
      process.stdout.write(
        `${peer.name.padEnd(46)}${f(load.rps).padStart(8)}${f(peer.redmineRps, 1).padStart(9)}${`${f(load.rps / peer.redmineRps)}x`.padStart(8)}${(load.rps >= 100 * peer.redmineRps ? 'met' : 'no').padStart(7)}${f(load.p95, 1).padStart(9)}  ${`${f(alone.p50, 2)}/${f(alone.p95, 2)}`.padEnd(14)}${`${f(lo / 20, 1)}–${f(hi / 20, 1)}`.padStart(12)}${(fast ? 'met' : 'no').padStart(7)}${String(load.errors + alone.errors).padStart(8)}${f(cpuMs, 2).padStart(12)}${dbCpuMs === null ? '' : f(dbCpuMs, 2).padStart(11)}\n`,
      );
    }
    const hot = rows.find((r) => r.peer.key === 'a')?.load;
    const share = hot
      ? `hot list a. / bare = ${f((hot.rps / bareLoad.rps) * 100)}% (target ≥ 40%: ${hot.rps >= 0.4 * bareLoad.rps ? 'met' : 'not met'})`
      : 'hot list a. not timed in this run (BENCH_PEER_ENDPOINTS)';
    process.stdout.write(`${'bare node:http, same bytes as a.'.padEnd(46)}${f(bareLoad.rps).padStart(8)}   ${share}\n`);
    process.stdout.write(
      `[${label}] server RSS: peak ${f(peakRss)} MiB, at the end ${f(rss.rss)} MiB (target ≤ ${RSS_LIMIT_MIB} MiB: ${peakRss <= RSS_LIMIT_MIB ? 'met' : 'not met'})\n`,
    );
  } finally {
    if (bare) await stop(bare.child);
    await stop(server.child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
