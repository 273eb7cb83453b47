import ExcelJS from 'exceljs';
import { DEFAULT_ASSESSMENT_WEIGHTS } from '../../../domain/assessment.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let city: Agent;
let leader: Agent;
let wc: Agent;
let nyj: Agent;
let cx: Agent;
let admin: Agent;
let nyjOrg: number;
let bureau: number;
let onTime: number; // open, reported 2027Q1 on time
let closed: number; // closed by its deadline in February: owes no 2027Q1 report
let late: number; // missed its deadline, reported 2027Q1 late, red for 19 days, two notices

// 2027Q1 (01-01 to 03-31) fell due on 04-10; by 04-20 every figure of the quarter is judged.
const DAY = new Date('2027-04-20T02:00:00.000Z');
const url = (q = 'period=2027Q1') => `/api/v1/assessment?${q}`;

async function report(itemId: number, period: string, firstSubmittedAt: string, status: string): Promise<number> {
  const row = await env.db
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
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function round(reportId: number, n: number, decision: string, decidedAt: string) {
  await env.db
    .insertInto('progress_report_rounds')
    .values({
      report_id: reportId,
      round: n,
      snapshot_json: '{}',
      submitted_by: env.users['wangcang.nyj'],
      submitted_at: decidedAt,
      decision,
      decision_note: decision === 'returned' ? '请补充' : '同意',
      decided_by: env.users['city.coord'],
      decided_at: decidedAt,
    })
    .execute();
}

async function lightChange(itemId: number, at: string, from: string, to: string) {
  await env.db
    .insertInto('domain_events')
    .values({
      type: 'item.light_changed',
      entity_type: 'item',
      entity_id: itemId,
      consultation_id: env.consultations.wangcang,
      item_id: itemId,
      actor_id: null,
      data_json: JSON.stringify({ from, to, reasons: [] }),
      created_at: at,
      processed_at: at,
    })
    .execute();
}

let noticeSeq = 900;
async function notice(itemId: number, status: string, signedAt: string | null, due: string, respondedAt: string | null) {
  await env.db
    .insertInto('supervision_notices')
    .values({
      item_id: itemId,
      host_org_id: bureau,
      status,
      reason: '进度滞后',
      requirements: '请说明原因',
      response_due: due,
      year: signedAt ? 2027 : null,
      seq: signedAt ? noticeSeq++ : null,
      drafted_by: env.users['city.coord'],
      signed_by: signedAt ? env.users['city.leader'] : null,
      signed_at: signedAt,
      signature_note: null,
      response_text: respondedAt ? '已整改' : null,
      responded_by: respondedAt ? env.users['wangcang.nyj'] : null,
      responded_at: respondedAt,
      version: 1,
      created_at: signedAt ?? '2027-03-01T00:00:00.000Z',
      updated_at: respondedAt ?? signedAt ?? '2027-03-01T00:00:00.000Z',
    })
    .execute();
}

beforeAll(async () => {
  env = await createTestEnv();
  nyjOrg = env.orgs['wangcang.nyj'];
  bureau = env.orgs['bureau'];
  const open = await env.db
    .selectFrom('items')
    .select('id')
    .where('consultation_id', '=', env.consultations.wangcang)
    .where('status', 'not in', ['completed', 'cancelled'])
    .orderBy('id')
    .execute();
  [onTime, late, closed] = [open[0].id, open[1].id, open[2].id];
  // Only these three are led by 旺苍县农业农村局, so its figures are exactly what is set up below.
  await env.db.updateTable('items').set({ lead_unit_id: env.orgs['wangcang.jxkj'] }).where('lead_unit_id', '=', nyjOrg).execute();
  await env.db.updateTable('items').set({ lead_unit_id: nyjOrg }).where('id', 'in', [onTime, late, closed]).execute();
  for (const t of ['progress_reports', 'supervision_notices', 'domain_events'] as const) await env.db.deleteFrom(t).where('item_id', 'in', [onTime, late, closed]).execute();
  await env.db.updateTable('items').set({ status: 'in_progress', closed_on: null, deadline: '2027-12-31', ongoing: 0, light: 'green' }).where('id', '=', onTime).execute();
  await env.db.updateTable('items').set({ status: 'completed', closed_on: '2027-02-10', deadline: '2027-03-31', ongoing: 0, light: 'none' }).where('id', '=', closed).execute();
  await env.db.updateTable('items').set({ status: 'in_progress', closed_on: null, deadline: '2027-03-15', ongoing: 0, light: 'yellow' }).where('id', '=', late).execute();

  // Reports: 2027Q1 on time for one, late for the other → 1 of 2.
  const q4 = await report(onTime, '2026Q4', '2027-01-05T03:00:00.000Z', 'accepted');
  await report(onTime, '2027Q1', '2027-04-05T03:00:00.000Z', 'accepted');
  await report(late, '2027Q1', '2027-04-15T03:00:00.000Z', 'submitted');
  // Returned rounds: one decided in 2026 (another quarter), one in 2027Q1 → 1.
  await round(q4, 1, 'returned', '2026-12-28T03:00:00.000Z');
  await round(q4, 2, 'returned', '2027-01-12T03:00:00.000Z');
  await round(q4, 3, 'accepted', '2027-01-20T03:00:00.000Z');
  // Lights: red from 03-01 (China time: 02-28 16:30 UTC) until 03-20 → 19 days; green before, yellow since.
  await lightChange(late, '2026-11-02T01:00:00.000Z', 'none', 'green');
  await lightChange(late, '2027-02-28T16:30:00.000Z', 'green', 'red');
  await lightChange(late, '2027-03-20T01:00:00.000Z', 'red', 'yellow');
  await lightChange(closed, '2027-02-11T01:00:00.000Z', 'green', 'none');
  // Notices: one answered in time, one late, one still within its due date, one never signed → 1 of 2.
  await notice(late, 'answered', '2027-02-01T02:00:00.000Z', '2027-02-15', '2027-02-10T02:00:00.000Z');
  await notice(late, 'answered', '2027-03-01T02:00:00.000Z', '2027-03-10', '2027-03-15T02:00:00.000Z');
  await notice(late, 'signed', '2027-03-25T02:00:00.000Z', '2027-04-30', null);
  await notice(late, 'awaiting_signature', null, '2027-03-31', null);

  env.clock.set(DAY);
  city = await env.login('city.coord');
  leader = await env.login('city.leader');
  wc = await env.login('wangcang.coord');
  nyj = await env.login('wangcang.nyj');
  cx = await env.login('cangxi.coord');
  admin = await env.login('sysadmin');
});
afterAll(() => env?.close());

type Row = { rank: number; unit: { id: number; name: string }; score: number; formula: string; figures: Record<string, number> };
const rowOf = (body: { rows: Row[] }, unitId: number) => body.rows.find((r) => r.unit.id === unitId);

async function unitsUnder(key: string): Promise<Set<number>> {
  const path = (await env.db.selectFrom('organisations').select('path').where('id', '=', env.orgs[key]).executeTakeFirstOrThrow()).path;
  const rows = await env.db.selectFrom('organisations').select('id').where('path', 'like', `${path}%`).execute();
  return new Set(rows.map((r) => r.id));
}

describe(`assessment (${dialect})`, () => {
  it('scores a unit from its reports, deadlines, red days, returned rounds and notices, as counted by hand', async () => {
    const r = await city.req('GET', url());
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.period).toEqual({ code: '2027Q1', start: '2027-01-01', end: '2027-03-31' });
    // The weights test may have run first (the file's tests run in any order); it puts the defaults back.
    expect(r.body.weights).toMatchObject({ hostOrg: { id: bureau }, weights: DEFAULT_ASSESSMENT_WEIGHTS, canEdit: true });
    const row = rowOf(r.body, nyjOrg)!;
    expect(row.figures).toEqual({
      reportsOwed: 2,
      reportsOnTime: 1,
      itemsDue: 2,
      itemsOnTime: 1,
      redLightDays: 19,
      returnedReports: 1,
      noticesReceived: 2,
      noticesAnswered: 2,
      noticesAnsweredOnTime: 1,
    });
    // Defaults 40/40/20, 0.5 a red day, 2 a returned round: 20 + 20 + 10 − 9.5 − 2 = 38.5.
    expect(row.score).toBe(38.5);
    expect(row.formula).toBe('按时报送率 50.0% × 40 + 按期办结率 50.0% × 40 + 督办单按期答复率 50.0% × 20 − 红灯 19 天 × 0.5 − 退回 1 次 × 2 = 38.5');
    // Ranked by score, ties sharing a rank.
    const scores = r.body.rows.map((x: Row) => x.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(r.body.rows[0].rank).toBe(1);
    for (let i = 1; i < r.body.rows.length; i++) {
      const [a, b] = [r.body.rows[i - 1], r.body.rows[i]];
      expect(b.rank).toBe(a.score === b.score ? a.rank : i + 1);
    }
  });

  it('counts red days across the whole year, and the half-year, from the same changes', async () => {
    const year = rowOf((await city.req('GET', url('period=2027'))).body, nyjOrg)!;
    // Yellow since 03-20 and still yellow: the year adds nothing red after the quarter.
    expect(year.figures.redLightDays).toBe(19);
    const h2 = rowOf((await city.req('GET', url('period=2026H2'))).body, nyjOrg)!;
    expect(h2.figures.redLightDays).toBe(0);
    expect(h2.figures.returnedReports).toBe(1);
  });

  it('shows the bureau every unit, a county only its own, a unit only itself', async () => {
    const all = (await city.req('GET', url())).body.rows.map((r: Row) => r.unit.id);
    expect(all).toContain(nyjOrg);
    expect((await leader.req('GET', url())).body.rows.map((r: Row) => r.unit.id).sort()).toEqual([...all].sort());

    const wangcang = await unitsUnder('wangcang');
    const wcRows = (await wc.req('GET', url())).body;
    expect(wcRows.rows.length).toBeGreaterThan(0);
    for (const r of wcRows.rows) expect(wangcang.has(r.unit.id), r.unit.name).toBe(true);
    expect(wcRows.weights.canEdit).toBe(false);

    const cxRows = (await cx.req('GET', url())).body.rows as Row[];
    for (const r of cxRows) expect(wangcang.has(r.unit.id), r.unit.name).toBe(false);

    const own = (await nyj.req('GET', url())).body.rows as Row[];
    expect(own.map((r) => r.unit.id)).toEqual([nyjOrg]);
    expect(own[0].score).toBe(38.5);
  });

  it('refuses the signed-out, administrators, bad periods and bureaus out of scope', async () => {
    expect((await env.anon('GET', url())).status).toBe(401);
    expect((await admin.req('GET', url())).status).toBe(403);
    for (const bad of ['period=2027M01', 'period=2027Q5', "period=2027'--", 'period=' + 'x'.repeat(500), 'hostOrgId=abc', 'hostOrgId=0', 'extra=1']) {
      expect((await city.req('GET', url(bad))).status, bad).toBe(400);
    }
    expect((await city.req('GET', url(`period=2027Q1&hostOrgId=${env.orgs['wangcang']}`))).status).toBe(404);
    expect((await city.req('GET', url(`period=2027Q1&hostOrgId=${bureau}`))).status).toBe(200);
  });

  it('lets only the bureau change its weights, version-checked and audited, and rescores with them', async () => {
    const body = { hostOrgId: bureau, version: 0, weights: { onTimeReports: 30, completedOnTime: 40, answeredNotices: 30, redLightDay: 1, returnedReport: 2 } };
    for (const a of [wc, nyj, leader, admin]) expect((await a.req('PUT', '/api/v1/assessment/weights', body)).status, a.username).toBe(403);
    expect((await env.anon('PUT', '/api/v1/assessment/weights', body)).status).toBe(401);
    expect((await city.req('PUT', '/api/v1/assessment/weights', { ...body, weights: { ...body.weights, redLightDay: -1 } })).status).toBe(400);
    expect((await city.req('PUT', '/api/v1/assessment/weights', { ...body, weights: { ...body.weights, extra: 1 } })).status).toBe(400);
    expect((await city.req('PUT', '/api/v1/assessment/weights', { ...body, hostOrgId: env.orgs['wangcang'] })).status).toBe(404);

    const saved = await city.req('PUT', '/api/v1/assessment/weights', body);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, weights: body.weights, canEdit: true });
    expect((await city.req('PUT', '/api/v1/assessment/weights', body)).status).toBe(409);

    const audit = await env.db.selectFrom('audit_log').selectAll().where('action', '=', 'assessment.weights_update').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_type: 'organisation', entity_id: bureau, user_id: env.users['city.coord'] });
    expect(JSON.parse(audit[0].after_json!)).toMatchObject({ redLightDay: 1, onTimeReports: 30, answeredNotices: 30 });

    // 15 + 20 + 15 − 19 − 2 = 29, for the unit and for the county alike.
    for (const a of [city, wc, nyj]) {
      const row = rowOf((await a.req('GET', url())).body, nyjOrg)!;
      expect(row.score, a.username).toBe(29);
      expect(row.formula).toBe('按时报送率 50.0% × 30 + 按期办结率 50.0% × 40 + 督办单按期答复率 50.0% × 30 − 红灯 19 天 × 1 − 退回 1 次 × 2 = 29');
    }
    // Back to the defaults, for the tests of this file that run after this one.
    expect((await city.req('PUT', '/api/v1/assessment/weights', { ...body, version: 1, weights: DEFAULT_ASSESSMENT_WEIGHTS })).body.version).toBe(2);
  });

  it('exports the ranking with number cells, an AutoFilter and the formula column, within scope', async () => {
    const json = (await wc.req('GET', url())).body;
    const res = await env.app.inject({ method: 'GET', url: '/api/v1/assessment/export.xlsx?period=2027Q1', headers: { cookie: wc.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('考评排名')!;
    const header = (ws.getRow(2).values as unknown[]).slice(1);
    expect(header[0]).toBe('名次');
    expect(header.at(-1)).toBe('计算式');
    expect(ws.autoFilter).toBeTruthy();
    const scoreCol = header.indexOf('得分') + 1;
    const formulaCol = header.indexOf('计算式') + 1;
    const unitCol = header.indexOf('牵头单位') + 1;
    const body = json.rows as Row[];
    for (let i = 0; i < body.length; i++) {
      const row = ws.getRow(3 + i);
      expect(row.getCell(unitCol).value).toBe(body[i].unit.name);
      expect(typeof row.getCell(scoreCol).value).toBe('number');
      expect(row.getCell(scoreCol).value).toBe(body[i].score);
      expect(row.getCell(formulaCol).value).toBe(body[i].formula);
    }
    const nyjRow = ws.getRow(3 + body.findIndex((r) => r.unit.id === nyjOrg));
    expect(nyjRow.getCell(header.indexOf('红灯天数') + 1).value).toBe(19);
    expect(nyjRow.getCell(header.indexOf('按时报送率') + 1).value).toBe(0.5);
    // Nothing outside the county reaches its export.
    const names = new Set(body.map((r) => r.unit.name));
    const cityNames = ((await city.req('GET', url())).body.rows as Row[]).map((r) => r.unit.name).filter((n) => !names.has(n));
    const cells = JSON.stringify(ws.getSheetValues().slice(2));
    for (const n of cityNames) expect(cells).not.toContain(n);
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/assessment/export.xlsx', headers: { cookie: admin.cookie } })).statusCode).toBe(403);
  });
});
