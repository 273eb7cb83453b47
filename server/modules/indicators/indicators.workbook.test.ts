import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIndicatorWorkbook } from '../../../domain/indicator-workbook.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';
import { gridsOf } from '../ledger/ledger.grids.js';
import { workbook, xlsx } from '../ledger/ledger.testkit.js';
import * as repo from './indicators.repo.js';
import { allCounties } from './indicators.workbook.js';

// The county's yearly indicator workbook through HTTP on a real database: preview with problems by
// cell, the all-or-nothing commit, bad files, and the two exports read back as workbooks.

const SAMPLE = fs.readFileSync(path.resolve(import.meta.dirname, 'fixtures/indicators-wangcang-2019-2023.xlsx'));
const PREVIEW = '/api/v1/indicators/imports/preview';
const COMMIT = '/api/v1/indicators/imports/commit';
const WANGCANG = '510821';

let env: TestEnv;
let wc: Agent;
let cx: Agent;
let city: Agent;
beforeAll(async () => {
  env = await createTestEnv();
  wc = await env.login('wangcang.coord');
  cx = await env.login('cangxi.coord');
  city = await env.login('city.coord');
});
afterAll(() => env?.close());

/** Indicators as rows, years as columns: the form most offices keep. */
const byRows = (years: (number | string)[], lines: (string | number | null)[][], opts: { title?: string; filler?: string } = {}) =>
  workbook((wb) => {
    wb.addWorksheet('填报说明').addRow(['本表由县统计局、财政局等部门提供数据。']);
    const ws = wb.addWorksheet('主要指标');
    const width = 3 + years.length;
    ws.addRow([opts.title ?? '旺苍县县域科技创新主要指标']);
    ws.mergeCells(1, 1, 1, width);
    ws.addRow([opts.filler ?? '填报单位：旺苍县经济信息化和科学技术局　　填报日期：2026年3月1日']);
    ws.mergeCells(2, 1, 2, width);
    ws.addRow([]);
    ws.addRow(['序号', '指标名称', '单位', ...years.map((y) => (typeof y === 'number' ? `${y}年` : y))]);
    lines.forEach((l, i) => ws.addRow([i + 1, ...l]));
    ws.addRow([]);
    ws.addRow(['注：2026年数据为快报数。']);
    ws.addRow(['填表人：王强', null, '联系电话：0839-4000000']);
  });

/** Years as rows, indicators as columns, units in the header. */
const byColumns = (header: string[], rows: (string | number | null)[][]) =>
  workbook((wb) => {
    const ws = wb.addWorksheet('指标');
    ws.addRow(['旺苍县科技创新指标（按年度）']);
    ws.addRow(['年份', ...header]);
    rows.forEach((r) => ws.addRow(r));
  });

async function wangcangId() {
  return (await allCounties(env.db)).find((c) => c.code === WANGCANG)!.id;
}

async function figures(year: number) {
  const sheet = await repo.sheetOf(env.db, await wangcangId(), year);
  if (!sheet) return null;
  const rows = await repo.enteredValues(env.db, sheet.id);
  return { status: sheet.status, values: Object.fromEntries(rows.map((r) => [r.indicator_code, r.value === null ? null : Number(r.value)])) };
}

async function counts() {
  const n = async (t: 'indicator_values' | 'indicator_sheets' | 'indicator_value_history') =>
    Number(
      (
        await env.db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { values: await n('indicator_values'), sheets: await n('indicator_sheets'), history: await n('indicator_value_history') };
}

describe(`indicator workbook: the sample (${dialect})`, () => {
  it('parses the sample: 旺苍县, 2019–2023, 11 indicators, 54 figures, 亿元 converted to 万元, the 快报 year preliminary', async () => {
    const { grids } = await gridsOf(SAMPLE, 10_000);
    const catalogue = await repo.catalogue(env.db, { activeOnly: true });
    const r = parseIndicatorWorkbook(grids, catalogue, { counties: await allCounties(env.db), currentYear: 2026 });
    expect(r.problems).toEqual([]);
    expect(r.sheet).toBe('主要科技指标');
    expect(r.county).toEqual({ code: WANGCANG, name: '旺苍县' });
    expect(r.years).toEqual([2019, 2020, 2021, 2022, 2023]);
    expect(r.indicators).toHaveLength(11);
    expect(r.values).toHaveLength(54);
    const at = (code: string, year: number) => r.values.find((v) => v.indicator === code && v.year === year);
    expect(at('gdp', 2019)).toMatchObject({ value: 1_182_000, cell: 'D5', final: true });
    expect(at('rd_intensity', 2021)).toMatchObject({ value: 0.9, cell: 'F6' });
    expect(at('hitech_revenue', 2021)!.value).toBe(50.8);
    expect(at('tech_contract_turnover', 2022)!.value).toBe(2100);
    expect(at('tech_contract_turnover', 2023)).toMatchObject({ value: 2640, final: false });
    expect(at('invention_patents_per_10k', 2023)).toBeUndefined();
    expect(at('energy_per_gdp', 2023)!.value).toBe(0.74);
  });

  it('previews the sample for 旺苍’s coordinator, and blocks it: those years are already accepted', async () => {
    const before = await counts();
    const r = await wc.upload(PREVIEW, xlsx(SAMPLE, 'indicators-wangcang-2019-2023.xlsx'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      filename: 'indicators-wangcang-2019-2023.xlsx',
      sheet: '主要科技指标',
      sheets: ['主要科技指标', '填报说明'],
      orientation: 'indicator_rows',
      headerRow: 4,
    });
    expect(r.body.county).toEqual({ code: WANGCANG, name: '旺苍县' });
    expect(r.body.values).toHaveLength(54);
    expect(r.body.blocked).toBe(true);
    expect(r.body.problems.map((p: { cell: string; code: string }) => `${p.cell} ${p.code}`)).toEqual(['D4', 'E4', 'F4', 'G4', 'H4'].map((c) => `${c} INDICATOR_YEAR_LOCKED`));
    expect(r.body.problems[0].message).toBe('旺苍县2019年的指标已审核通过，不能再导入');
    const commit = await wc.upload(COMMIT, xlsx(SAMPLE));
    expect(commit.status).toBe(409);
    expect(commit.body.error.code).toBe('INVALID_TRANSITION');
    expect(commit.body.error.message).toMatch(/^D4：/);
    expect(await counts()).toEqual(before);
  });

  it('tells another county’s coordinator the file is not theirs, and refuses the city (it does not enter figures)', async () => {
    const r = await cx.upload(PREVIEW, xlsx(SAMPLE));
    expect(r.status).toBe(200);
    expect(r.body.problems[0]).toEqual({ cell: 'A2', code: 'INDICATOR_COUNTY_FORBIDDEN', message: '只有旺苍县的联络员可以导入旺苍县的指标' });
    const commit = await cx.upload(COMMIT, xlsx(SAMPLE));
    expect(commit.status).toBe(403);
    const bureau = await city.upload(PREVIEW, xlsx(SAMPLE));
    expect(bureau.status).toBe(403);
    expect((await env.anon('POST', PREVIEW)).status).toBe(401);
  });
});

describe(`indicator workbook: commit (${dialect})`, () => {
  it('writes both orientations all at once, converting units, as drafts for the county to submit', async () => {
    const before = await counts();
    const rows = await byRows(
      [2025, 2026],
      [
        ['地区生产总值', '亿元', 180.5, '１８８.２'],
        ['研发投入强度', '%', '1.12%', 1.2],
        ['高新技术企业数（家）', null, '15家', 17],
        ['技术合同成交额', '万元', '3,100', '—'],
        ['一、其他'],
      ],
    );
    const preview = await wc.upload(PREVIEW, xlsx(rows));
    expect(preview.status).toBe(200);
    expect(preview.body.problems).toEqual([]);
    expect(preview.body.blocked).toBe(false);
    expect(preview.body.values).toHaveLength(7);
    expect(await counts()).toEqual(before);
    const done = await wc.upload(COMMIT, xlsx(rows));
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    expect(done.body).toEqual({ county: { code: WANGCANG, name: '旺苍县' }, years: [2025, 2026], written: 7, skipped: [] });
    // Other tests of this file share the env and may have left figures of their own on 2025: match these.
    expect(await figures(2025)).toMatchObject({ status: 'draft', values: { gdp: 1_805_000, rd_intensity: 1.12, hitech_enterprises: 15, tech_contract_turnover: 3100 } });
    expect((await figures(2026))!.values).toMatchObject({ gdp: 1_882_000, rd_intensity: 1.2, hitech_enterprises: 17 });

    // The same county by columns: the 2025 draft is still the county's to change.
    const cols = await byColumns(['地区生产总值（万元）', 'R&D经费投入强度（%）', '科技型中小企业数'], [['2025年', 1_810_000, 1.15, '40家']]);
    const again = await wc.upload(COMMIT, xlsx(cols));
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.written).toBe(3);
    expect((await figures(2025))!.values).toMatchObject({ gdp: 1_810_000, rd_intensity: 1.15, tech_smes: 40, hitech_enterprises: 15 });
  });

  it('takes the county from ?county= when the file does not say', async () => {
    const file = await byColumns(['创新平台数（个）'], [[2025, 9]]);
    const noCounty = await workbook((wb) => {
      const ws = wb.addWorksheet('表');
      ws.addRow(['年份', '创新平台数（个）']);
      ws.addRow([2025, 9]);
    });
    const refused = await wc.upload(COMMIT, xlsx(noCounty));
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain('A1：表中没有填报单位');
    expect((await wc.upload(`${COMMIT}?county=${WANGCANG}`, xlsx(noCounty))).status).toBe(201);
    expect((await wc.upload(`${PREVIEW}?county=12`, xlsx(file))).status).toBe(400);
    const unknown = await wc.upload(`${PREVIEW}?county=110101`, xlsx(file));
    expect(unknown.body.problems).toEqual([{ cell: 'county', code: 'INDICATOR_UNKNOWN_COUNTY', message: '区划代码 110101 不是已登记的县（区）' }]);
  });
});

describe(`indicator workbook: bad input, nothing written (${dialect})`, () => {
  const line = (cells: (string | number | null)[]) => byRows([2025, 2026], [['地区生产总值', '万元', 1, 2], cells]);
  // [name, status, code, cell, file]
  const corpus: [string, number, string, string | null, () => Promise<Buffer> | Buffer][] = [
    ['not an xlsx', 415, 'LEDGER_NOT_XLSX', null, () => Buffer.from('指标,2023\n地区生产总值,1\n')],
    ['an empty file', 422, 'LEDGER_EMPTY_FILE', null, () => Buffer.alloc(0)],
    ['an empty workbook', 422, 'LEDGER_EMPTY_FILE', null, () => workbook((wb) => wb.addWorksheet('Sheet1'))],
    [
      'no indicator table',
      422,
      'UNPROCESSABLE',
      'A1',
      () =>
        workbook((wb) => {
          const ws = wb.addWorksheet('说明');
          ws.addRow(['名称', '数量']);
          ws.addRow(['甲', 1]);
        }),
    ],
    ['an unknown indicator', 422, 'UNKNOWN_INDICATOR', 'B6', () => line(['科技馆参观人次', '人次', 100, 200])],
    ['a value that is no number', 422, 'INDICATOR_VALUE_INVALID', 'E6', () => line(['高新技术企业数', '家', 12, '十二'])],
    ['a negative count', 422, 'INDICATOR_VALUE_INVALID', 'D6', () => line(['高新技术企业数', '家', -1, 3])],
    ['an unknown unit', 422, 'INDICATOR_VALUE_INVALID', 'C6', () => line(['科技型中小企业数', '美元', 1, 2])],
    ['a year still to come', 422, 'INDICATOR_YEAR_INVALID', 'F4', () => byRows([2025, 2026, 2027], [['地区生产总值', '万元', 1, 2, 3]])],
  ];
  it.each(corpus)('%s → %i %s', async (_name, status, code, cell, make) => {
    const before = await counts();
    const file = xlsx(await make());
    const r = await wc.upload(COMMIT, file);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    if (cell) {
      expect(r.body.error.message.startsWith(`${cell}：`)).toBe(true);
      expect(r.body.error.details[0].field).toBe(cell);
    }
    expect(await counts()).toEqual(before);
    // The preview names the same cell among its problems (or refuses the file the same way).
    const p = await wc.upload(PREVIEW, file);
    if (p.status === 200) expect(p.body.problems.map((x: { cell: string }) => x.cell)).toContain(cell);
    else expect(p.body.error.code).toBe(code);
  });

  it('leaves a locked year as it is and writes the open ones beside it', async () => {
    // 2024 is accepted in the demo data; 2025 is open. A county re-imports its whole workbook each
    // year to add the new column: the accepted year is skipped, never overwritten.
    const accepted = await figures(2024);
    const file = await byRows([2024, 2025], [['地区生产总值', '万元', 1, 1_900_000]]);
    const preview = await wc.upload(PREVIEW, xlsx(file));
    expect(preview.body.problems).toEqual([]);
    expect(preview.body.skipped).toEqual([{ year: 2024, cell: 'D4', status: 'accepted', differing: 1 }]);
    const r = await wc.upload(COMMIT, xlsx(file));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ years: [2025], written: 1, skipped: [2024] });
    expect(await figures(2024)).toEqual(accepted);
    expect((await figures(2025))!.values.gdp).toBe(1_900_000);
  });

  it('refuses a file whose every year is locked, and writes nothing', async () => {
    const before = await counts();
    const r = await wc.upload(COMMIT, xlsx(await byRows([2023, 2024], [['地区生产总值', '万元', 1, 2]])));
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/^D4：旺苍县2023年的指标已审核通过/);
    expect(await counts()).toEqual(before);
  });
});

describe(`indicator workbook: export (${dialect})`, () => {
  async function sheetsOf(raw: Buffer) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(raw as unknown as ArrayBuffer);
    return wb;
  }

  it('exports a county’s table with number cells, units and growth, and it reads back as the same figures', async () => {
    const r = await city.req('GET', `/api/v1/indicators/export/county.xlsx?division=${WANGCANG}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    expect(String(r.headers['content-disposition'])).toContain('attachment');
    const raw = (await env.app.inject({ method: 'GET', url: `/api/v1/indicators/export/county.xlsx?division=${WANGCANG}`, headers: { cookie: city.cookie } })).rawPayload;
    const wb = await sheetsOf(raw);
    const ws = wb.getWorksheet('主要科技指标')!;
    expect(String(ws.getCell('A1').value)).toContain('旺苍县2019—2024年');
    expect(ws.getRow(4).values).toEqual([
      undefined,
      '序号',
      '指标名称',
      '单位',
      '2019年',
      '2020年',
      '2021年',
      '2022年',
      '2023年',
      '2024年',
      '2024年较上年增长（%）',
      '2024年较上年变化（百分点）',
      '年均增长（%）',
    ]);
    const rows = new Map<string, ExcelJS.Row>();
    ws.eachRow((row) => rows.set(String(row.getCell(2).value), row));
    const revenue = rows.get('高新技术产业营业收入')!;
    expect(revenue.getCell(3).value).toBe('亿元');
    expect(revenue.getCell(4).type).toBe(ExcelJS.ValueType.Number);
    expect(revenue.getCell(5).value).toBe(15);
    expect(revenue.getCell(6).value).toBe(19.05);
    const rd = rows.get('R&D经费投入强度')!;
    // 2024 on 2023 in percentage points, for a ratio.
    expect(rd.getCell(11).type).toBe(ExcelJS.ValueType.Number);
    expect(wb.getWorksheet('逐年增长')).toBeDefined();

    const values = (await city.req('GET', `/api/v1/indicators/values?division=${WANGCANG}`)).body.data as { indicator: string; year: number; value: number }[];
    const { grids } = await gridsOf(raw, 10_000);
    const back = parseIndicatorWorkbook(grids, await repo.catalogue(env.db), { counties: await allCounties(env.db), currentYear: 2026 });
    expect(back.problems).toEqual([]);
    expect(back.county?.code).toBe(WANGCANG);
    const key = (v: { indicator: string; year: number; value: number }) => `${v.indicator}|${v.year}|${v.value}`;
    expect(back.values.map(key).sort()).toEqual(values.map(key).sort());
  });

  it('exports the comparison of the seven counties for a year, with ranks and the composite score', async () => {
    const url = '/api/v1/indicators/export/comparison.xlsx?year=2024';
    const raw = (await env.app.inject({ method: 'GET', url, headers: { cookie: city.cookie } })).rawPayload;
    const wb = await sheetsOf(raw);
    const ws = wb.getWorksheet('2024年对比')!;
    const json = (await city.req('GET', '/api/v1/indicators/comparison?year=2024')).body;
    expect(json.counties).toHaveLength(7);
    expect(ws.getCell('E4').value).toBe(json.counties[0].name);
    expect(ws.getCell('E5').value).toBe('数值');
    expect(ws.getCell('F5').value).toBe('排名');
    let score: ExcelJS.Row | undefined;
    let gdp: ExcelJS.Row | undefined;
    ws.eachRow((row) => {
      if (row.getCell(2).value === '综合得分') score = row;
      if (row.getCell(2).value === '地区生产总值') gdp = row;
    });
    const gdpLine = json.indicators.find((i: { code: string }) => i.code === 'gdp');
    expect(gdp!.getCell(5).value).toBe(gdpLine.values[0]);
    expect(gdp!.getCell(5).type).toBe(ExcelJS.ValueType.Number);
    expect(gdp!.getCell(6).value).toBe(gdpLine.ranks[0]);
    expect(score!.getCell(5).value).toBe(json.scores[0]);
    expect(score!.getCell(6).value).toBe(json.scoreRanks[0]);
  });

  it('keeps a county to its own table and refuses a bad year', async () => {
    expect((await cx.req('GET', `/api/v1/indicators/export/county.xlsx?division=${WANGCANG}`)).status).toBe(404);
    expect((await city.req('GET', '/api/v1/indicators/export/comparison.xlsx?year=abc')).status).toBe(400);
    expect((await env.anon('GET', '/api/v1/indicators/export/comparison.xlsx?year=2024')).status).toBe(401);
  });
});
