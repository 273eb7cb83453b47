import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIGHT_LABEL } from '../../../domain/labels.js';
import type { Light } from '../../../domain/supervision.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';
import { counts, uploadUrl, xlsx } from './ledger.testkit.js';

let env: TestEnv;
let city: Agent;
let wc: Agent;
let cx: Agent;
let wangcang: number;

beforeAll(async () => {
  env = await createTestEnv();
  wangcang = env.consultations.wangcang;
  city = await env.login('city.coord');
  wc = await env.login('wangcang.coord');
  cx = await env.login('cangxi.coord');
});
afterAll(() => env?.close());

describe(`ledger export (${dialect})`, () => {
  async function download(agent: Agent, url: string) {
    const res = await env.app.inject({ method: 'GET', url, headers: { cookie: agent.cookie } });
    return res;
  }

  it('writes the office layout and reads back into the same items with no changes', async () => {
    const res = await download(wc, `/api/v1/consultations/${wangcang}/ledger.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain('attachment');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws.getCell('A1').value)).toContain('台账');
    expect(String(ws.getCell('A2').value)).toMatch(/^填报单位：.+填报日期：2026年11月25日$/);
    expect(ws.getRow(4).values).toEqual(expect.arrayContaining(['序号', '事项名称', '完成时限', '进展情况', '完成情况', '预警']));
    expect(ws.getCell('A5').value).toBe('一、市局直接支持事项（10项）');
    expect(ws.getCell('A6').value).toBe(1);
    expect(ws.getCell('A16').value).toBe('二、局县共同推动事项（10项）');
    expect(ws.getCell('A27').value).toBe('三、局县共同争取事项（10项）');
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '4:4' });
    expect(ws.headerFooter.oddFooter).toContain('&P');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect(ws.getCell('C6').alignment.wrapText).toBe(true);
    expect(ws.getColumn(2).width).toBeGreaterThan(20);
    // Every field of the first item, as the list shows it.
    const first = (await wc.req('GET', `/api/v1/consultations/${wangcang}/items?category=direct_support&limit=1`)).body.data[0];
    const row6 = ws.getRow(6).values as unknown[];
    expect(row6.slice(1)).toEqual([
      1,
      first.title,
      first.content,
      first.domain,
      first.leadUnit,
      first.coUnits.join('、'),
      first.responsible,
      first.ongoing ? '长期' : new Date(`${first.deadline}T00:00:00.000Z`),
      first.fundingWan ?? undefined,
      expect.any(String),
      { not_started: '未启动', in_progress: '推进中', completed: '已完成', delayed: '滞后', cancelled: '已取消' }[first.status as string],
      LIGHT_LABEL[first.light as Light],
    ]);

    // Dates and money are typed cells, shown the office's way.
    if (!first.ongoing) {
      expect(ws.getCell('H6').value).toBeInstanceOf(Date);
      expect(ws.getCell('H6').numFmt).toBe('yyyy"年"m"月"d"日"');
    }
    let dates = 0;
    let funded = 0;
    let sum = 0;
    let last = 0;
    ws.eachRow((row, n) => {
      if (typeof row.getCell(1).value !== 'number') return;
      last = n;
      const deadline = row.getCell(8).value;
      expect(deadline instanceof Date || deadline === '长期', `H${n}`).toBe(true);
      if (deadline instanceof Date) dates++;
      const money = row.getCell(9).value;
      expect(money === null || typeof money === 'number', `I${n}: ${String(money)}`).toBe(true);
      if (typeof money === 'number') {
        funded++;
        sum += money;
        expect(row.getCell(9).numFmt).toBe('#,##0.00');
      }
      // Light colours on the 预警 cell.
      const light = row.getCell(12).value;
      const fill = row.getCell(12).fill as { fgColor?: { argb?: string } } | undefined;
      const expected = { 红灯: 'FFFFC7CE', 黄灯: 'FFFFEB9C', 绿灯: 'FFC6EFCE' }[String(light)];
      expect(fill?.fgColor?.argb, `L${n} ${String(light)}`).toBe(expected);
    });
    expect(dates).toBeGreaterThan(0);
    expect(funded).toBeGreaterThan(0);
    // The totals row: 合计, the item count, and the funding as a SUM formula whose cached result is the sum.
    const totals = ws.getRow(last + 1);
    expect(totals.getCell(1).value).toBe('合计');
    expect(totals.getCell(2).value).toBe('30项');
    const total = totals.getCell(9).value as { formula: string; result: number };
    expect(total.formula).toBe(`SUM(I5:I${last})`);
    expect(total.result).toBeCloseTo(sum, 4);
    // AutoFilter from the header row over every item row.
    expect(ws.autoFilter).toBe(`A4:L${last}`);
    // Printing: A4 landscape, fitted to one page wide, the header repeated; the scale that fitting
    // takes leaves the data at 9 pt or more. Excel's column width w is (7w + 5) px at 96 dpi.
    expect(ws.pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    const sheetPt = ws.columns.reduce((s, c) => s + (Math.trunc(((256 * (c.width ?? 8.43) + Math.trunc(128 / 7)) / 256) * 7) * 72) / 96, 0);
    const m = ws.pageSetup.margins!;
    const paperPt = (297 / 25.4) * 72 - (m.left + m.right) * 72;
    const scale = Math.min(1, paperPt / sheetPt);
    const sizes = new Set<number>();
    ws.eachRow((row, n) => {
      if (n >= 4) row.eachCell((c) => sizes.add(c.font?.size ?? 11));
    });
    expect(Math.min(...sizes) * scale, `scale ${scale.toFixed(3)}`).toBeGreaterThanOrEqual(9);

    const before = await counts(env);
    const up = await wc.upload(uploadUrl(wangcang), xlsx(res.rawPayload));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.problems).toEqual([]);
    expect(up.body.unknownUnits).toEqual([]);
    expect(up.body.rows).toHaveLength(30);
    expect(up.body.rows.every((r: { action: string; changes: string[] }) => r.action === 'update' && r.changes.length === 0)).toBe(true);
    expect(up.body.counts).toEqual({ add: 0, update: 0, unchanged: 30, skipped: 0 });
    const done = await wc.req('POST', `/api/v1/ledger-imports/${up.body.id}/commit`, {});
    expect(done.body).toMatchObject({ added: 0, updated: 0, unchanged: 30 });
    expect((await counts(env)).items).toBe(before.items);
  });

  it('applies the list filters and hides the ledger from those out of scope', async () => {
    const res = await download(city, `/api/v1/consultations/${wangcang}/ledger.xlsx?category=joint_pursuit&q=${encodeURIComponent('争取')}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws.getCell('A5').value)).toMatch(/^一、局县共同争取事项（\d+项）$/);
    expect(ws.getCell('A6').value).toBe(1);
    // overdue=true, the list page's filter, exports exactly the items the list shows under it.
    const listed = (await city.req('GET', `/api/v1/consultations/${wangcang}/items?overdue=true&limit=200`)).body.data.map((i: { title: string }) => i.title);
    expect(listed.length).toBeGreaterThan(0);
    const overdue = await download(city, `/api/v1/consultations/${wangcang}/ledger.xlsx?overdue=true`);
    expect(overdue.statusCode).toBe(200);
    const owb = new ExcelJS.Workbook();
    await owb.xlsx.load(overdue.rawPayload as unknown as ArrayBuffer);
    const exported: string[] = [];
    owb.worksheets[0].eachRow((row) => {
      if (typeof row.getCell(1).value === 'number') exported.push(String(row.getCell(2).value));
    });
    expect(exported.sort()).toEqual([...listed].sort());
    expect((await download(cx, `/api/v1/consultations/${wangcang}/ledger.xlsx`)).statusCode).toBe(404);
    expect((await env.app.inject({ method: 'GET', url: `/api/v1/consultations/${wangcang}/ledger.xlsx` })).statusCode).toBe(401);
    expect((await download(city, `/api/v1/consultations/${wangcang}/ledger.xlsx?light=purple`)).statusCode).toBe(400);
    expect((await download(city, `/api/v1/consultations/${wangcang}/ledger.xlsx?leadUnitId=99999999999999`)).statusCode).toBe(400);
  });
});
