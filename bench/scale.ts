// National scale: the same endpoints at 10,000 items and at BENCH_SCALE items (1,000,000 for the
// national figure; default 10,000 so `npm run bench` stays quick), each in a fresh database, as the
// city bureau, a county and a province's leader; p50/p95 at one connection and the growth between them.
import { execFile } from 'node:child_process';
import { sql } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { systemClock } from '../server/platform/clock.js';
import { DEFAULT_PASSWORD_HASH_COST, hashPassword } from '../server/platform/crypto.js';
import { migrateToLatest, openDatabase } from '../server/platform/db.js';
import { seedDemo } from '../server/db/seeds/demo.seed.js';
import { insertUser } from '../server/modules/users/users.repo.js';
import { refreshAllLights } from '../server/modules/lights/lights.service.js';
import { generateNation } from './scale-generate.js';
import { withScratchPg } from './scratch-pg.js';

const BASE = 10_000;
const SCALE = Number(process.env.BENCH_SCALE ?? BASE);
const SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 3);
const PASSWORD = 'Bench@Passw0rd';
const root = path.resolve(import.meta.dirname, '..');

interface Latency {
  p50: number;
  p95: number;
  errors: number;
  requests: number;
}

/**
 * One connection, back to back, from a separate process: the latency one user sees when the answer
 * has to be computed (asked with no-cache; a repeated request would otherwise be sent from the
 * answer cache and measure nothing of the scale).
 */
async function measure(url: string, token: string): Promise<Latency> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(root, 'bench/load.ts'), url, String(SECONDS), '1', token, 'fresh'], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as Latency;
}

interface Case {
  name: string;
  /** p95 target in ms. */
  target: number;
  /** Whether the caller's scope is the same size at every scale (so the growth target applies). */
  fixedScope: boolean;
}

const CASES: (Case & { who: 'bureau' | 'county' | 'province'; path: (hot: number) => string })[] = [
  { name: 'hot item list, 50 (bureau)', who: 'bureau', path: (c) => `/consultations/${c}/items?limit=50`, target: 25, fixedScope: true },
  { name: 'hot item list, 50 (county)', who: 'county', path: (c) => `/consultations/${c}/items?limit=50`, target: 25, fixedScope: true },
  { name: 'dashboard, all in scope (bureau)', who: 'bureau', path: () => '/dashboard', target: 100, fixedScope: true },
  { name: 'dashboard, one consultation (bureau)', who: 'bureau', path: (c) => `/dashboard?consultationId=${c}`, target: 100, fixedScope: true },
  { name: 'dashboard, all in scope (county)', who: 'county', path: () => '/dashboard', target: 100, fixedScope: true },
  { name: 'board, all in scope (bureau)', who: 'bureau', path: () => '/board', target: 100, fixedScope: true },
  { name: 'board, one consultation (bureau)', who: 'bureau', path: (c) => `/consultations/${c}/board`, target: 100, fixedScope: true },
  { name: 'board, all in scope (county)', who: 'county', path: () => '/board', target: 100, fixedScope: true },
  { name: 'dashboard, all in scope (province)', who: 'province', path: () => '/dashboard', target: 100, fixedScope: false },
  { name: 'board, all in scope (province)', who: 'province', path: () => '/board', target: 100, fixedScope: false },
];

/** A national database built earlier by the same generator and sweep (BENCH_SCALE_URL): counted, not rebuilt. */
async function reuse(handle: ReturnType<typeof openDatabase>, label: string) {
  const count = async (table: 'items' | 'progress_reports') =>
    Number(
      (
        await handle.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const county = await handle.db.selectFrom('users').select('org_id').where('username', '=', 'wangcang.coord').executeTakeFirstOrThrow();
  const hot = await handle.db
    .selectFrom('consultation_parties as p')
    .innerJoin('consultations as c', 'c.id', 'p.consultation_id')
    .select('c.id')
    .where('p.org_id', '=', county.org_id)
    .where('c.title', 'like', '全国基准会商%')
    .orderBy('c.id')
    .executeTakeFirstOrThrow();
  const nation = { items: await count('items'), reports: await count('progress_reports'), tree: { county: county.org_id }, hotConsultation: hot.id };
  process.stdout.write(`[${label}] an existing national database: ${nation.items.toLocaleString('en')} items, ${nation.reports.toLocaleString('en')} reports\n`);
  return nation;
}

async function runAt(url: string, label: string, items: number, existing = false) {
  const handle = openDatabase(url);
  const nation = existing ? await reuse(handle, label) : await build(handle, label, items);
  return measureAll(url, handle, nation);
}

async function build(handle: ReturnType<typeof openDatabase>, label: string, items: number) {
  await migrateToLatest(handle.db);
  const now = new Date();
  const seeded = await seedDemo(handle.db, { password: PASSWORD, now: now.toISOString(), today: now.toISOString().slice(0, 10) });
  const t0 = Date.now();
  const nation = await generateNation(handle.db, seeded.orgs, seeded.users['city.coord'], items);
  await insertUser(handle.db, {
    username: 'province.leader',
    displayName: '省级领导（基准）',
    orgId: nation.tree.province,
    passwordHash: await hashPassword(PASSWORD, DEFAULT_PASSWORD_HASH_COST),
    roles: ['leader'],
    now: now.toISOString(),
  });
  // The nightly sweep has run in any deployment that is a day old: items carry their stored lights and punctuality.
  const t1 = Date.now();
  await refreshAllLights(handle.db, systemClock().today(), now.toISOString());
  // As the load's own statistics (scale-generate.ts): autovacuum would have vacuumed and analysed the
  // swept rows too, and the visibility map it sets lets the grouped counts read their index alone.
  if (handle.dialect === 'postgres') await sql`vacuum analyze items`.execute(handle.db);
  const swept = (Date.now() - t1) / 1000;
  process.stdout.write(
    `[${label}] ${nation.provinces} provinces, ${nation.cities} cities, ${nation.consultations.toLocaleString('en')} consultations, ` +
      `${nation.items.toLocaleString('en')} items, ${nation.reports.toLocaleString('en')} reports built in ${((t1 - t0) / 1000).toFixed(0)} s, swept in ${swept.toFixed(0)} s\n`,
  );
  return nation;
}

async function measureAll(url: string, handle: ReturnType<typeof openDatabase>, nation: { items: number; reports: number; tree: { county: number }; hotConsultation: number }) {
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', WEB_DIST: '/nonexistent' });
  const app = await buildApp({ db: handle.db, clock: systemClock(), config });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1`;
  const tokenOf = async (username: string) => {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: PASSWORD } });
    if (login.statusCode !== 200) throw new Error(`login as ${username} failed: ${login.statusCode} ${login.body}`);
    const { csrfToken } = login.json() as { csrfToken: string };
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    const tok = await app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: { cookie, 'x-csrf-token': csrfToken }, payload: { name: 'bench' } });
    return (tok.json() as { token: string }).token;
  };
  const tokens = { bureau: await tokenOf('city.coord'), county: await tokenOf('wangcang.coord'), province: await tokenOf('province.leader') };
  // The county's own consultation with the bureau: the hot list both of them open.
  const hot = await handle.db
    .selectFrom('consultation_parties')
    .select('consultation_id')
    .where('org_id', '=', nation.tree.county)
    .where('consultation_id', '>=', nation.hotConsultation)
    .orderBy('consultation_id')
    .executeTakeFirstOrThrow();
  const results = new Map<string, Latency>();
  try {
    for (const c of CASES) {
      const url = `${base}${c.path(hot.consultation_id)}`;
      // One warm-up request, so the first measured one does not pay for cold caches alone.
      await fetch(url, { headers: { authorization: `Bearer ${tokens[c.who]}` } });
      results.set(c.name, await measure(url, tokens[c.who]));
    }
  } finally {
    await app.close();
    await handle.close();
  }
  return { items: nation.items, reports: nation.reports, results };
}

function report(label: string, runs: Awaited<ReturnType<typeof runAt>>[]) {
  const [small, large] = [runs[0], runs[runs.length - 1]];
  const f = (n: number) => n.toFixed(1).padStart(10);
  const k = (n: number) => (n >= 1_000_000 ? `${Math.round(n / 100_000) / 10}M` : `${Math.round(n / 1000)}k`);
  const a = k(small.items);
  const b = k(large.items);
  process.stdout.write(
    `\n[${label}] one connection, ${SECONDS}s per endpoint; ${small.items.toLocaleString('en')} items vs ${large.items.toLocaleString('en')} items / ${large.reports.toLocaleString('en')} reports\n`,
  );
  process.stdout.write(
    `${'endpoint'.padEnd(40)}${`${a} p50`.padStart(10)}${`${a} p95`.padStart(10)}${`${b} p50`.padStart(10)}${`${b} p95`.padStart(10)}${'p95 ×'.padStart(8)}  target\n`,
  );
  for (const c of CASES) {
    const s = small.results.get(c.name)!;
    const l = large.results.get(c.name)!;
    const growth = l.p95 / s.p95;
    const meetsP95 = l.p95 <= c.target;
    const meetsGrowth = !c.fixedScope || growth <= 2;
    const verdict = `p95 ≤ ${c.target} ms${c.fixedScope ? ', ≤ 2×' : ' (scope grows with the total)'}: ${meetsP95 && meetsGrowth ? 'met' : 'not met'}`;
    const errors = s.errors + l.errors;
    process.stdout.write(
      `${c.name.padEnd(40)}${f(s.p50)}${f(s.p95)}${f(l.p50)}${f(l.p95)}${`${growth.toFixed(2)}×`.padStart(8)}  ${verdict}${errors ? `  (${errors} errors)` : ''}\n`,
    );
  }
}

async function benchOn(label: string, open: (run: (url: string) => Promise<void>) => Promise<void>) {
  const scales = [...new Set([BASE, SCALE])];
  const runs: Awaited<ReturnType<typeof runAt>>[] = [];
  const existing = process.env.BENCH_SCALE_URL;
  for (const items of scales) {
    if (existing && items === SCALE && SCALE !== BASE) runs.push(await runAt(existing, label, items, true));
    else await open(async (url) => void runs.push(await runAt(url, label, items)));
  }
  report(label, runs);
}

async function scratchSqlite(run: (url: string) => Promise<void>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huishang-scale-'));
  try {
    await run(`sqlite:${path.join(dir, 'scale.db')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm run bench` calls this last; BENCH_ONLY=scale runs it alone, BENCH_ONLY=scale-postgres on PostgreSQL only. */
export async function benchNationalScale() {
  process.stdout.write(`\nNational scale (BENCH_SCALE=${SCALE.toLocaleString('en')}; set BENCH_SCALE=1000000 for the national figure)\n`);
  if (process.env.BENCH_ONLY !== 'scale-postgres') await benchOn('sqlite', scratchSqlite);
  const adminUrl = process.env.BENCH_PG_URL;
  if (adminUrl && process.env.BENCH_ONLY !== 'scale-sqlite') await benchOn('postgres', (run) => withScratchPg(adminUrl, 'scale', run));
}
