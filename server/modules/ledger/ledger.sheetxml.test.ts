import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Grid } from '../../../domain/ledger-parse.js';
import { gridsOf } from './ledger.grids.js';
import { DEFAULT_LEDGER_LIMITS, readWorkbook } from './ledger.reader.js';
import { workbook, zip } from './ledger.testkit.js';

// Uploads are read from the workbook's XML directly; exceljs's reading is the reference each grid
// must equal, value for value (dates by their instant).

const SAMPLES = ['ledger/fixtures/ledger-wangcang-2024.xlsx', 'indicators/fixtures/indicators-wangcang-2019-2023.xlsx'];
const comparable = (grids: Grid[]) => grids.map((g) => ({ name: g.name, rows: g.rows.map((r) => r.map((c) => (c instanceof Date ? `date ${c.toISOString()}` : c))) }));

async function expectSameAsExceljs(buf: Buffer) {
  const reference = await gridsOf(buf, DEFAULT_LEDGER_LIMITS.maxRows);
  const read = await readWorkbook(buf, DEFAULT_LEDGER_LIMITS);
  expect(read.sheetNames).toEqual(reference.sheetNames);
  expect(comparable(read.grids)).toEqual(comparable(reference.grids));
  return read;
}

/** A workbook around one sheet's XML, with the strings and styles given. */
function rawWorkbook(sheet: string, parts: { strings?: string; styles?: string; workbookPr?: string } = {}) {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  return zip([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        `<workbook ${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${parts.workbookPr ?? ''}<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from('<Relationships><Relationship Id="rId1" Target="/xl/worksheets/sheet1.xml"/></Relationships>') },
    ...(parts.strings ? [{ name: 'xl/sharedStrings.xml', data: Buffer.from(`<sst ${ns}>${parts.strings}</sst>`) }] : []),
    ...(parts.styles ? [{ name: 'xl/styles.xml', data: Buffer.from(`<styleSheet ${ns}>${parts.styles}</styleSheet>`) }] : []),
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(`<worksheet ${ns}>${sheet}</worksheet>`) },
  ]);
}

describe('reading cells from the workbook XML', () => {
  it.each(SAMPLES)('reads %s as exceljs does', async (file) => {
    const read = await expectSameAsExceljs(fs.readFileSync(path.resolve(import.meta.dirname, '..', file)));
    expect(read.grids[0].rows.length).toBeGreaterThan(10);
  });

  it('reads merges, dates by format, formulas, rich text, links, errors, escapes and far columns as exceljs does', async () => {
    const buf = await workbook((wb) => {
      const ws = wb.addWorksheet('边角 & <x>');
      ws.addRow(['标题']);
      ws.mergeCells('A1:C1');
      ws.addRow([new Date(Date.UTC(2024, 5, 30)), 12.5, true, false, { formula: 'B2*2', result: 25 }, { formula: 'TODAY()', result: new Date(Date.UTC(2025, 0, 1)) }]);
      ws.getCell('G2').value = { richText: [{ text: '富' }, { text: '文本', font: { bold: true } }] };
      ws.getCell('H2').value = { text: '链接', hyperlink: 'http://example.com' };
      ws.getCell('I2').value = { error: '#N/A' };
      ws.getCell('J2').value = 'a_x000D_b & <c> "q"';
      ws.getCell('K2').value = { formula: 'A1', result: '标题' };
      ws.getCell('L2').value = 45000;
      ws.getCell('L2').numFmt = 'yyyy"年"m"月"d"日"';
      ws.getCell('M2').value = 45000;
      ws.getCell('M2').numFmt = '0.00';
      ws.getCell('A4').value = '纵向合并';
      ws.mergeCells('A4:A7');
      ws.getCell('B5').value = '  空格  ';
      ws.getCell('C6').style = { font: { bold: true } };
      ws.getCell('D9').value = '';
      ws.getCell('E9').value = 'x';
      ws.getCell('F12').style = { font: { bold: true } };
      ws.getCell('CV3').value = '第100列';
      ws.getCell('CZ3').value = '第104列';
      const second = wb.addWorksheet('第二');
      second.addRow(['序号', '事項名稱']);
      second.addRow([1, '乙']);
      wb.addWorksheet('空');
    });
    const read = await expectSameAsExceljs(buf);
    expect(read.grids[0].rows[1][0]).toEqual(new Date(Date.UTC(2024, 5, 30)));
    expect(read.grids[0].rows[5][0]).toBe('纵向合并');
    expect(read.grids[0].rows[2]).toHaveLength(100);
  });

  it('reads inline strings, cells without an address, 1904 dates, phonetic guides and rich shared strings', async () => {
    const buf = rawWorkbook(
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row>' +
        '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><r><t>甲</t></r><r><t xml:space="preserve"> 乙</t></r></is></c><c r="C2" s="1"><v>0</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="e"><v>#DIV/0!</v></c></row>' +
        '</sheetData>',
      {
        strings: '<si><t>事项名称</t><rPh sb="0" eb="1"><t>shì</t></rPh></si><si><r><t>完成</t></r><r><rPr><b/></rPr><t>时限_x000A_</t></r></si>',
        styles:
          '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="176"/></cellXfs>',
        workbookPr: '<workbookPr date1904="1"/>',
      },
    );
    const read = await expectSameAsExceljs(buf);
    expect(read.grids[0].rows).toEqual([
      ['序号', '事项名称', '完成时限\n'],
      [1, '甲 乙', new Date(Date.UTC(1904, 0, 1)), true],
    ]);
  });

  it('refuses overlapping merges and cells it cannot place as a damaged file, as exceljs did', async () => {
    const overlapping = rawWorkbook('<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/></mergeCells>');
    await expect(readWorkbook(overlapping, DEFAULT_LEDGER_LIMITS)).rejects.toMatchObject({ code: 'LEDGER_CORRUPT' });
    await expect(gridsOf(overlapping, 10_000)).rejects.toMatchObject({ code: 'LEDGER_CORRUPT' });
    const unnumbered = rawWorkbook('<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row><c r="A2"><v>2</v></c></row></sheetData>');
    await expect(readWorkbook(unnumbered, DEFAULT_LEDGER_LIMITS)).rejects.toMatchObject({ code: 'LEDGER_CORRUPT' });
    await expect(gridsOf(unnumbered, 10_000)).rejects.toMatchObject({ code: 'LEDGER_CORRUPT' });
    const unplaced = rawWorkbook('<sheetData><row r="1"><c r="1A"><v>1</v></c></row></sheetData>');
    await expect(readWorkbook(unplaced, DEFAULT_LEDGER_LIMITS)).rejects.toMatchObject({ code: 'LEDGER_CORRUPT' });
  });

  it('counts a merge reaching past the row limit as rows over it', async () => {
    const tall = rawWorkbook('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>甲</t></is></c></row></sheetData><mergeCells><mergeCell ref="A1:A1048576"/></mergeCells>');
    await expect(readWorkbook(tall, DEFAULT_LEDGER_LIMITS)).rejects.toMatchObject({ code: 'LEDGER_TOO_MANY_ROWS' });
  });

  it('reads a long sheet of dated rows as exceljs does', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['序号', '事项名称', '牵头单位', '完成时限', '支持资金（万元）']);
    for (let i = 1; i < 2_000; i++) ws.addRow([i, `事项${i}`, '市科技局', new Date(Date.UTC(2026, i % 12, 1 + (i % 28))), i / 100]);
    for (let i = 2; i <= 2_000; i++) ws.getCell(`D${i}`).numFmt = 'yyyy"年"m"月"d"日"';
    await expectSameAsExceljs(Buffer.from(await wb.xlsx.writeBuffer()));
  });
});
