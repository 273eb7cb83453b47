import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workbook } from '../modules/ledger/ledger.testkit.js';
import { createPgDatabase, dialect } from '../testing/support.js';
import { huishang } from './cli.testkit.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAMPLE = path.resolve(ROOT, 'server/modules/ledger/fixtures/ledger-wangcang-2024.xlsx');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-cli-ledger-'));

/** The command line in-process, as `npx huishang` runs it; no DATABASE_URL unless a test gives one: a dry run must not need a database. */
const cli = (args: string[], env: Record<string, string> = {}) => huishang(args, { DATABASE_URL: `sqlite:${path.join(tmp, 'must-not-exist.db')}`, ...env });

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe(`huishang ledger (${dialect})`, () => {
  it('dry-runs the sample without a database and prints one JSON object with the 30 items', async () => {
    const r = await cli(['ledger', 'import', SAMPLE, '--dry-run', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.existsSync(path.join(tmp, 'must-not-exist.db'))).toBe(false);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['sheet', 'items', 'problems', 'skippedRows']);
    expect(out.skippedRows).toEqual([]);
    expect(out.sheet).toBe('会商事项台账');
    expect(out.problems).toEqual([]);
    expect(out.items).toHaveLength(30);
    for (const c of ['direct_support', 'joint_promotion', 'joint_pursuit']) expect(out.items.filter((i: { category: string }) => i.category === c)).toHaveLength(10);
    expect(Object.keys(out.items[0])).toEqual([
      'row',
      'category',
      'title',
      'content',
      'domain',
      'leadUnit',
      'coUnits',
      'deadline',
      'ongoing',
      'fundingWan',
      'status',
      'progressNote',
    ]);
    const byRow = new Map(out.items.map((i: { row: number }) => [i.row, i]));
    expect(byRow.get(6)).toMatchObject({
      category: 'direct_support',
      title: '支持实施“农业双碳循环经济示范”科技项目',
      domain: '农业农村',
      leadUnit: '市科技局农村科技科',
      coUnits: ['县经济信息化和科学技术局', '县农业农村局'],
      deadline: '2024-12-31',
      ongoing: false,
      fundingWan: 50,
    });
    expect(byRow.get(7)).toMatchObject({ deadline: '2025-06-30', fundingWan: 80 });
    expect(byRow.get(8)).toMatchObject({ deadline: '2025-12-31', fundingWan: 100, coUnits: ['县经济信息化和科学技术局', '中国西部（旺苍）绿色家居产业城管委会'] });
    expect(byRow.get(9)).toMatchObject({ deadline: null, ongoing: true, fundingWan: null, progressNote: '已辅导企业3家' });
    expect(byRow.get(12)).toMatchObject({ status: 'not_started', progressNote: null });
    expect(byRow.get(14)).toMatchObject({ ongoing: true, fundingWan: null });
    expect(byRow.get(15)).toMatchObject({ deadline: '2025-06-30' });
    expect(byRow.get(17)).toMatchObject({ category: 'joint_promotion', leadUnit: '县经济信息化和科学技术局', coUnits: ['市科技局社会发展科', '县自然资源局'], fundingWan: 40 });
    expect(byRow.get(19)).toMatchObject({ deadline: '2024-11-30' });
    expect(byRow.get(28)).toMatchObject({ category: 'joint_pursuit', leadUnit: '县人民政府' });
    expect(byRow.get(35)).toMatchObject({ deadline: '2025-03-31', fundingWan: 500 });
    expect(byRow.get(37)).toMatchObject({ deadline: '2026-06-30' });
    expect(out.items.map((i: { row: number }) => i.row)).not.toContain(39);
  });

  it('lists a 合计 row as not imported and warns when its count disagrees, in JSON and in text', async () => {
    const file = path.join(tmp, 'totals.xlsx');
    fs.writeFileSync(
      file,
      await workbook((wb) => {
        const ws = wb.addWorksheet('清单');
        ws.addRow(['序号', '事项名称', '类别', '牵头单位', '完成时限']);
        ws.addRow([1, '甲', '直接支持', '市科技局', '2025年']);
        ws.addRow([2, '两县合计新增企业20家', '共同推动', '市科技局', '2025年']);
        ws.addRow(['', '共30项', '合计']);
      }),
    );
    const json = await cli(['ledger', 'import', file, '--dry-run', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.items.map((i: { title: string }) => i.title)).toEqual(['甲', '两县合计新增企业20家']);
    expect(out.skippedRows).toEqual([{ row: 4, kind: 'total', reason: '合计行，不是事项' }]);
    expect(out.problems).toEqual([{ cell: 'B4', code: 'LEDGER_TOTAL_MISMATCH', message: '合计行写明 30 项，但本表有 2 个事项，请核对' }]);
    const text = await cli(['ledger', 'import', file, '--dry-run']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('第4行 [不导入] 合计行，不是事项');
    expect(text.stdout).toContain('B4：合计行写明 30 项');
  });

  it('exits with 2 and a clear message on a bad file, a missing file or missing arguments', async () => {
    const bad = path.join(tmp, 'bad.xlsx');
    fs.writeFileSync(bad, 'not a workbook');
    const r = await cli(['ledger', 'import', bad, '--dry-run', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('LEDGER_NOT_XLSX');
    const missing = await cli(['ledger', 'import', path.join(tmp, 'nope.xlsx'), '--dry-run']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('无法读取文件');
    const noDb = await cli(['ledger', 'import', SAMPLE]);
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toContain('--consultation');
  });

  it('runs as the real executable: bin/huishang.js hands its arguments to the command and exits with its code', async () => {
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'bin/huishang.js'), 'ledger', 'import', path.join(tmp, 'nope.xlsx'), '--dry-run'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmp, LOG_LEVEL: 'silent', DATABASE_URL: `sqlite:${path.join(tmp, 'must-not-exist.db')}` },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('无法读取文件');
  });

  describe('against a database', () => {
    let url: string;
    let drop = async () => {};
    beforeAll(async () => {
      if (dialect === 'postgres') ({ url, drop } = await createPgDatabase());
      else url = `sqlite:${path.join(tmp, 'cli.db')}`;
      const seeded = await cli(['seed-demo'], { DATABASE_URL: url, HUISHANG_DEMO_PASSWORD: 'Test@Passw0rd' });
      expect(seeded.code, seeded.stderr).toBe(0);
    }, 120_000);
    afterAll(() => drop());

    it('previews against a consultation, then imports it, then finds nothing left to change', async () => {
      const env = { DATABASE_URL: url };
      const dry = await cli(['ledger', 'import', SAMPLE, '--consultation', '2', '--dry-run', '--json'], env);
      expect(dry.code, dry.stderr).toBe(0);
      const preview = JSON.parse(dry.stdout);
      expect(preview.items).toHaveLength(30);
      expect(preview.items.every((i: { action: string }) => i.action === 'add')).toBe(true);
      const done = await cli(['ledger', 'import', SAMPLE, '--consultation', '2', '--json'], env);
      expect(done.code, done.stderr).toBe(0);
      expect(JSON.parse(done.stdout)).toMatchObject({ added: 30, updated: 0 });
      const again = await cli(['ledger', 'import', SAMPLE, '--consultation', '2', '--dry-run', '--json'], env);
      expect(JSON.parse(again.stdout).items.every((i: { action: string; changes: string[] }) => i.action === 'update' && i.changes.length === 0)).toBe(true);
      const file = path.join(tmp, `out-${dialect}.xlsx`);
      const exported = await cli(['ledger', 'export', '--consultation', '2', '--out', file], env);
      expect(exported.code, exported.stderr).toBe(0);
      const back = await cli(['ledger', 'import', file, '--consultation', '2', '--dry-run', '--json'], env);
      const rows = JSON.parse(back.stdout).items;
      expect(rows.length).toBeGreaterThanOrEqual(30);
      expect(rows.every((i: { action: string; changes: string[] }) => i.action === 'update' && i.changes.length === 0)).toBe(true);
    }, 120_000);
  });
});
