import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshAllLights } from '../lights/lights.service.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';
import { uploadUrl, xlsx } from '../ledger/ledger.testkit.js';

/*
 * The board and the dashboard read the per-consultation tallies the triggers on items keep
 * (migrations 0034, 0035). After each kind of item write — create, edit, status change, delete, a
 * ledger import, the nightly sweep on two days — every tally must equal the same counts taken from
 * scratch over the items, and the board's and dashboard's figures must equal counts over the items.
 */

let env: TestEnv;
let city: Agent;
let wc: Agent;
let cx: Agent;

const SAMPLE = fs.readFileSync(path.resolve(import.meta.dirname, '../ledger/fixtures/ledger-wangcang-2024.xlsx'));

beforeAll(async () => {
  env = await createTestEnv();
  city = await env.login('city.coord');
  wc = await env.login('wangcang.coord');
  cx = await env.login('cangxi.coord');
});
afterAll(() => env?.close());

type Row = Record<string, unknown>;
const normal = (rows: Row[]) =>
  rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) && k !== 'closed_on' ? Number(v) : v])))).sort();

/** Each tally as the triggers keep it, and the same counts taken from the items now. */
async function tallies() {
  const db = env.db;
  const kept = {
    items: await sql<Row>`select consultation_id, category, status, light, lead_unit_id, closed_on, n from item_tallies`.execute(db),
    domains: await sql<Row>`select consultation_id, domain, light, n from item_domain_tallies`.execute(db),
    punctuality: await sql<Row>`select consultation_id, lead_unit_id, state, valid_from, valid_until, basis, ok, n, on_time, late, missing, pending
      from item_punctuality_tallies`.execute(db),
  };
  const counted = {
    items: await sql<Row>`select consultation_id, category, status, light, coalesce(lead_unit_id, 0) as lead_unit_id, coalesce(closed_on, '') as closed_on, count(*) as n
      from items where deleted_at is null group by consultation_id, category, status, light, coalesce(lead_unit_id, 0), coalesce(closed_on, '')`.execute(db),
    domains: await sql<Row>`select consultation_id, domain, light, count(*) as n from items where deleted_at is null group by consultation_id, domain, light`.execute(db),
    punctuality: await sql<Row>`select consultation_id, coalesce(lead_unit_id, 0) as lead_unit_id, coalesce(punct_state, '') as state,
        coalesce(punct_from, '') as valid_from, coalesce(punct_until, '') as valid_until, coalesce(punct_basis, '') as basis,
        case when punct_from is not null and punct_until is not null and punct_basis is not null
          and punct_closed = coalesce(closed_on, case when status in ('completed', 'cancelled') then 'u' else '' end) then 1 else 0 end as ok,
        count(*) as n, sum(punct_on_time) as on_time, sum(punct_late) as late, sum(punct_missing) as missing, sum(punct_pending) as pending
      from items where deleted_at is null and status <> 'cancelled'
      group by consultation_id, coalesce(lead_unit_id, 0), coalesce(punct_state, ''), coalesce(punct_from, ''), coalesce(punct_until, ''), coalesce(punct_basis, ''),
        case when punct_from is not null and punct_until is not null and punct_basis is not null
          and punct_closed = coalesce(closed_on, case when status in ('completed', 'cancelled') then 'u' else '' end) then 1 else 0 end`.execute(db),
  };
  return { kept, counted };
}

/** The board's and dashboard's counts for the city bureau, and the same from the items of the consultations they cover. */
async function figures() {
  const boardRes = await city.req('GET', '/api/v1/board');
  expect(boardRes.status, JSON.stringify(boardRes.body).slice(0, 300)).toBe(200);
  const board = boardRes.body;
  const dash = (await city.req('GET', '/api/v1/dashboard')).body;
  const count = async (ids: number[]) => {
    const rows = await env.db
      .selectFrom('items')
      .select(['category', 'light', 'status', 'domain', 'lead_unit_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('consultation_id', 'in', ids.length ? ids : [0])
      .where('deleted_at', 'is', null)
      .groupBy(['category', 'light', 'status', 'domain', 'lead_unit_id'])
      .execute();
    const sum = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).reduce((s, r) => s + Number(r.n), 0);
    return { rows, sum };
  };
  const b = await count(board.consultations.map((c: { id: number }) => c.id));
  const d = await count(dash.consultationIds);
  return { board, dash, b, d };
}

async function check(step: string) {
  const { kept, counted } = await tallies();
  expect(normal(kept.items.rows), `${step}: item_tallies`).toEqual(normal(counted.items.rows));
  expect(normal(kept.domains.rows), `${step}: item_domain_tallies`).toEqual(normal(counted.domains.rows));
  expect(normal(kept.punctuality.rows), `${step}: item_punctuality_tallies`).toEqual(normal(counted.punctuality.rows));
  // No row left at zero: a tally row stands for at least one item.
  for (const r of [...kept.items.rows, ...kept.domains.rows, ...kept.punctuality.rows]) expect(Number(r.n), step).toBeGreaterThan(0);

  const { board, dash, b, d } = await figures();
  expect(board.totals.items, `${step}: board total`).toBe(b.sum(() => true));
  for (const cell of board.lightByCategory) {
    expect(cell.count, `${step}: board ${cell.light} ${cell.category}`).toBe(b.sum((r) => r.light === cell.light && r.category === cell.category));
  }
  for (const u of board.byLeadUnit) {
    const unit = u.leadUnit?.id ?? null;
    expect(u.byLight.red, `${step}: board unit ${unit}`).toBe(b.sum((r) => r.lead_unit_id === unit && r.light === 'red'));
    expect(u.total, `${step}: board unit ${unit}`).toBe(b.sum((r) => r.lead_unit_id === unit));
  }
  expect(dash.totals.items, `${step}: dashboard total`).toBe(d.sum(() => true));
  expect(dash.totals.completed, `${step}: dashboard completed`).toBe(d.sum((r) => r.status === 'completed'));
  expect(dash.totals.cancelled, `${step}: dashboard cancelled`).toBe(d.sum((r) => r.status === 'cancelled'));
  for (const cell of dash.byCategoryLight) {
    expect(cell.count, `${step}: dashboard ${cell.category} ${cell.light}`).toBe(d.sum((r) => r.light === cell.light && r.category === cell.category));
  }
  for (const row of dash.byDomain) expect(row.total, `${step}: dashboard ${row.domain}`).toBe(d.sum((r) => r.domain === row.domain));
  for (const u of dash.byLeadUnit) expect(u.total, `${step}: dashboard unit`).toBe(d.sum((r) => r.lead_unit_id === (u.leadUnit?.id ?? null)));
}

describe(`item tallies (${dialect})`, () => {
  it('equal counts from scratch after every kind of item write', async () => {
    const cangxi = env.consultations.cangxi;
    await check('demo data');

    const created = await cx.req('POST', `/api/v1/consultations/${cangxi}/items`, { title: '计数测试事项', category: 'joint_pursuit', domain: '科技金融', deadline: '2027-06-30' });
    expect(created.status).toBe(201);
    await check('create');

    const moved = await cx.req('PATCH', `/api/v1/items/${created.body.id}`, {
      version: created.body.version,
      domain: '综合',
      category: 'direct_support',
      leadUnit: '县农业农村局',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await check('edit');

    const item = (await wc.req('GET', '/api/v1/items/2')).body;
    const status = await wc.req('PATCH', '/api/v1/items/2', { version: item.version, progress: 45, status: 'delayed' });
    expect(status.status, JSON.stringify(status.body)).toBe(200);
    await check('status change');

    const del = await cx.req('DELETE', `/api/v1/items/${created.body.id}?version=${moved.body.version}`);
    expect(del.status).toBe(200);
    await check('delete');

    const up = await city.upload(uploadUrl(cangxi), xlsx(SAMPLE));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const done = await city.req('POST', `/api/v1/ledger-imports/${up.body.id}/commit`, {});
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    await check('ledger import');

    await refreshAllLights(env.db, env.clock.today(), env.clock.now().toISOString());
    await check('sweep');

    // A year on, deadlines have passed and reports are owed: the sweep moves lights and punctuality.
    env.clock.advance(365 * 24 * 3600 * 1000);
    const lightsBefore = await env.db.selectFrom('items').select(['id', 'light']).orderBy('id').execute();
    await refreshAllLights(env.db, env.clock.today(), env.clock.now().toISOString());
    const lightsAfter = await env.db.selectFrom('items').select(['id', 'light']).orderBy('id').execute();
    expect(lightsAfter.filter((r, i) => r.light !== lightsBefore[i].light).length).toBeGreaterThan(0);
    city = await env.login('city.coord');
    await check('sweep a year on');
  });
});
