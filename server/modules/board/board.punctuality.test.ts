import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentReportingPeriod, emptyPunctuality, judgedSlots, tallySlot, type Punctuality, type ReportCycle } from '../../../domain/periods.js';
import { itemReportSlots, refreshAllLights } from '../lights/lights.service.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

/*
 * The board and the dashboard read each item's stored punctuality where it holds for today and
 * tally the rest live. Here the demo's reports go through the real API while a manual clock crosses
 * a period end and a due date, with and without the nightly sweep, and every figure is checked
 * against the live slot rule computed from scratch.
 */

let env: TestEnv;
let city: Agent;
let wc: Agent;
let wangcang: number;

const MICANG = '推动建设米仓山茶产业技术创新联盟';
const HIGHTECH = '支持企业申报国家高新技术企业，开展“一对一”辅导';
const content = (period: string) => ({ period, progressHtml: '<p>按计划推进</p>', percent: 50, problems: '', nextSteps: '继续推进' });

beforeAll(async () => {
  env = await createTestEnv();
  wangcang = env.consultations.wangcang;
  city = await env.login('city.coord');
  wc = await env.login('wangcang.coord');
});
afterAll(() => env?.close());

async function itemId(title: string): Promise<number> {
  return (await env.db.selectFrom('items').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;
}

interface Row {
  itemId: number;
  period: string;
  dueOn: string;
  state: string;
}

/** The figures as the slot rule gives them, from every item and report of the consultations. */
async function live(consultationIds: number[]) {
  const today = env.clock.today();
  const cs = await env.db.selectFrom('consultations').select(['id', 'status', 'adopted_on', 'report_cycle', 'report_due_days']).where('id', 'in', consultationIds).execute();
  const items = await env.db
    .selectFrom('items')
    .select(['id', 'consultation_id', 'status', 'closed_on', 'lead_unit_id'])
    .where('consultation_id', 'in', consultationIds)
    .where('deleted_at', 'is', null)
    .where('status', '<>', 'cancelled')
    .execute();
  const reports = await env.db
    .selectFrom('progress_reports')
    .select(['item_id', 'period', 'status', 'first_submitted_at'])
    .where(
      'item_id',
      'in',
      items.map((i) => i.id),
    )
    .execute();
  const byUnit = new Map<number | null, Punctuality>();
  const rows: Row[] = [];
  for (const item of items) {
    const c = cs.find((x) => x.id === item.consultation_id)!;
    const slots = itemReportSlots(
      c,
      item,
      reports.filter((r) => r.item_id === item.id),
      today,
    );
    const p = byUnit.get(item.lead_unit_id) ?? emptyPunctuality();
    for (const s of slots) tallySlot(p, s.state);
    byUnit.set(item.lead_unit_id, p);
    const current = slots.find((s) => s.period === currentReportingPeriod(c.report_cycle as ReportCycle, today).code);
    if (current) rows.push({ itemId: item.id, period: current.period, dueOn: current.dueOn, state: current.state });
  }
  rows.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.itemId - b.itemId);
  const byState: Record<string, number> = {};
  for (const r of rows) byState[r.state] = (byState[r.state] ?? 0) + 1;
  const units = [...byUnit].map(([unit, p]) => ({ unit, owed: judgedSlots(p), onTime: p.onTime })).sort((a, b) => (a.unit ?? 0) - (b.unit ?? 0));
  return { units, rows, byState };
}

const unitsOf = (rows: { leadUnit: { id: number } | null; reportsOwed: number; reportsOnTime: number }[]) =>
  rows
    .map((r) => ({ unit: r.leadUnit?.id ?? null, owed: r.reportsOwed, onTime: r.reportsOnTime }))
    .filter((r) => r.owed > 0 || r.onTime > 0)
    .sort((a, b) => (a.unit ?? 0) - (b.unit ?? 0));
const nonZero = (units: { unit: number | null; owed: number; onTime: number }[]) => units.filter((u) => u.owed > 0 || u.onTime > 0);

/** Every row of the current period's list: the board's first page, then pages of three by cursor. */
async function allRows(boardUrl: string, consultationId?: number) {
  const board = await city.req('GET', boardUrl);
  expect(board.status, JSON.stringify(board.body)).toBe(200);
  const paged: Row[] = [];
  let cursor: string | null = null;
  do {
    const qs = new URLSearchParams({ limit: '3', ...(consultationId ? { consultationId: String(consultationId) } : {}), ...(cursor ? { cursor } : {}) });
    const r = await city.req('GET', `/api/v1/board/current-reports?${qs}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.data.length).toBeLessThanOrEqual(3);
    paged.push(...r.body.data);
    cursor = r.body.nextCursor;
  } while (cursor);
  return { board: board.body, paged: paged.map(({ itemId, period, dueOn, state }) => ({ itemId, period, dueOn, state })) };
}

/** How many of the consultation's items have stored values that hold today (the rest are tallied live). */
async function freshItems(): Promise<number> {
  const today = env.clock.today();
  const r = await env.db
    .selectFrom('items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('consultation_id', '=', wangcang)
    .where('deleted_at', 'is', null)
    .where('punct_from', '<=', today)
    .where('punct_until', '>', today)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function expectLiveFigures(step: string) {
  const expected = await live([wangcang]);
  const { board, paged } = await allRows(`/api/v1/consultations/${wangcang}/board`, wangcang);
  expect(unitsOf(board.byLeadUnit), `${step}: board units`).toEqual(nonZero(expected.units));
  expect(board.currentReports.byState, `${step}: board states`).toEqual(expected.byState);
  expect(
    board.currentReports.rows.map((r: Row) => r.itemId),
    `${step}: board first page`,
  ).toEqual(expected.rows.slice(0, 50).map((r) => r.itemId));
  expect(board.currentReports.nextCursor === null, `${step}: board cursor`).toBe(expected.rows.length <= 50);
  expect(paged, `${step}: paged rows`).toEqual(expected.rows);
  const dash = await city.req('GET', `/api/v1/dashboard?consultationId=${wangcang}`);
  expect(dash.status).toBe(200);
  expect(unitsOf(dash.body.byLeadUnit), `${step}: dashboard units`).toEqual(nonZero(expected.units));

  // The whole scope: the board across every live consultation, the dashboard across those in force.
  const scope = await allRows('/api/v1/board');
  const scopeExpected = await live(scope.board.consultations.map((c: { id: number }) => c.id));
  expect(unitsOf(scope.board.byLeadUnit), `${step}: scope units`).toEqual(nonZero(scopeExpected.units));
  expect(scope.board.currentReports.byState, `${step}: scope states`).toEqual(scopeExpected.byState);
  expect(scope.paged, `${step}: scope rows`).toEqual(scopeExpected.rows);
  const scopeDash = await city.req('GET', '/api/v1/dashboard');
  expect(unitsOf(scopeDash.body.byLeadUnit), `${step}: scope dashboard units`).toEqual(nonZero((await live(scopeDash.body.consultationIds)).units));
  return expected;
}

async function sweep() {
  await refreshAllLights(env.db, env.clock.today(), env.clock.now().toISOString());
}

/** Moves the clock; sessions idle that long have ended, so both sign in again. */
async function day(d: string) {
  env.clock.set(new Date(`${d}T02:00:00.000Z`));
  city = await env.login('city.coord');
  wc = await env.login('wangcang.coord');
}

describe(`board and dashboard punctuality from stored values (${dialect})`, () => {
  // A long walk (two sweeps, a dozen days, every figure compared with a count from scratch): 8 s alone,
  // past 30 s on PostgreSQL beside the browser journeys on two cores.
  it('matches the live tally across a period end and a due date, with and without the nightly sweep', { timeout: 120_000 }, async () => {
    const micang = await itemId(MICANG);
    const hightech = await itemId(HIGHTECH);
    const total = Number(
      (
        await env.db
          .selectFrom('items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('consultation_id', '=', wangcang)
          .where('deleted_at', 'is', null)
          .executeTakeFirstOrThrow()
      ).n,
    );

    // Seeded and swept on the demo's day: every item's stored values hold.
    await sweep();
    expect(await freshItems()).toBe(total);
    const start = await expectLiveFigures('2026-11-25 swept');
    expect(start.rows.length).toBeGreaterThan(3);

    // A report for the running period, then the period's last day: nothing stale yet.
    expect((await wc.req('POST', `/api/v1/items/${micang}/reports`, content('2026Q4'))).status).toBe(201);
    await expectLiveFigures('2026-11-25 after an early report');
    await day('2026-12-31');
    expect(await freshItems()).toBe(total);
    await expectLiveFigures('2026-12-31, no sweep');

    // 2026Q4 has ended: every open item owes it, and their stored values no longer hold until the
    // sweep runs (an item closed before, owing nothing more, keeps its own).
    await day('2027-01-01');
    expect(await freshItems()).toBeLessThan(total);
    const ended = await expectLiveFigures('2027-01-01, no sweep');
    expect(ended.byState.due).toBeGreaterThan(0);
    await sweep();
    expect(await freshItems()).toBe(total);
    await expectLiveFigures('2027-01-01 swept');

    // Reports within the due date, one returned and resubmitted, one accepted.
    await day('2027-01-06');
    const hi = await wc.req('POST', `/api/v1/items/${hightech}/reports`, content('2026Q4'));
    expect(hi.status, JSON.stringify(hi.body)).toBe(201);
    await expectLiveFigures('2027-01-06 after an on-time report');
    const returned = await city.req('POST', `/api/v1/reports/${hi.body.id}/review`, { accept: false, note: '请补充材料' });
    expect(returned.status).toBe(200);
    await expectLiveFigures('2027-01-06 after a return');
    const { period: _p, ...rest } = content('2026Q4');
    const revised = await wc.req('PUT', `/api/v1/reports/${hi.body.id}`, { ...rest, version: returned.body.version });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    await expectLiveFigures('2027-01-06 after a resubmission');
    const micangReport = (await env.db.selectFrom('progress_reports').select('id').where('item_id', '=', micang).where('period', '=', '2026Q4').executeTakeFirstOrThrow()).id;
    expect((await city.req('POST', `/api/v1/reports/${micangReport}/review`, { accept: true })).status).toBe(200);
    await expectLiveFigures('2027-01-06 after an acceptance');

    // The due day, then the day after: the unreported slots turn missing, before and after the sweep.
    await day('2027-01-10');
    await expectLiveFigures('2027-01-10, no sweep');
    await day('2027-01-11');
    const passed = await expectLiveFigures('2027-01-11, no sweep');
    expect(passed.byState.missing).toBeGreaterThan(0);
    expect(await freshItems()).toBeLessThan(total);
    await sweep();
    await expectLiveFigures('2027-01-11 swept');

    // A late report, counted late whatever its review.
    await day('2027-01-20');
    const lateItem = passed.rows.find((r) => r.state === 'missing')!.itemId;
    expect((await wc.req('POST', `/api/v1/items/${lateItem}/reports`, content('2026Q4'))).status).toBe(201);
    const late = await expectLiveFigures('2027-01-20 after a late report');
    expect(late.byState.late).toBe(1);

    // Settings changed behind the service's back (no refresh): the stored values are stale, not wrong.
    await env.db.updateTable('consultations').set({ report_due_days: 30 }).where('id', '=', wangcang).execute();
    expect(await freshItems()).toBe(total);
    await expectLiveFigures('2027-01-20 with due days changed directly');
    await sweep();
    await expectLiveFigures('2027-01-20 swept after the change');
  });

  it('rejects a bad cursor with 400 and hides other counties’ lists', async () => {
    city = await env.login('city.coord');
    const bad = await city.req('GET', '/api/v1/board/current-reports?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_CURSOR');
    const cx = await env.login('cangxi.coord');
    expect((await cx.req('GET', `/api/v1/board/current-reports?consultationId=${wangcang}`)).status).toBe(404);
    expect((await env.anon('GET', '/api/v1/board/current-reports')).status).toBe(401);
    expect((await city.req('GET', '/api/v1/board/current-reports?limit=0')).status).toBe(400);
  });
});
