import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workbook } from '../modules/ledger/ledger.testkit.js';
import { openDatabase } from '../platform/db.js';
import { createDemoDatabase, dialect } from '../testing/support.js';
import { huishang } from './cli.testkit.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAMPLE = path.resolve(ROOT, 'server/modules/indicators/fixtures/indicators-wangcang-2019-2023.xlsx');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-cli-indicators-'));

let url: string;
let drop = async () => {};
beforeAll(async () => {
  ({ url, drop } = await createDemoDatabase());
});
afterAll(async () => {
  await drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The command line in-process, against a copy of the demo database, on the tests' day. */
const cli = (args: string[]) => huishang(args, { DATABASE_URL: url, HUISHANG_TODAY: '2026-11-25' });

async function valueCount() {
  const { db, close } = openDatabase(url);
  try {
    const r = await db
      .selectFrom('indicator_values')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  } finally {
    await close();
  }
}

const file = async (name: string, build: (ws: ExcelJS.Worksheet) => void) => {
  const target = path.join(tmp, name);
  fs.writeFileSync(target, await workbook((wb) => build(wb.addWorksheet('指标'))));
  return target;
};

describe(`huishang indicators (${dialect})`, () => {
  it('dry-runs the sample: one JSON object with the county, the 54 figures as read and no problems', async () => {
    const before = await valueCount();
    const r = await cli(['indicators', 'import', SAMPLE, '--dry-run', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['county', 'values', 'problems']);
    expect(out.county).toEqual({ code: '510821', name: '旺苍县' });
    expect(out.problems).toEqual([]);
    expect(out.values).toHaveLength(54);
    expect(Object.keys(out.values[0])).toEqual(['indicator', 'year', 'value']);
    expect(out.values[0]).toEqual({ indicator: 'gdp', year: 2019, value: 1_182_000 });
    expect(out.values).toContainEqual({ indicator: 'rd_intensity', year: 2021, value: 0.9 });
    expect(out.values).toContainEqual({ indicator: 'tech_contract_turnover', year: 2023, value: 2640 });
    expect(new Set(out.values.map((v: { indicator: string }) => v.indicator)).size).toBe(11);
    expect(await valueCount()).toBe(before);
    const text = await cli(['indicators', 'import', SAMPLE, '--dry-run']);
    expect(text.stdout).toContain('县（区）：旺苍县（510821）');
    expect(text.stdout).toContain('D5 gdp 2019年 1182000');
  });

  it('takes --county over the file, and names an unknown one', async () => {
    const r = await cli(['indicators', 'import', SAMPLE, '--dry-run', '--json', '--county', '510824']);
    expect(JSON.parse(r.stdout).county).toEqual({ code: '510824', name: '苍溪县' });
    const bad = await cli(['indicators', 'import', SAMPLE, '--dry-run', '--json', '--county', '110101']);
    expect(JSON.parse(bad.stdout).problems).toEqual([{ cell: 'county', code: 'INDICATOR_UNKNOWN_COUNTY', message: '区划代码 110101 不是已登记的县（区）' }]);
    expect((await cli(['indicators', 'import', SAMPLE, '--county', 'x'])).code).toBe(2);
  });

  it('refuses to commit the sample over accepted years: exit 2, the cell named, nothing written', async () => {
    const before = await valueCount();
    const r = await cli(['indicators', 'import', SAMPLE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('INVALID_TRANSITION');
    expect(r.stderr).toContain('D4：旺苍县2019年的指标已审核通过');
    expect(await valueCount()).toBe(before);
  });

  it('commits a workbook of years as rows as 旺苍’s coordinator, all at once', async () => {
    const f = await file('wangcang-2025.xlsx', (ws) => {
      ws.addRow(['填报单位：旺苍县经济信息化和科学技术局']);
      ws.addRow(['年份', '地区生产总值（亿元）', '高新技术企业数', '研发投入强度']);
      ws.addRow(['2025年', '１９０.５', '18家', '1.21%']);
    });
    const before = await valueCount();
    const r = await cli(['indicators', 'import', f, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      county: { code: '510821', name: '旺苍县' },
      values: [
        { indicator: 'gdp', year: 2025, value: 1_905_000 },
        { indicator: 'hitech_enterprises', year: 2025, value: 18 },
        { indicator: 'rd_intensity', year: 2025, value: 1.21 },
      ],
      problems: [],
      years: [2025],
      written: 3,
      skipped: [],
    });
    expect(await valueCount()).toBe(before + 3);
  });

  it('exits 2 naming the cell for an unknown indicator, a bad value or a future year, and writes nothing', async () => {
    const before = await valueCount();
    const f = await file('bad.xlsx', (ws) => {
      ws.addRow(['旺苍县主要科技指标']);
      ws.addRow(['指标名称', '单位', '2026年', '2027年']);
      ws.addRow(['地区生产总值', '万元', 'abc', 1]);
      ws.addRow(['科技馆参观人次', '人次', 5, null]);
    });
    const r = await cli(['indicators', 'import', f, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).problems.map((p: { cell: string; code: string }) => `${p.cell} ${p.code}`)).toEqual([
      'D2 INDICATOR_BAD_YEAR',
      'C3 INDICATOR_BAD_VALUE',
      'A4 INDICATOR_UNKNOWN',
    ]);
    // The exit message carries the API's error code for the first problem.
    expect(r.stderr).toContain('INDICATOR_YEAR_INVALID');
    expect(r.stderr).toContain('D2：2027年尚未到来');
    expect(await valueCount()).toBe(before);
    const dry = await cli(['indicators', 'import', f, '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).problems.map((p: { code: string }) => p.code)).toEqual(['INDICATOR_BAD_YEAR', 'INDICATOR_BAD_VALUE', 'INDICATOR_UNKNOWN']);
  });

  it('exits 2 on a file that is no workbook, a missing file or a missing argument', async () => {
    const bad = path.join(tmp, 'bad.txt');
    fs.writeFileSync(bad, 'not a workbook');
    const r = await cli(['indicators', 'import', bad, '--dry-run', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('LEDGER_NOT_XLSX');
    expect((await cli(['indicators', 'import', path.join(tmp, 'nope.xlsx'), '--dry-run'])).stderr).toContain('无法读取文件');
    expect((await cli(['indicators', 'import'])).code).toBe(2);
    expect((await cli(['indicators'])).stderr).toContain('indicators import FILE');
    expect((await cli(['help'])).stdout).toContain('indicators import FILE');
  });

  it('exports a county’s table and the comparison as workbooks', async () => {
    const table = path.join(tmp, 'wangcang.xlsx');
    const t = await cli(['indicators', 'export', '--county', '510821', '--out', table]);
    expect(t.code, t.stderr).toBe(0);
    const back = await cli(['indicators', 'import', table, '--dry-run', '--json']);
    const out = JSON.parse(back.stdout);
    expect(out.problems).toEqual([]);
    expect(out.county.code).toBe('510821');
    // 2019–2024 accepted in the demo; the computed ones are exported as computed.
    expect(new Set(out.values.map((v: { year: number }) => v.year))).toEqual(new Set([2019, 2020, 2021, 2022, 2023, 2024]));
    const cmp = path.join(tmp, 'cmp.xlsx');
    const c = await cli(['indicators', 'export', '--year', '2024', '--out', cmp]);
    expect(c.code, c.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(cmp);
    expect(wb.getWorksheet('2024年对比')).toBeDefined();
    expect((await cli(['indicators', 'export'])).code).toBe(2);
  });
});
