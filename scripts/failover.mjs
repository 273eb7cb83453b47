// `npm run failover`: a pg_auto_failover formation (monitor, primary, synchronous standby) in a
// temporary directory, two app instances on it, a write load from this process, then the primary
// killed (SIGKILL, keeper and postgres) under that load. Passes when the standby takes over, both
// instances write again without a restart, and every write they acknowledged is on the new primary.
// Needs PostgreSQL's server binaries and pg_auto_failover (installed with apt-get when run as root
// and missing); runs the servers as the postgres user when started as root.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const env = process.env;
const BASE_PORT = Number(env.FAILOVER_PG_PORT ?? 55432); // monitor; the two nodes take the next two
const WORKERS = Number(env.FAILOVER_WORKERS ?? 8);
const WARMUP_MS = Number(env.FAILOVER_WARMUP_S ?? 10) * 1000;
const AFTER_MS = Number(env.FAILOVER_AFTER_S ?? 10) * 1000;
const RECOVERY_LIMIT_MS = Number(env.FAILOVER_RECOVERY_LIMIT_S ?? 120) * 1000;
const KEEP = env.FAILOVER_KEEP === '1';
const SWITCHBACK = env.FAILOVER_SWITCHBACK !== '0';
const PASSWORD = 'Huishang@2026';

const isRoot = process.getuid?.() === 0;
const t0 = Date.now();
const log = (msg) => process.stdout.write(`[failover ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fail = (msg) => {
  throw new Error(msg);
};

// ---------------------------------------------------------------- the binaries

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function pgMajor() {
  const dir = '/usr/lib/postgresql';
  const majors = fs.existsSync(dir) ? fs.readdirSync(dir).filter((d) => /^\d+$/.test(d) && fs.existsSync(path.join(dir, d, 'bin/pg_ctl'))) : [];
  if (!majors.length) fail('PostgreSQL server binaries not found under /usr/lib/postgresql (Debian: apt-get install postgresql)');
  return majors.map(Number).sort((a, b) => b - a)[0];
}

const major = pgMajor();
const pgctl = `/usr/lib/postgresql/${major}/bin/pg_ctl`;
let autoctl = which('pg_autoctl');
if (!autoctl) {
  const pkg = `postgresql-${major}-auto-failover`;
  if (!isRoot) fail(`pg_autoctl not found: install ${pkg} (as root: apt-get install -y ${pkg})`);
  log(`installing ${pkg}`);
  const r = spawnSync('apt-get', ['install', '-y', pkg], { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) fail(`apt-get install ${pkg} failed`);
  autoctl = which('pg_autoctl') ?? fail('pg_autoctl still not found after the install');
}

// ---------------------------------------------------------------- processes we start, and their end

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-failover-'));
fs.chmodSync(dir, 0o755);
const pgEnv = {
  PATH: env.PATH,
  // pg_autoctl keeps its configuration and state under XDG directories: keep them in the run's directory.
  XDG_CONFIG_HOME: path.join(dir, 'config'),
  XDG_DATA_HOME: path.join(dir, 'share'),
  XDG_RUNTIME_DIR: path.join(dir, 'run'),
};
for (const d of ['config', 'share', 'run']) fs.mkdirSync(path.join(dir, d), { mode: 0o700 });
if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);

/** Runs a pg_autoctl command as the postgres user (or as ourselves when not root). */
function autoctlArgs(args) {
  const envArgs = Object.entries(pgEnv).map(([k, v]) => `${k}=${v}`);
  return isRoot ? ['runuser', ['-u', 'postgres', '--', 'env', ...envArgs, autoctl, ...args]] : ['env', [...envArgs, autoctl, ...args]];
}

function autoctlSync(args) {
  const [cmd, argv] = autoctlArgs(args);
  const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: dir });
  if (r.status !== 0) fail(`pg_autoctl ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

function autoctlAsync(args) {
  const [cmd, argv] = autoctlArgs(args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`pg_autoctl ${args.join(' ')} failed: ${out.split('\n').slice(-5).join('\n')}`))));
  });
}

const children = [];

/** A long-running process in its own process group, output to a log file in the run's directory. */
function startProcess(name, cmd, argv, options = {}) {
  const out = fs.openSync(path.join(dir, `${name}.log`), 'a');
  const child = spawn(cmd, argv, { cwd: options.cwd ?? dir, env: options.env ?? process.env, stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  const entry = { name, child, exited: false };
  child.on('exit', () => (entry.exited = true));
  children.push(entry);
  return entry;
}

function killGroup(entry, signal) {
  if (entry.exited) return;
  try {
    process.kill(-entry.child.pid, signal);
  } catch {
    // already gone
  }
}

async function waitExit(entry, ms) {
  const until = Date.now() + ms;
  while (!entry.exited && Date.now() < until) await sleep(100);
  return entry.exited;
}

function postmasterPid(pgdata) {
  try {
    return Number(fs.readFileSync(path.join(pgdata, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
}

let tornDown = false;
async function teardown() {
  if (tornDown) return;
  tornDown = true;
  // Apps first, so they do not log a storm of errors while the databases stop.
  const apps = children.filter((c) => c.name.startsWith('app'));
  const nodes = children.filter((c) => !c.name.startsWith('app'));
  for (const group of [apps, nodes]) {
    for (const c of group) killGroup(c, 'SIGTERM');
    for (const c of group) if (!(await waitExit(c, 20_000))) killGroup(c, 'SIGKILL');
  }
  // A postgres left behind by a keeper that died (the killed primary's, if its keeper restarted it).
  for (const n of ['monitor', 'node1', 'node2']) {
    const pid = postmasterPid(path.join(dir, n));
    if (pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // not running
      }
    }
  }
  if (KEEP) log(`kept ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
}

process.on('SIGINT', () => void teardown().then(() => process.exit(130)));
process.on('SIGTERM', () => void teardown().then(() => process.exit(143)));

// ---------------------------------------------------------------- small utilities

async function portFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function freePort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

async function until(what, fn, ms, every = 500) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await sleep(every);
  }
  fail(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

async function sqlOn(port, text, db = 'huishang') {
  const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: db, connectionTimeoutMillis: 3000 });
  c.on('error', () => {});
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end().catch(() => {});
  }
}

function formationState() {
  const json = JSON.parse(autoctlSync(['show', 'state', '--pgdata', path.join(dir, 'monitor'), '--json']));
  return json.map((n) => ({ name: n.nodename, port: n.nodeport, reported: n.current_group_state, assigned: n.assigned_group_state, healthy: n.health === 1 }));
}

// ---------------------------------------------------------------- the scenario

const ports = { monitor: BASE_PORT, node1: BASE_PORT + 1, node2: BASE_PORT + 2 };
const report = { acknowledged: 0, found: 0, failedRequests: 0 };

async function run() {
  for (const [n, p] of Object.entries(ports)) if (!(await portFree(p))) fail(`port ${p} (${n}) is in use: set FAILOVER_PG_PORT to a free range`);
  log(`pg_auto_failover ${autoctlSync(['version']).split('\n')[0].trim()} with PostgreSQL ${major}; run directory ${dir}`);

  // The monitor, then the first node (it becomes the primary), then the second (the standby).
  // No TLS between processes of one machine; `disable` rather than pg_autoctl's `prefer`, which
  // node-postgres would read as verify-full.
  const common = ['--pgctl', pgctl, '--hostname', '127.0.0.1', '--auth', 'trust', '--no-ssl', '--ssl-mode', 'disable'];
  const [mcmd, margv] = autoctlArgs(['create', 'monitor', '--pgdata', path.join(dir, 'monitor'), '--pgport', String(ports.monitor), ...common, '--run']);
  startProcess('monitor', mcmd, margv);
  const monitorUri = await until('the monitor', () => autoctlSync(['show', 'uri', '--pgdata', path.join(dir, 'monitor'), '--formation', 'monitor']).trim(), 60_000, 1000);
  log(`monitor up: ${monitorUri}`);

  for (const n of ['node1', 'node2']) {
    const [cmd, argv] = autoctlArgs([
      'create',
      'postgres',
      '--pgdata',
      path.join(dir, n),
      '--pgport',
      String(ports[n]),
      '--name',
      n,
      '--dbname',
      'huishang',
      '--listen',
      '127.0.0.1',
      '--monitor',
      monitorUri,
      ...common,
      '--run',
    ]);
    startProcess(n, cmd, argv);
    // The standby's pg_basebackup asks the primary for a spread checkpoint, which idles along for a
    // minute or two on a quiet server; an immediate one on the side lets it finish at once.
    let joined = false;
    const nudge =
      n === 'node2' &&
      (async () => {
        while (!joined) {
          await sqlOn(ports.node1, 'checkpoint').catch(() => {});
          await sleep(2000);
        }
      })();
    const want = n === 'node1' ? ['single'] : ['primary', 'secondary'];
    await until(
      `${n} to join (${want.join('/')})`,
      () => {
        const s = formationState();
        const states = s.map((x) => x.reported).sort();
        return s.length === want.length && s.every((x) => x.reported === x.assigned) && JSON.stringify(states) === JSON.stringify([...want].sort());
      },
      180_000,
      1000,
    ).finally(() => (joined = true));
    await nudge;
    log(
      `${n} joined: ${formationState()
        .map((x) => `${x.name}:${x.port} ${x.reported}`)
        .join(', ')}`,
    );
  }

  const shown = autoctlSync(['show', 'uri', '--pgdata', path.join(dir, 'monitor'), '--formation', 'default']).trim();
  log(`formation URI: ${shown}`);
  // pg_autoctl prints no user (libpq would take the login name); the formation trusts postgres.
  const databaseUrl = shown.replace(/^postgres(ql)?:\/\//, 'postgres://postgres@');
  if (!databaseUrl.includes(',')) fail(`expected a multi-host URI, got ${shown}`);

  const sync = (await sqlOn(ports.node1, 'show synchronous_standby_names'))[0].synchronous_standby_names;
  const commit = (await sqlOn(ports.node1, 'show synchronous_commit'))[0].synchronous_commit;
  log(`primary node1: synchronous_standby_names = '${sync}', synchronous_commit = ${commit}`);
  if (!sync || commit === 'off' || commit === 'local') fail('the primary does not wait for the standby: acknowledged writes could be lost by design');

  // ---- two app instances, started the way the README says, on the URI pg_autoctl printed
  const appEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    HUISHANG_DEMO: 'auto',
    JOBS: 'on',
    JOB_POLL_MS: '1000',
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'info',
    AUDIT_KEY: randomBytes(32).toString('hex'),
    FIELD_KEY: randomBytes(32).toString('hex'),
    FILES_DIR: path.join(dir, 'files'),
  };
  const apps = [];
  for (const name of ['appA', 'appB']) {
    const port = await freePort();
    startProcess(name, process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env: { ...appEnv, PORT: String(port) } });
    const base = `http://127.0.0.1:${port}/api/v1`;
    // The first instance migrates and seeds the demo; the second starts on the ready database.
    await until(`${name} on port ${port}`, async () => (await fetch(`${base}/health`)).ok, 120_000, 500);
    const res = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'city.coord', password: PASSWORD }),
    });
    if (res.status !== 200) fail(`${name}: login ${res.status} ${await res.text()}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = await res.json();
    apps.push({ name, base, headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, lastAck: 0, firstAckAfterKill: null });
    log(`${name} serving on port ${port}`);
  }
  const itemId = (await sqlOn(ports.node1, 'select min(id) as id from items'))[0].id;

  // ---- the write load: each acknowledged comment's marker is remembered
  const run = randomBytes(4).toString('hex');
  const acked = new Set();
  let seq = 0;
  let killedAt = null;
  let switchedAt = null;
  let switchDoneAt = null;
  const firstAckAfterSwitch = new Map();
  let stop = false;
  const errors = new Map();
  const worker = async (w) => {
    const app = apps[w % apps.length];
    while (!stop) {
      const marker = `ha-${run}-${++seq}`;
      const startedAt = Date.now();
      try {
        const res = await fetch(`${app.base}/items/${itemId}/comments`, {
          method: 'POST',
          headers: app.headers,
          body: JSON.stringify({ body: marker }),
          signal: AbortSignal.timeout(15_000),
        });
        await res.arrayBuffer();
        if (res.status === 201) {
          acked.add(marker);
          const now = Date.now();
          // The longest time without an acknowledged write, once the switchover began.
          if (switchedAt && now > switchedAt) app.switchGap = Math.max(app.switchGap ?? 0, now - Math.max(app.lastAck, switchedAt));
          app.lastAck = now;
          // Recovered means a request sent after the kill succeeded, not one the old primary already held.
          if (killedAt && startedAt > killedAt && app.firstAckAfterKill === null) app.firstAckAfterKill = Date.now();
          if (switchDoneAt && startedAt > switchDoneAt && !firstAckAfterSwitch.has(app.name)) firstAckAfterSwitch.set(app.name, Date.now());
          continue;
        }
        errors.set(`HTTP ${res.status}`, (errors.get(`HTTP ${res.status}`) ?? 0) + 1);
      } catch (err) {
        const key = err.name === 'TimeoutError' ? 'timeout' : `network: ${err.cause?.code ?? err.message}`;
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
      report.failedRequests += 1;
      await sleep(200);
    }
  };
  const load = Array.from({ length: WORKERS }, (_, w) => worker(w));

  await sleep(WARMUP_MS);
  if (apps.some((a) => !a.lastAck)) fail('an instance acknowledged no write before the failover');
  const ackedBefore = acked.size;
  const primary = formationState().find((n) => n.reported === 'primary');
  if (primary?.name !== 'node1') fail(`expected node1 to be the primary, the monitor says ${JSON.stringify(formationState())}`);
  log(`${ackedBefore} writes acknowledged; killing the primary node1 (SIGKILL to its keeper and postgres)`);

  const victim = children.find((c) => c.name === 'node1');
  const pmPid = postmasterPid(path.join(dir, 'node1'));
  killedAt = Date.now();
  killGroup(victim, 'SIGKILL');
  if (pmPid) {
    try {
      process.kill(pmPid, 'SIGKILL');
    } catch {
      // went with its group
    }
  }

  // When the standby accepts writes, seen from outside the apps.
  let promotedAt = null;
  void (async () => {
    while (!stop && promotedAt === null) {
      try {
        const [r] = await sqlOn(ports.node2, "select pg_is_in_recovery() as standby, current_setting('transaction_read_only') as ro");
        if (!r.standby && r.ro === 'off') promotedAt = Date.now();
      } catch {
        // not yet
      }
      await sleep(250);
    }
  })();

  const exited = () => children.filter((c) => c.name.startsWith('app') && c.exited).map((c) => c.name);
  try {
    const deadline = killedAt + RECOVERY_LIMIT_MS;
    while (!apps.every((a) => a.firstAckAfterKill !== null)) {
      if (exited().length) fail(`${exited().join(', ')} exited: the app must survive the failover by itself`);
      if (Date.now() > deadline) fail(`an instance wrote nothing within ${RECOVERY_LIMIT_MS / 1000} s of the kill`);
      await sleep(200);
    }
  } catch (err) {
    stop = true;
    await Promise.all(load);
    throw err;
  }
  for (const a of apps) log(`${a.name} writes again ${((a.firstAckAfterKill - killedAt) / 1000).toFixed(1)} s after the kill`);
  await sleep(AFTER_MS);

  // ---- the old primary comes back as the standby, then a switchover makes it the primary again:
  // the apps meet a demoted, read-only server this time, not a dead one.
  let finalPrimary = ports.node2;
  let switchover = null;
  if (SWITCHBACK) {
    const ackedBeforeSwitch = acked.size;
    log('restarting node1: it rejoins the formation as the standby');
    const [rcmd, rargv] = autoctlArgs(['run', '--pgdata', path.join(dir, 'node1')]);
    startProcess('node1-rejoined', rcmd, rargv);
    await until(
      'node1 to rejoin as the standby',
      () => {
        const s = formationState();
        return (
          s.every((x) => x.healthy && x.reported === x.assigned) &&
          s.find((x) => x.name === 'node1')?.reported === 'secondary' &&
          s.find((x) => x.name === 'node2')?.reported === 'primary'
        );
      },
      180_000,
      1000,
    );
    const sync2 = (await sqlOn(ports.node2, 'show synchronous_standby_names'))[0].synchronous_standby_names;
    if (!sync2) fail('node2 does not wait for node1 after the rejoin');
    log(`node1 is the standby again (node2: synchronous_standby_names = '${sync2}'); switchover under load`);
    switchedAt = Date.now();
    await autoctlAsync(['perform', 'switchover', '--pgdata', path.join(dir, 'node2'), '--formation', 'default', '--group', '0']);
    // pg_autoctl returns when the monitor has made node1 the primary: a write acknowledged from here on
    // shows the instance has left the demoted server.
    switchDoneAt = Date.now();
    log(`switchover done in ${((switchDoneAt - switchedAt) / 1000).toFixed(1)} s`);
    const deadline = switchDoneAt + RECOVERY_LIMIT_MS;
    while (!apps.every((a) => firstAckAfterSwitch.has(a.name))) {
      if (exited().length) fail(`${exited().join(', ')} exited during the switchover`);
      if (Date.now() > deadline) fail(`an instance wrote nothing within ${RECOVERY_LIMIT_MS / 1000} s of the switchover`);
      await sleep(200);
    }
    switchover = { acked: acked.size - ackedBeforeSwitch, took: switchDoneAt - switchedAt, gaps: apps.map((a) => a.switchGap ?? 0) };
    await sleep(AFTER_MS);
    finalPrimary = ports.node1;
  }

  stop = true;
  await Promise.all(load);
  report.acknowledged = acked.size;
  if (exited().length) fail(`${exited().join(', ')} exited during the run`);

  // ---- the check, on the new primary, directly
  const state = formationState();
  // The dead node's state is the last it reported; the monitor marks it unhealthy.
  log(`formation at the end: ${state.map((x) => `${x.name}:${x.port} ${x.reported}${x.healthy ? '' : ' (unhealthy)'}`).join(', ')}`);
  const [standby] = await sqlOn(finalPrimary, 'select pg_is_in_recovery() as r');
  if (standby.r) fail(`the server on port ${finalPrimary} is still a standby`);
  const rows = await sqlOn(finalPrimary, `select body from item_comments where body like 'ha-${run}-%'`);
  const present = new Set(rows.map((r) => r.body));
  const lost = [...acked].filter((m) => !present.has(m));
  report.found = acked.size - lost.length;
  const unacknowledgedPresent = rows.length - report.found;

  const recovery = apps.map((a) => a.firstAckAfterKill - killedAt);
  const failoverLines = apps.flatMap((a) =>
    fs
      .readFileSync(path.join(dir, `${a.name}.log`), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"event":"primary_'))
      .map((l) => {
        const j = JSON.parse(l);
        return `  ${a.name}: ${j.event} ${j.host ?? ''}${j.reason ? ` (${j.reason})` : ''}`;
      }),
  );
  process.stdout.write(
    [
      '',
      'app instances, database events they logged:',
      ...failoverLines,
      '',
      `failed requests (not acknowledged): ${report.failedRequests}${errors.size ? ` — ${[...errors].map(([k, v]) => `${k}: ${v}`).join(', ')}` : ''}`,
      `writes acknowledged:           ${report.acknowledged} (${ackedBefore} before the kill, ${report.acknowledged - ackedBefore} after${switchover ? `, of which ${switchover.acked} after the switchover began` : ''})`,
      `writes found after failover:   ${report.found} of them on the final primary (port ${finalPrimary})${unacknowledgedPresent ? ` (+${unacknowledgedPresent} committed whose answer never arrived)` : ''}`,
      `acknowledged writes lost:      ${lost.length}${lost.length ? ` (${lost.slice(0, 5).join(', ')}…)` : ''}`,
      `standby writable after:        ${promotedAt ? `${((promotedAt - killedAt) / 1000).toFixed(1)} s` : 'not seen'}`,
      `time to recover (first acknowledged write after the kill): ${apps.map((a, i) => `${a.name} ${(recovery[i] / 1000).toFixed(1)} s`).join(', ')}`,
      ...(switchover
        ? [
            `switchover back to node1:      took ${(switchover.took / 1000).toFixed(1)} s; longest time without an acknowledged write: ${apps.map((a, i) => `${a.name} ${(switchover.gaps[i] / 1000).toFixed(1)} s`).join(', ')}`,
          ]
        : []),
      '',
    ].join('\n'),
  );
  if (lost.length) fail(`${lost.length} acknowledged writes lost`);
  if (report.acknowledged === ackedBefore) fail('no write acknowledged after the failover');
}

let code = 0;
try {
  await run();
  log('PASS');
} catch (err) {
  code = 1;
  log(`FAIL: ${err.message}`);
  for (const c of children) {
    const file = path.join(dir, `${c.name}.log`);
    if (fs.existsSync(file)) process.stdout.write(`--- last lines of ${c.name}.log\n${fs.readFileSync(file, 'utf8').split('\n').slice(-15).join('\n')}\n`);
  }
} finally {
  await teardown();
}
process.exit(code);
