import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../domain/items.js';
import { LIGHTS } from '../../../domain/supervision.js';
import { formatOnTimeRate, judgedSlots, onTimeRate, owedPeriods, type ReportCycle } from '../../../domain/periods.js';
import * as docsRepo from '../documents/documents.repo.js';
import { NO_UNIT, punctualityByUnit, punctualityRate } from '../documents/documents.stats.js';
import { refreshAllLights } from '../lights/lights.service.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let city: Agent;
let leader: Agent;
let wc: Agent;
let nyj: Agent;
let cx: Agent;
let admin: Agent;
let wangcang: number;
let onTime: number; // reported 2027Q1 by the due date
let late: number; // reported 2027Q1 after it
let nyjOrg: number;
let ongoingPast: number; // an ongoing (长期) item whose row still holds a past deadline

// 2027Q1 ended on 03-31 and fell due on 04-10 (quarterly, 10 days): by 04-20 it is owed by every open item.
const DAY = new Date('2027-04-20T02:00:00.000Z');

async function report(itemId: number, period: string, firstSubmittedAt: string, status: string) {
  await env.db
    .insertInto('progress_reports')
    .values({
      item_id: itemId,
      period,
      status,
      round: 1,
      progress_html: '<p>按计划推进</p>',
      percent: 40,
      problems: '',
      next_steps: '',
      author_id: env.users['wangcang.nyj'],
      author_org_id: nyjOrg,
      submitted_at: firstSubmittedAt,
      first_submitted_at: firstSubmittedAt,
      reviewed_by: null,
      reviewed_at: null,
      review_note: null,
      version: 1,
      created_at: firstSubmittedAt,
      updated_at: firstSubmittedAt,
    })
    .execute();
}

beforeAll(async () => {
  env = await createTestEnv();
  wangcang = env.consultations.wangcang;
  nyjOrg = env.orgs['wangcang.nyj'];
  const open = await env.db
    .selectFrom('items')
    .select('id')
    .where('consultation_id', '=', wangcang)
    .where('status', 'not in', ['completed', 'cancelled'])
    .where('deadline', '>', '2027-06-01')
    .orderBy('id')
    .execute();
  [onTime, late] = [open[0].id, open[1].id];
  // Only these two are led by 旺苍县农业农村局, so its on-time rate is exactly 1 of 2.
  await env.db.updateTable('items').set({ lead_unit_id: env.orgs['wangcang.jxkj'] }).where('lead_unit_id', '=', nyjOrg).execute();
  await env.db.updateTable('items').set({ lead_unit_id: nyjOrg }).where('id', 'in', [onTime, late]).execute();
  // The list was adopted in 2026Q1, so 2026Q2 to 2027Q1 are owed: one item reported each on time,
  // the other only 2027Q1, late — 4 of 8 on time for the unit.
  await env.db.deleteFrom('progress_reports').where('item_id', 'in', [onTime, late]).execute();
  await report(onTime, '2026Q2', '2026-07-08T03:00:00.000Z', 'accepted');
  await report(onTime, '2026Q3', '2026-10-10T03:00:00.000Z', 'accepted');
  await report(onTime, '2026Q4', '2027-01-09T03:00:00.000Z', 'accepted');
  await report(onTime, '2027Q1', '2027-04-05T03:00:00.000Z', 'accepted');
  await report(late, '2027Q1', '2027-04-15T03:00:00.000Z', 'submitted');
  // 长期 items have no deadline to miss: not overdue on the board, as in the item list and the light.
  ongoingPast = (
    await env.db
      .selectFrom('items')
      .select('id')
      .where('consultation_id', '=', wangcang)
      .where('status', 'not in', ['completed', 'cancelled'])
      .where('deadline', '<', '2027-04-20')
      .where('id', 'not in', [onTime, late])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
  ).id;
  await env.db.updateTable('items').set({ ongoing: 1 }).where('id', '=', ongoingPast).execute();
  env.clock.set(DAY);
  await refreshAllLights(env.db, env.clock.today(), env.clock.now().toISOString());
  city = await env.login('city.coord');
  leader = await env.login('city.leader');
  wc = await env.login('wangcang.coord');
  nyj = await env.login('wangcang.nyj');
  cx = await env.login('cangxi.coord');
  admin = await env.login('sysadmin');
});
afterAll(() => env?.close());

const boardUrl = (id = wangcang) => `/api/v1/consultations/${id}/board`;

async function itemsBehind(filter: Record<string, unknown>): Promise<number[]> {
  const qs = new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)]));
  qs.set('limit', '200');
  const r = await city.req('GET', `/api/v1/board/items?${qs}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.data.map((i: { id: number }) => i.id);
}

describe(`board: one consultation (${dialect})`, () => {
  it('is open to every reader in scope and to nobody else', async () => {
    expect((await env.anon('GET', boardUrl())).status).toBe(401);
    for (const a of [city, leader, wc, nyj]) expect((await a.req('GET', boardUrl())).status, a.username).toBe(200);
    expect((await cx.req('GET', boardUrl())).status).toBe(404);
    expect((await admin.req('GET', boardUrl())).status).toBe(403);
    expect((await city.req('GET', boardUrl(999999))).status).toBe(404);
  });

  it('counts items by light × category as stored, and every cell clicks through to exactly its items', async () => {
    const b = (await city.req('GET', boardUrl())).body;
    expect(b).toMatchObject({ scope: 'consultation', today: '2027-04-20' });
    const rows = await env.db.selectFrom('items').select(['id', 'light', 'category']).where('consultation_id', '=', wangcang).where('deleted_at', 'is', null).execute();
    expect(b.lightByCategory).toHaveLength(LIGHTS.length * CATEGORIES.length);
    for (const cell of b.lightByCategory) {
      const expected = rows.filter((r) => r.light === cell.light && r.category === cell.category).map((r) => r.id);
      expect(cell.count, `${cell.light}/${cell.category}`).toBe(expected.length);
      expect(cell.filter).toEqual({ consultationId: wangcang, light: cell.light, category: cell.category });
      if (cell.count) expect((await itemsBehind(cell.filter)).sort((x, y) => x - y)).toEqual(expected.sort((x, y) => x - y));
    }
    expect(b.totals.items).toBe(rows.length);
    expect(b.totals.byLight.red).toBe(rows.filter((r) => r.light === 'red').length);
    expect(b.totals.byLight.red).toBeGreaterThan(0);
  });

  it('lists overdue items (deadline passed, not completed) oldest first, with the days and a filter that reproduces them', async () => {
    const b = (await city.req('GET', boardUrl())).body;
    const expected = await env.db
      .selectFrom('items')
      .select(['id', 'deadline'])
      .where('consultation_id', '=', wangcang)
      .where('deleted_at', 'is', null)
      .where('deadline', '<', '2027-04-20')
      .where('ongoing', '=', 0)
      .where('status', 'not in', ['completed', 'cancelled'])
      .orderBy('deadline')
      .orderBy('id')
      .execute();
    expect(expected.length).toBeGreaterThan(0);
    expect(b.overdue.map((i: { id: number }) => i.id)).toEqual(expected.map((e) => e.id));
    expect(b.overdue.map((i: { id: number }) => i.id)).not.toContain(ongoingPast);
    // The same rule as the item list's overdue filter.
    const listed = await city.req('GET', `/api/v1/consultations/${wangcang}/items?overdue=true&limit=200`);
    expect(listed.body.data.map((i: { id: number }) => i.id).sort((x: number, y: number) => x - y)).toEqual(expected.map((e) => e.id).sort((x, y) => x - y));
    expect(b.totals.overdue).toBe(expected.length);
    const first = b.overdue[0];
    const days = Math.round((Date.parse('2027-04-20') - Date.parse(first.deadline)) / 86_400_000);
    expect(first.daysOverdue).toBe(days);
    // Every item on the board says why its light is what it is, as the item itself does.
    const itemView = (await city.req('GET', `/api/v1/items/${first.id}`)).body;
    expect(first.lightReasons).toEqual(itemView.lightReasons);
    expect(first.lightReasons.map((r: { code: string }) => r.code)).toContain('deadline_passed');
    const drilled = await city.req('GET', `/api/v1/board/items?consultationId=${wangcang}&overdue=true&limit=200`);
    expect(drilled.body.data.find((i: { id: number }) => i.id === first.id).lightReasons).toEqual(itemView.lightReasons);
    expect((await itemsBehind({ consultationId: wangcang, overdue: true })).sort((x, y) => x - y)).toEqual(expected.map((e) => e.id).sort((x, y) => x - y));
    const completed = await env.db.selectFrom('items').select('id').where('consultation_id', '=', wangcang).where('status', '=', 'completed').execute();
    for (const c of completed) expect(b.overdue.map((i: { id: number }) => i.id)).not.toContain(c.id);
  });

  it('gives each lead unit its counts and on-time report rate, and this period’s reports with their state', async () => {
    const b = (await city.req('GET', boardUrl())).body;
    const unit = b.byLeadUnit.find((u: { leadUnit: { id: number } | null }) => u.leadUnit?.id === nyjOrg);
    expect(unit).toMatchObject({ total: 2, reportsOwed: 8, reportsOnTime: 4, onTimeRate: 0.5, filter: { consultationId: wangcang, leadUnitId: nyjOrg } });
    expect((await itemsBehind(unit.filter)).sort((x, y) => x - y)).toEqual([onTime, late].sort((x, y) => x - y));
    const sumTotals = b.byLeadUnit.reduce((s: number, u: { total: number }) => s + u.total, 0);
    expect(sumTotals).toBe(b.totals.items);
    for (const u of b.byLeadUnit) {
      expect(u.reportsOnTime).toBeLessThanOrEqual(u.reportsOwed);
      expect(u.onTimeRate).toBe(u.reportsOwed ? u.reportsOnTime / u.reportsOwed : null);
    }

    expect(b.consultations).toEqual([{ id: wangcang, title: expect.any(String), status: 'implementing', currentPeriod: '2027Q1' }]);
    const state = (id: number) => b.currentReports.rows.find((r: { itemId: number }) => r.itemId === id)?.state;
    expect(state(onTime)).toBe('accepted');
    expect(state(late)).toBe('late');
    // Each row shows its item's light with the reasons, as everywhere an item appears.
    const lateRow = b.currentReports.rows.find((r: { itemId: number }) => r.itemId === late);
    const lateItem = (await city.req('GET', `/api/v1/items/${late}`)).body;
    expect([lateRow.light, lateRow.lightReasons]).toEqual([lateItem.light, lateItem.lightReasons]);
    expect(b.currentReports.rows.every((r: { period: string; dueOn: string }) => r.period === '2027Q1' && r.dueOn === '2027-04-10')).toBe(true);
    const tally: Record<string, number> = {};
    for (const r of b.currentReports.rows) tally[r.state] = (tally[r.state] ?? 0) + 1;
    expect(b.currentReports.byState).toEqual(tally);
    expect(b.currentReports.byState.late).toBeGreaterThanOrEqual(1);
  });

  it('gives every lead unit the same on-time figures as the bulletin and the summary compute from the same reports', async () => {
    const b = (await city.req('GET', boardUrl())).body;
    const facts = await docsRepo.consultationFacts(env.db, wangcang);
    const periods = owedPeriods(facts.report_cycle as ReportCycle, facts.adopted_on, env.clock.today());
    const items = await docsRepo.itemsOf(env.db, wangcang);
    const reports = await docsRepo.reportsOf(
      env.db,
      wangcang,
      periods.map((p) => p.code),
    );
    const ctx = { status: facts.status, cycle: facts.report_cycle as ReportCycle, dueDays: facts.report_due_days, adoptedOn: facts.adopted_on, today: env.clock.today() };
    const docs = new Map(punctualityByUnit(items, periods, reports, ctx).rows.map((r) => [r.unit, r.value]));
    const compared = b.byLeadUnit.filter((u: { reportsOwed: number }) => u.reportsOwed > 0);
    expect(compared.length).toBeGreaterThan(1);
    for (const u of compared) {
      const d = docs.get(u.leadUnit?.name ?? NO_UNIT)!;
      expect(d, u.leadUnit?.name).toBeDefined();
      expect([judgedSlots(d), d.onTime, onTimeRate(d)], u.leadUnit?.name).toEqual([u.reportsOwed, u.reportsOnTime, u.onTimeRate]);
      expect(punctualityRate(d)).toBe(formatOnTimeRate(u.onTimeRate));
    }
  });

  it('shows the open notices, not the answered ones', async () => {
    const red = (await city.req('GET', boardUrl())).body.overdue[0].id;
    const n = await city.req('POST', `/api/v1/items/${red}/supervision-notices`, { reason: '逾期', requirements: '报告整改', responseDue: '2027-05-10' });
    expect(n.status, JSON.stringify(n.body)).toBe(201);
    const b = (await city.req('GET', boardUrl())).body;
    expect(b.openNotices.map((x: { id: number }) => x.id)).toContain(n.body.id);
    expect(b.totals.openNotices).toBe(b.openNotices.length);
  });
});

describe(`board: everything in scope (${dialect})`, () => {
  it('covers the live consultations the caller can see, with the same numbers', async () => {
    const one = (await city.req('GET', boardUrl())).body;
    // The bureau also reads the city's consultation with the province (上下联动), live as well.
    const province = (await city.req('GET', boardUrl(env.consultations.province))).body;
    const all = await city.req('GET', '/api/v1/board');
    expect(all.status).toBe(200);
    expect(all.body.scope).toBe('all');
    expect(all.body.consultations.map((c: { id: number }) => c.id).sort()).toEqual([wangcang, env.consultations.province].sort());
    const sum = (k: 'items' | 'overdue' | 'openNotices') => one.totals[k] + province.totals[k];
    expect(all.body.totals).toMatchObject({ items: sum('items'), overdue: sum('overdue'), openNotices: sum('openNotices') });
    expect(all.body.lightByCategory.find((c: { light: string }) => c.light === 'red').filter).not.toHaveProperty('consultationId');
    // 苍溪's consultation is still negotiating, and 旺苍's is out of its scope.
    const theirs = await cx.req('GET', '/api/v1/board');
    expect(theirs.status).toBe(200);
    expect(theirs.body.consultations).toEqual([]);
    expect(theirs.body.totals.items).toBe(0);
    expect((await cx.req('GET', '/api/v1/board/items?light=red')).body.data).toEqual([]);
    expect((await cx.req('GET', `/api/v1/board/items?consultationId=${wangcang}`)).status).toBe(404);
    expect((await env.anon('GET', '/api/v1/board')).status).toBe(401);
    expect((await admin.req('GET', '/api/v1/board')).status).toBe(403);
    expect((await city.req('GET', '/api/v1/board/items?light=purple')).status).toBe(400);
  });

  it('pages the drill-down list by cursor', async () => {
    const first = await city.req('GET', `/api/v1/board/items?consultationId=${wangcang}&limit=5`);
    expect(first.body.data).toHaveLength(5);
    const second = await city.req('GET', `/api/v1/board/items?consultationId=${wangcang}&limit=5&cursor=${first.body.nextCursor}`);
    expect(second.body.data[0].id).toBeGreaterThan(first.body.data[4].id);
  });

  it('answers ids and cursors past an integer column with 400, never a database error', async () => {
    const cursor = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
    for (const q of ['consultationId=99999999999999', 'leadUnitId=99999999999999', `cursor=${cursor([1e30])}`, `cursor=${cursor([99_999_999_999])}`, `cursor=${cursor([1.5])}`]) {
      const r = await city.req('GET', `/api/v1/board/items?${q}`);
      expect(r.status, q).toBe(400);
      expect(['VALIDATION_FAILED', 'BAD_CURSOR'], q).toContain(r.body.error.code);
    }
  });
});
