import { describe, expect, it } from 'vitest';
import { checkWorkbookBytes, countValueRows, DEFAULT_LEDGER_LIMITS } from './ledger.reader.js';
import { zip } from './ledger.testkit.js';

// The row limit is enforced on the inflated sheet XML, before exceljs builds anything: a workbook of
// 100,000 rows (3.5 MB on the wire, 1.8 GB once exceljs held it) is refused from a byte count.

const row = (r: number, cells: string) => `<row r="${r}" spans="1:3">${cells}</row>`;
const valueCell = (r: number) => `<c r="A${r}" t="inlineStr"><is><t>事项${r}</t></is></c><c r="B${r}"><v>${r}</v></c>`;
const sheetXml = (rows: string[]) =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData><rowBreaks count="1"><brk id="5"/></rowBreaks></worksheet>`,
  );

function workbookWith(sheet: Buffer): Buffer {
  return zip([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="说明" sheetId="1" r:id="rId1"/><sheet name="2025年台账" sheetId="2" r:id="rId2"/></sheets></workbook>',
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="worksheets/sheet2.xml"/></Relationships>'),
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml([row(1, valueCell(1))]) },
    { name: 'xl/worksheets/sheet2.xml', data: sheet },
  ]);
}

describe('ledger row limit before parsing', () => {
  it('counts rows that hold a value, not rows that only carry formatting, nor <rowBreaks>', () => {
    const xml = sheetXml([
      row(1, valueCell(1)),
      row(2, '<c r="A2" s="3"/>'),
      `<row r="3" s="2" customFormat="1"/>`,
      row(4, valueCell(4)),
      row(5, '<c r="A5" t="inlineStr"><is><t>x</t></is></c>'),
    ]);
    expect(countValueRows(xml, 100)).toBe(3);
    expect(countValueRows(sheetXml([]), 100)).toBe(0);
  });

  it('stops counting once past the limit', () => {
    const xml = sheetXml(Array.from({ length: 50 }, (_, i) => row(i + 1, valueCell(i + 1))));
    expect(countValueRows(xml, 10)).toBe(11);
    expect(countValueRows(xml, 100)).toBe(50);
  });

  it('refuses a 100,000-row sheet by name with 413 before any parser runs', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => row(i + 1, valueCell(i + 1)));
    const buf = workbookWith(sheetXml(rows));
    const err = await checkWorkbookBytes(buf, DEFAULT_LEDGER_LIMITS).then(
      () => null,
      (e: unknown) => e as { status: number; code: string; message: string },
    );
    expect(err).toMatchObject({ status: 413, code: 'LEDGER_TOO_MANY_ROWS' });
    expect(err!.message).toContain('“2025年台账”超过 10000 行的上限');
  });

  it('lets a sheet of 10,000 valued rows and many formatted empty rows through', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => row(i + 1, valueCell(i + 1)));
    // Templates formatted to the bottom of the sheet are common; those rows hold nothing.
    for (let r = 10_001; r <= 60_000; r++) rows.push(`<row r="${r}" s="1" customFormat="1"/>`);
    await expect(checkWorkbookBytes(workbookWith(sheetXml(rows)), DEFAULT_LEDGER_LIMITS)).resolves.toBeUndefined();
  });
});
