import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';
import { DEFAULT_LEDGER_LIMITS } from './ledger.reader.js';
import { counts as countsIn, skeleton, uploadUrl, workbook, xlsx, zip } from './ledger.testkit.js';

let env: TestEnv;
let city: Agent;
let wc: Agent;
let cx: Agent;
let leader: Agent;
let nyj: Agent;
let wangcang: number;
let cangxi: number;

const SAMPLE = fs.readFileSync(path.resolve(import.meta.dirname, 'fixtures/ledger-wangcang-2024.xlsx'));

beforeAll(async () => {
  env = await createTestEnv();
  wangcang = env.consultations.wangcang;
  cangxi = env.consultations.cangxi;
  city = await env.login('city.coord');
  wc = await env.login('wangcang.coord');
  cx = await env.login('cangxi.coord');
  leader = await env.login('city.leader');
  nyj = await env.login('wangcang.nyj');
});
afterAll(() => env?.close());

const counts = (e = env) => countsIn(e);

describe(`ledger import: bad files (${dialect})`, () => {
  // [name, status, code, file]: the file last, so the title's placeholders name the first three.
  const corpus: [string, number, string, () => Promise<Buffer> | Buffer][] = [
    ['not xlsx', 415, 'LEDGER_NOT_XLSX', () => Buffer.from('序号,事项名称\n1,甲\n')],
    ['a legacy .xls (OLE without encryption)', 415, 'LEDGER_NOT_XLSX', () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)])],
    ['truncated', 422, 'LEDGER_CORRUPT', () => SAMPLE.subarray(0, Math.floor(SAMPLE.length / 2))],
    [
      'encrypted',
      422,
      'LEDGER_ENCRYPTED',
      () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(500), Buffer.from('EncryptionInfo', 'utf16le'), Buffer.alloc(100)]),
    ],
    ['zip bomb (declared size)', 413, 'LEDGER_ZIP_BOMB', () => skeleton({ data: Buffer.from('<x/>'), declaredSize: 400 * 1024 * 1024 })],
    ['zip bomb (lying size)', 413, 'LEDGER_ZIP_BOMB', () => skeleton({ data: Buffer.alloc(8 * 1024 * 1024), declaredSize: 1000 })],
    ['zip that is no workbook', 415, 'LEDGER_NOT_XLSX', () => zip([{ name: 'readme.txt', data: Buffer.from('hi') }])],
    ['empty file', 422, 'LEDGER_EMPTY_FILE', () => Buffer.alloc(0)],
    ['empty workbook', 422, 'LEDGER_EMPTY_FILE', () => workbook((wb) => wb.addWorksheet('Sheet1'))],
    [
      'no header',
      422,
      'LEDGER_NO_LEDGER_SHEET',
      () =>
        workbook((wb) => {
          const ws = wb.addWorksheet('说明');
          ws.addRow(['本表用于汇总']);
          ws.addRow(['名称', '数量']);
          ws.addRow(['甲', 1]);
        }),
    ],
    ['larger than 20 MB', 413, 'LEDGER_TOO_LARGE', () => Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(21 * 1024 * 1024)])],
  ];
  it.each(corpus)('%s → %i %s, nothing written', async (_name, status, code, make) => {
    const before = await counts();
    const r = await city.upload(uploadUrl(cangxi), xlsx(await make()));
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await counts()).toEqual(before);
  });

  it('limits a sheet to 10,000 rows by default, in the config and in the reader', () => {
    expect(loadConfig({}).LEDGER_MAX_ROWS).toBe(10_000);
    expect(DEFAULT_LEDGER_LIMITS.maxRows).toBe(10_000);
  });

  it('refuses a sheet over LEDGER_MAX_ROWS with 413 and writes nothing; a sheet at the limit is read', async () => {
    // The limit is the config's; a small one keeps the workbooks small.
    const small = await createTestEnv({ LEDGER_MAX_ROWS: '40' });
    try {
      const coord = await small.login('city.coord');
      const sheet = (items: number) =>
        workbook((wb) => {
          const ws = wb.addWorksheet('台账');
          ws.addRow(['序号', '事项名称', '牵头单位', '完成时限']);
          for (let i = 1; i <= items; i++) ws.addRow([i, `事项${i}`, '市科技局', '2025年']);
        });
      const before = await counts(small);
      const over = await coord.upload(uploadUrl(small.consultations.cangxi), xlsx(await sheet(40)));
      expect(over.status, JSON.stringify(over.body)).toBe(413);
      expect(over.body.error.code).toBe('LEDGER_TOO_MANY_ROWS');
      expect(over.body.error.message).toContain('超过 40 行的上限');
      expect(await counts(small)).toEqual(before);
      const at = await coord.upload(uploadUrl(small.consultations.cangxi), xlsx(await sheet(39)));
      expect(at.status, JSON.stringify(at.body)).toBe(201);
      expect(at.body.rows).toHaveLength(39);
    } finally {
      await small.close();
    }
  });

  it('names the sheet it cannot find', async () => {
    const r = await city.upload(`${uploadUrl(cangxi)}?sheet=不存在`, xlsx(SAMPLE));
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('LEDGER_SHEET_NOT_FOUND');
    expect(r.body.error.message).toContain('会商事项台账');
  });

  it('refuses a request that is not multipart', async () => {
    const r = await city.req('POST', uploadUrl(cangxi), { file: 'x' });
    expect(r.status).toBe(415);
  });
});

describe(`ledger import: who may (${dialect})`, () => {
  it('needs a signed-in coordinator of the consultation; others get 401, 403 or 404 and nothing is written', async () => {
    const before = await counts();
    const anon = await env.app.inject({ method: 'POST', url: uploadUrl(wangcang), payload: 'x', headers: { 'content-type': 'multipart/form-data; boundary=x' } });
    expect(anon.statusCode).toBe(401);
    for (const [agent, status] of [
      [nyj, 403],
      [leader, 403],
      [cx, 404],
    ] as const) {
      const r = await agent.upload(uploadUrl(wangcang), xlsx(SAMPLE));
      expect(r.status, agent.username).toBe(status);
    }
    expect(await counts()).toEqual(before);
  });

  it('hides an import from everyone but the coordinators of its consultation; unknown ids are 404', async () => {
    const up = await wc.upload(uploadUrl(wangcang), xlsx(SAMPLE));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const id = up.body.id;
    expect((await city.req('GET', `/api/v1/ledger-imports/${id}`)).status).toBe(200);
    for (const agent of [cx, nyj, leader]) {
      expect((await agent.req('GET', `/api/v1/ledger-imports/${id}`)).status, agent.username).toBe(404);
      expect((await agent.req('POST', `/api/v1/ledger-imports/${id}/commit`, {})).status, agent.username).toBe(404);
    }
    expect((await city.req('GET', '/api/v1/ledger-imports/999999')).status).toBe(404);
    expect((await city.req('POST', '/api/v1/ledger-imports/999999/commit', {})).status).toBe(404);
    expect((await env.anon('GET', `/api/v1/ledger-imports/${id}`)).status).toBe(401);
    const audit = await env.auditRows('ledger_import', id);
    expect(audit.map((a) => [a.action, a.username])).toEqual([['ledger.upload', 'wangcang.coord']]);
  });
});

describe(`ledger import: preview and commit (${dialect})`, () => {
  it('previews the sample as 30 rows, 10 per category, and commits it all at once', async () => {
    const before = await counts();
    const up = await city.upload(uploadUrl(cangxi), xlsx(SAMPLE, '旺苍台账.xlsx'));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const p = up.body;
    expect(p).toMatchObject({ sheet: '会商事项台账', headerRow: 4, status: 'preview', filename: '旺苍台账.xlsx' });
    expect(p.rows).toHaveLength(30);
    for (const c of ['direct_support', 'joint_promotion', 'joint_pursuit']) expect(p.rows.filter((r: { category: string }) => r.category === c)).toHaveLength(10);
    expect(p.counts).toEqual({ add: 30, update: 0, unchanged: 0, skipped: 0 });
    expect(p.rows[0]).toMatchObject({
      row: 6,
      action: 'add',
      itemId: null,
      deadline: '2024-12-31',
      fundingWan: 50,
      leadUnit: '市科技局农村科技科',
      coUnits: ['县经济信息化和科学技术局', '县农业农村局'],
    });
    // Nothing but the preview itself is stored before the commit.
    expect((await counts()).items).toBe(before.items);

    // Every unit the sample names is an organisation of the demo data.
    expect(p.unknownUnits).toEqual([]);
    expect(p.blocked).toBe(false);
    const done = await city.req('POST', `/api/v1/ledger-imports/${p.id}/commit`, {});
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ added: 30, updated: 0, createdUnits: 0 });
    expect((await counts()).items).toBe(before.items + 30);
    const items = await env.db.selectFrom('items').selectAll().where('consultation_id', '=', cangxi).where('deleted_at', 'is', null).execute();
    const byTitle = new Map(items.map((i) => [i.title, i]));
    expect(byTitle.get('争取中央引导地方科技发展资金')).toMatchObject({ category: 'joint_pursuit', deadline: '2025-03-31', funding_yuan: 5_000_000 });
    expect(byTitle.get('指导科技型中小企业入库评价工作')).toMatchObject({ ongoing: 1, deadline: null, progress_note: '已入库9家' });
    expect(byTitle.get('支持建设县级科技成果转移转化服务站')).toMatchObject({ status: 'not_started' });
    const first = byTitle.get('支持实施“农业双碳循环经济示范”科技项目')!;
    expect((await env.auditRows('item', first.id)).map((a) => a.action)).toEqual(['item.create']);
    expect((await env.auditRows('ledger_import', p.id)).map((a) => a.action)).toEqual(['ledger.upload', 'ledger.import']);

    // A second commit of the same import is refused; a re-upload matches every row to its item.
    const again = await city.req('POST', `/api/v1/ledger-imports/${p.id}/commit`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('LEDGER_IMPORT_DONE');
    const re = await city.upload(uploadUrl(cangxi), xlsx(SAMPLE));
    expect(re.body.counts).toEqual({ add: 0, update: 0, unchanged: 30, skipped: 0 });
    expect(re.body.unknownUnits).toEqual([]);
    const itemsAfter = (await counts()).items;
    const noop = await city.req('POST', `/api/v1/ledger-imports/${re.body.id}/commit`, {});
    expect(noop.body).toMatchObject({ added: 0, updated: 0, unchanged: 30 });
    expect((await counts()).items).toBe(itemsAfter);
  });

  it('lists unknown units and creates or maps them at the commit, only under the parties', async () => {
    const buf = await workbook((wb) => {
      const ws = wb.addWorksheet('清单');
      ws.addRow(['事项名称', '类别', '领域', '牵头单位', '配合单位']);
      ws.addRow(['专班事项', '共同推动', '综合', '苍溪县科技创新专班', '市科技局办公室外联组、广元市科学技术局']);
    });
    const up = await city.upload(uploadUrl(cangxi), xlsx(buf));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.unknownUnits).toEqual([
      { name: '苍溪县科技创新专班', rows: [2], ambiguous: false },
      { name: '市科技局办公室外联组', rows: [2], ambiguous: false },
    ]);
    expect(up.body.problems.map((x: { cell: string; code: string }) => `${x.cell}:${x.code}`)).toEqual(['D2:LEDGER_UNKNOWN_UNIT', 'E2:LEDGER_UNKNOWN_UNIT']);
    const before = await counts();
    const refused = await city.req('POST', `/api/v1/ledger-imports/${up.body.id}/commit`, {});
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('LEDGER_NOT_READY');
    const outside = await city.req('POST', `/api/v1/ledger-imports/${up.body.id}/commit`, {
      unitDecisions: { 苍溪县科技创新专班: { create: { parentId: env.orgs['wangcang.gov'] } }, 市科技局办公室外联组: { orgId: env.orgs.bureau } },
    });
    expect(outside.status).toBe(400);
    // An organisation id past an integer column's range is bad input, not a database error.
    const huge = await city.req('POST', `/api/v1/ledger-imports/${up.body.id}/commit`, {
      unitDecisions: { 苍溪县科技创新专班: { create: { parentId: 99_999_999_999 } }, 市科技局办公室外联组: { orgId: 99_999_999_999 } },
    });
    expect(huge.status).toBe(400);
    expect(huge.body.error.code).toBe('VALIDATION_FAILED');
    expect(await counts()).toEqual(before);
    const done = await city.req('POST', `/api/v1/ledger-imports/${up.body.id}/commit`, {
      unitDecisions: { 苍溪县科技创新专班: { create: { parentId: env.orgs['cangxi.gov'] } }, 市科技局办公室外联组: { orgId: env.orgs.bureau } },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ added: 1, createdUnits: 1 });
    const org = await env.db.selectFrom('organisations').selectAll().where('name', '=', '苍溪县科技创新专班').executeTakeFirstOrThrow();
    expect(org.parent_id).toBe(env.orgs['cangxi.gov']);
    const item = await env.db.selectFrom('items').selectAll().where('title', '=', '专班事项').executeTakeFirstOrThrow();
    expect(item.lead_unit_id).toBe(org.id);
    const co = await env.db.selectFrom('item_co_units').select('org_id').where('item_id', '=', item.id).orderBy('sort_order').execute();
    // The bureau is named twice (mapped and by name): it cooperates once.
    expect(co.map((c) => c.org_id)).toEqual([env.orgs.bureau]);
    expect((await env.auditRows('organisation', org.id)).map((a) => [a.action, a.username])).toEqual([['org.create', 'city.coord']]);
  });

  it('reads merged cells, date cells, a ledger on the second sheet and traditional headers', async () => {
    const buf = await workbook((wb) => {
      wb.addWorksheet('填表说明').addRow(['說明：本表資金單位為萬元']);
      const ws = wb.addWorksheet('台賬');
      ws.addRow(['2025年度 會商事項台賬']);
      ws.mergeCells('A1:F1');
      ws.addRow(['序號', '事項名稱', '牽頭單位', '配合單位', '完成時限', '資金']);
      ws.addRow(['一、市局直接支持事項（3項）']);
      ws.mergeCells('A3:F3');
      ws.addRow([1, '合併甲', '广元市科学技术局', '旺蒼縣人民政府', new Date(Date.UTC(2025, 5, 30)), 12]);
      ws.addRow([2, '合併乙', null, null, '下半年', '1,200,000元']);
      ws.addRow([3, '合併丙', null, null, '持續推進', '']);
      ws.mergeCells('C4:C6');
      ws.mergeCells('D4:D6');
    });
    const up = await city.upload(uploadUrl(cangxi), xlsx(buf));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ sheet: '台賬', sheets: ['填表说明', '台賬'], ledgerYear: 2025 });
    expect(up.body.rows.map((r: Record<string, unknown>) => [r.title, r.category, r.leadUnit, r.coUnits, r.deadline, r.ongoing, r.fundingWan])).toEqual([
      ['合併甲', 'direct_support', '广元市科学技术局', ['旺苍县人民政府'], '2025-06-30', false, 12],
      ['合併乙', 'direct_support', '广元市科学技术局', ['旺苍县人民政府'], '2025-12-31', false, 120],
      ['合併丙', 'direct_support', '广元市科学技术局', ['旺苍县人民政府'], null, true, null],
    ]);
    expect(up.body.unknownUnits).toEqual([]);
  });

  it('lets the user fix categories and columns, skip rows, and refuses to commit while problems block', async () => {
    const buf = await workbook((wb) => {
      wb.addWorksheet('说明').addRow(['填表说明：每行一个事项']);
      const ws = wb.addWorksheet('清单');
      ws.addRow(['2025年苍溪县会商事项']);
      ws.addRow(['事项名称', '主要内容', '领域', '牵头单位', '备用列', '资金']);
      ws.addRow(['新事项甲', '内容', '综合', '广元市科学技术局', '2025年6月底', '10万元']);
      ws.addRow(['新事项乙', '内容', '综合', '广元市科学技术局', '年底前', '约10万']);
      ws.addRow(['新事项丙', '内容', '不存在的领域', '广元市科学技术局', '', '']);
    });
    const before = await counts();
    const up = await city.upload(uploadUrl(cangxi), xlsx(buf));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.sheet).toBe('清单');
    expect(up.body.sheets).toEqual(['说明', '清单']);
    expect(up.body.blocked).toBe(true);
    const codes = up.body.problems.map((x: { cell: string; code: string }) => `${x.cell}:${x.code}`);
    expect(codes).toEqual(expect.arrayContaining(['A3:LEDGER_CATEGORY_MISSING', 'A4:LEDGER_CATEGORY_MISSING', 'F4:LEDGER_BAD_FUNDING', 'C5:LEDGER_UNKNOWN_DOMAIN']));
    const id = up.body.id;
    const refused = await city.req('POST', `/api/v1/ledger-imports/${id}/commit`, {});
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('LEDGER_NOT_READY');
    expect(refused.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'A3' })]));
    expect((await counts()).items).toBe(before.items);

    const mapping = { columns: { deadline: 'E' }, categories: { '3': 'direct_support', '4': 'joint_pursuit' }, skipRows: [5] };
    const again = await city.req('POST', `/api/v1/ledger-imports/${id}/preview`, mapping);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.blocked).toBe(false);
    expect(again.body.columns.deadline).toBe('E');
    expect(again.body.rows.map((r: { title: string; deadline: string | null; category: string; skipped: boolean }) => [r.title, r.deadline, r.category, r.skipped])).toEqual([
      ['新事项甲', '2025-06-30', 'direct_support', false],
      ['新事项乙', '2025-12-31', 'joint_pursuit', false],
      ['新事项丙', null, null, true],
    ]);
    const bad = await city.req('POST', `/api/v1/ledger-imports/${id}/preview`, { columns: { deadline: 'e5' } });
    expect(bad.status).toBe(400);
    const done = await city.req('POST', `/api/v1/ledger-imports/${id}/commit`, mapping);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ added: 2 });
    expect((await counts()).items).toBe(before.items + 2);
  });

  it('shows a 合计 row as a skipped row, warns that its count disagrees, and commits no item from it', async () => {
    const sentence = '推动两县合计新增科技型企业20家';
    const buf = await workbook((wb) => {
      const ws = wb.addWorksheet('清单');
      ws.addRow(['2025年苍溪县会商事项']);
      ws.mergeCells('A1:G1');
      ws.addRow(['序号', '事项名称', '类别', '领域', '牵头单位', '完成时限', '支持资金']);
      ws.addRow([1, '合计行甲', '直接支持', '综合', '广元市科学技术局', '2025年6月底', '10万元']);
      ws.addRow([2, sentence, '共同推动', '综合', '广元市科学技术局', '年底前', '']);
      ws.addRow([3, '合计行丙', '共同争取', '综合', '广元市科学技术局', '2025年', '']);
      ws.addRow(['', '20项', '合 计', '', '', '', '10万元']);
    });
    const before = await counts();
    const up = await city.upload(uploadUrl(cangxi), xlsx(buf));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const p = up.body;
    expect(p.rows.map((r: { row: number; title: string; category: string }) => [r.row, r.title, r.category])).toEqual([
      [3, '合计行甲', 'direct_support'],
      [4, sentence, 'joint_promotion'],
      [5, '合计行丙', 'joint_pursuit'],
    ]);
    expect(p.skippedRows).toEqual([{ row: 6, kind: 'total', reason: '合计行，不是事项' }]);
    // A count that disagrees is a warning: the commit is not blocked by it.
    expect(p.problems).toEqual([{ cell: 'B6', code: 'LEDGER_TOTAL_MISMATCH', message: '合计行写明 20 项，但本表有 3 个事项，请核对', blocking: false }]);
    expect(p.blocked).toBe(false);
    expect(p.counts).toEqual({ add: 3, update: 0, unchanged: 0, skipped: 0 });
    // Re-previewing keeps it; the preview endpoint answers the same shape.
    const again = await city.req('POST', `/api/v1/ledger-imports/${p.id}/preview`, {});
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.skippedRows).toEqual(p.skippedRows);

    const done = await city.req('POST', `/api/v1/ledger-imports/${p.id}/commit`, {});
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ added: 3, updated: 0 });
    expect((await counts()).items).toBe(before.items + 3);
    const titles = (await env.db.selectFrom('items').select('title').where('consultation_id', '=', cangxi).where('deleted_at', 'is', null).execute()).map((i) => i.title);
    expect(titles).toEqual(expect.arrayContaining(['合计行甲', sentence, '合计行丙']));
    expect(titles.filter((t) => t === '20项' || /^合\s*计$/.test(t))).toEqual([]);
  });

  it('rolls everything back when an item changed between preview and commit', async () => {
    const buf = await workbook((wb) => {
      const ws = wb.addWorksheet('清单');
      ws.addRow(['事项名称', '类别', '领域', '牵头单位', '完成时限']);
      ws.addRow(['回滚甲', '直接支持', '综合', '广元市科学技术局', '2025年']);
      ws.addRow(['回滚乙', '直接支持', '综合', '广元市科学技术局', '2025年']);
    });
    const first = await city.upload(uploadUrl(cangxi), xlsx(buf));
    expect((await city.req('POST', `/api/v1/ledger-imports/${first.body.id}/commit`, {})).status).toBe(200);
    const changed = await workbook((wb) => {
      const ws = wb.addWorksheet('清单');
      ws.addRow(['事项名称', '类别', '领域', '牵头单位', '完成时限']);
      ws.addRow(['回滚甲', '直接支持', '综合', '广元市科学技术局', '2026年']);
      ws.addRow(['回滚乙', '直接支持', '综合', '广元市科学技术局', '2026年']);
      ws.addRow(['回滚丙', '直接支持', '综合', '广元市科学技术局', '2026年']);
    });
    const up = await city.upload(uploadUrl(cangxi), xlsx(changed));
    expect(up.body.counts).toEqual({ add: 1, update: 2, unchanged: 0, skipped: 0 });
    const b = up.body.rows[1];
    expect(b.changes).toEqual(['deadline']);
    const item = await city.req('GET', `/api/v1/items/${b.itemId}`);
    expect((await city.req('PATCH', `/api/v1/items/${b.itemId}`, { content: '他人修改', version: item.body.version })).status).toBe(200);
    const before = await counts();
    const itemVersions = Object.fromEntries(
      up.body.rows.filter((x: { itemId: number | null }) => x.itemId).map((x: { itemId: number; itemVersion: number }) => [x.itemId, x.itemVersion]),
    );
    const r = await city.req('POST', `/api/v1/ledger-imports/${up.body.id}/commit`, { itemVersions });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ITEM_VERSION_CONFLICT');
    expect(await counts()).toEqual(before);
    const a = await env.db.selectFrom('items').select('deadline').where('id', '=', up.body.rows[0].itemId).executeTakeFirstOrThrow();
    expect(a.deadline).toBe('2025-12-31');
  });
});

describe(`ledger import: stale previews (${dialect})`, () => {
  // Runs last: moving the clock a day ends every session opened before.
  it('forgets a preview after a day: 404 for reading and committing, and nothing written', async () => {
    const up = await city.upload(uploadUrl(cangxi), xlsx(SAMPLE));
    expect(up.status).toBe(201);
    const start = env.clock.now();
    try {
      env.clock.advance(25 * 3600_000);
      // Yesterday's session has ended too.
      const later = await env.login('city.coord');
      const before = await counts();
      expect((await later.req('GET', `/api/v1/ledger-imports/${up.body.id}`)).status).toBe(404);
      expect((await later.req('POST', `/api/v1/ledger-imports/${up.body.id}/commit`, {})).status).toBe(404);
      expect(await counts()).toEqual(before);
      // The next upload clears it away.
      const next = await later.upload(uploadUrl(cangxi), xlsx(SAMPLE));
      expect(next.status).toBe(201);
      expect(await env.db.selectFrom('ledger_imports').select('id').where('id', '=', up.body.id).executeTakeFirst()).toBeUndefined();
    } finally {
      env.clock.set(start);
    }
  });
});
