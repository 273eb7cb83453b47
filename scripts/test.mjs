// `npm test`: everything this machine can run — typecheck, lint, formatting, unit and HTTP tests on SQLite,
// the same HTTP tests on PostgreSQL when reachable, two app instances behind nginx when nginx is here too,
// and the browser journeys when Chromium is here.
// With CI=true a missing PostgreSQL, nginx or Chromium fails the run; with REQUIRE_PG=1 a missing PostgreSQL does.
// Tests run in a random order, files and the tests in them; TEST_SEED=<number> repeats an order.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const requirePg = ci || process.env.REQUIRE_PG === '1';
const pgUrl = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const nginx = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
// `--no-checks`: only what runs the code (tests, the web build, the journeys), for a second runtime;
// typecheck, lint and formatting read the source and say the same on every Node.
const checks = !process.argv.includes('--no-checks');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

if (process.env.TEST_SEED !== undefined && !/^\d{1,9}$/.test(process.env.TEST_SEED)) {
  process.stderr.write(`TEST_SEED must be a whole number (up to 9 digits), not "${process.env.TEST_SEED}"\n`);
  process.exit(2);
}
const seed = process.env.TEST_SEED ?? String(Math.floor(Math.random() * 1e9));
const shuffled = ['--sequence.shuffle', `--sequence.seed=${seed}`];
// A browser journey is a story told in order (each step starts where the last one left off), so
// only its files are shuffled.
const filesShuffled = ['--sequence.shuffle.files', '--no-sequence.shuffle.tests', `--sequence.seed=${seed}`];

const results = [];
const started = Date.now();

/** Runs a command; with `quiet` its output is held back and returned, else it goes to the terminal. */
function run(cmd, args, env = {}, quiet = false) {
  return new Promise((resolve) => {
    const t = Date.now();
    const child = spawn(cmd, args, { cwd: root, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: { ...process.env, ...env } });
    let output = '';
    if (quiet) {
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
    }
    child.on('error', (err) => (output += `${err.message}\n`));
    child.on('close', (code) => resolve({ ok: code === 0, secs: ((Date.now() - t) / 1000).toFixed(1), output }));
  });
}
function header(name) {
  process.stdout.write(`\n━━ ${name} ━━\n`);
}
/** Runs one step with its output held back, and shows it (under a header) as soon as it ends. */
async function quietStep(name, cmd, args, env = {}) {
  const r = await run(cmd, args, env, true);
  header(`${name} (run alongside others)`);
  process.stdout.write(r.output);
  results.push({ name, ok: r.ok, secs: r.secs });
  return r.ok;
}
/** Steps that do not depend on each other, run at once. */
async function together(steps) {
  return (await Promise.all(steps.map(([name, cmd, args, env]) => quietStep(name, cmd, args, env)))).every(Boolean);
}
function loud(msg) {
  const bar = '!'.repeat(78);
  process.stdout.write(`\n${bar}\n!! ${msg}\n${bar}\n`);
}

async function pgReachable() {
  const c = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

process.stdout.write(`\nNode ${process.versions.node}. Test order shuffled with seed ${seed}; repeat it with TEST_SEED=${seed} npm test\n`);

const haveChromium = fs.existsSync(chromium);
const vite = [process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']];

// Phases that keep both cores busy without starving each other: the checks of the source (and the
// web build the journeys need) together; the SQLite suite, which is CPU-bound, alone; then the
// browser journeys, which mostly wait on page loads, beside the PostgreSQL suite, which mostly
// waits on its database.
const built = await together([
  ...(checks
    ? [
        ['typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
        ['lint', bin('eslint'), ['.']],
        ['format', bin('prettier'), ['--check', '--log-level', 'warn', '.']],
      ]
    : []),
  ...(haveChromium ? [['build web', ...vite]] : []),
]).then(() => results.find((r) => r.name === 'build web')?.ok === true);

/** Returns whether PostgreSQL was there to run it on. */
async function postgresSuite() {
  if (await pgReachable()) {
    await quietStep('server tests on PostgreSQL', bin('vitest'), ['run', '--project', 'postgres', ...shuffled], { PG_TEST_URL: pgUrl });
    return true;
  } else if (requirePg) {
    loud(`PostgreSQL is not reachable at ${pgUrl.replace(/\/\/[^@]*@/, '//…@')} and it is required (CI or REQUIRE_PG=1).`);
    results.push({ name: 'server tests on PostgreSQL', ok: false, secs: '0' });
  } else {
    loud(`PostgreSQL is not reachable at ${pgUrl.replace(/\/\/[^@]*@/, '//…@')}: SKIPPING the PostgreSQL suite. Set PG_TEST_URL or start PostgreSQL.`);
    results.push({ name: 'server tests on PostgreSQL', ok: true, secs: 'skipped' });
  }
  return false;
}

/** Two app instances (real processes) on one PostgreSQL database behind nginx, with the shipped configuration. */
async function deploySuite(havePg) {
  const name = 'two instances behind nginx (PostgreSQL)';
  if (!havePg) {
    // The missing PostgreSQL is reported (and, where required, failed) above.
    results.push({ name, ok: true, secs: 'skipped' });
  } else if (fs.existsSync(nginx)) {
    await quietStep(name, bin('vitest'), ['run', '--project', 'deploy', ...shuffled], { PG_TEST_URL: pgUrl, NGINX_PATH: nginx });
  } else if (ci) {
    loud(`nginx is not installed at ${nginx} and CI requires the deployment test.`);
    results.push({ name, ok: false, secs: '0' });
  } else {
    loud(`nginx is not installed at ${nginx}: SKIPPING the deployment test (apt-get install nginx-light, or set NGINX_PATH).`);
    results.push({ name, ok: true, secs: 'skipped' });
  }
}

async function browserJourneys() {
  if (haveChromium) {
    if (built) await quietStep('browser journeys (Chromium)', bin('vitest'), ['run', '--project', 'e2e', ...filesShuffled], { CHROMIUM_PATH: chromium });
  } else if (ci) {
    loud(`Chromium is not installed at ${chromium} and CI requires the browser journeys.`);
    results.push({ name: 'browser journeys (Chromium)', ok: false, secs: '0' });
  } else {
    loud(`Chromium is not installed at ${chromium}: SKIPPING the browser journeys (apt-get install chromium fonts-noto-cjk).`);
    results.push({ name: 'browser journeys (Chromium)', ok: true, secs: 'skipped' });
  }
}

const sqliteSuite = () =>
  quietStep('unit + server tests on SQLite + documents in LibreOffice', bin('vitest'), [
    'run',
    '--project',
    'unit',
    '--project',
    'sqlite',
    '--project',
    'docs-render',
    ...shuffled,
  ]);
// The browser journeys, the longest step, need only the web build: they start beside the SQLite suite
// rather than after it (on a slow 2-core machine the whole run was 900 s, with the journeys alone 680).
await Promise.all([sqliteSuite().then(postgresSuite).then(deploySuite), browserJourneys()]);

process.stdout.write('\n━━ summary ━━\n');
for (const r of results) process.stdout.write(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name} (${r.secs}${r.secs === 'skipped' ? '' : ' s'})\n`);
process.stdout.write(`all of it in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
process.stdout.write(`test order seed ${seed} (TEST_SEED=${seed} npm test repeats it)\n`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
