// `npm test`: everything this machine can run — typecheck, lint, unit and HTTP tests on SQLite,
// the same HTTP tests on PostgreSQL when reachable, and the browser journeys when Chromium is here.
// With CI=true a missing PostgreSQL or Chromium fails the run; with REQUIRE_PG=1 a missing PostgreSQL does.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const requirePg = ci || process.env.REQUIRE_PG === '1';
const pgUrl = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const results = [];
function step(name, cmd, args, env = {}) {
  process.stdout.write(`\n━━ ${name} ━━\n`);
  const t = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  results.push({ name, ok, secs: ((Date.now() - t) / 1000).toFixed(1) });
  return ok;
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

step('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
step('lint', bin('eslint'), ['.']);
step('unit + server tests on SQLite', bin('vitest'), ['run', '--project', 'unit', '--project', 'sqlite']);

if (await pgReachable()) {
  step('server tests on PostgreSQL', bin('vitest'), ['run', '--project', 'postgres'], { PG_TEST_URL: pgUrl });
} else if (requirePg) {
  loud(`PostgreSQL is not reachable at ${pgUrl.replace(/\/\/[^@]*@/, '//…@')} and it is required (CI or REQUIRE_PG=1).`);
  results.push({ name: 'server tests on PostgreSQL', ok: false, secs: '0' });
} else {
  loud(`PostgreSQL is not reachable at ${pgUrl.replace(/\/\/[^@]*@/, '//…@')}: SKIPPING the PostgreSQL suite. Set PG_TEST_URL or start PostgreSQL.`);
  results.push({ name: 'server tests on PostgreSQL', ok: true, secs: 'skipped' });
}

if (fs.existsSync(chromium)) {
  if (step('build web', process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'])) {
    step('browser journeys (Chromium)', bin('vitest'), ['run', '--project', 'e2e'], { CHROMIUM_PATH: chromium });
  }
} else if (ci) {
  loud(`Chromium is not installed at ${chromium} and CI requires the browser journeys.`);
  results.push({ name: 'browser journeys (Chromium)', ok: false, secs: '0' });
} else {
  loud(`Chromium is not installed at ${chromium}: SKIPPING the browser journeys (apt-get install chromium fonts-noto-cjk).`);
  results.push({ name: 'browser journeys (Chromium)', ok: true, secs: 'skipped' });
}

process.stdout.write('\n━━ summary ━━\n');
for (const r of results) process.stdout.write(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name} (${r.secs}${r.secs === 'skipped' ? '' : ' s'})\n`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
