import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { workbook } from '../modules/ledger/ledger.testkit.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../testing/support.js';

// The malicious-file corpus, built in the test so every byte is visible here: XML entities reaching
// for local files or multiplying themselves, polyglots, files that lie about their type. Zip bombs,
// encrypted and truncated workbooks and 100,000-row sheets are in ledger.test.ts and ledger.rows.test.ts.

let env: TestEnv;
let coord: Agent;
let itemId: number;
beforeAll(async () => {
  env = await createTestEnv();
  coord = await env.login('wangcang.coord');
  itemId = (await env.db.selectFrom('items').select('id').where('consultation_id', '=', env.consultations.wangcang).orderBy('id').limit(1).executeTakeFirstOrThrow()).id;
});
afterAll(() => env?.close());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A genuine workbook (a ledger exceljs reads) whose first sheet's XML is replaced by `sheetXml`: the
 * attack then reaches the XML parser instead of failing earlier on a broken package.
 */
async function workbookWithSheet(sheetXml: string): Promise<Buffer> {
  const real = await workbook((wb) => {
    const ws = wb.addWorksheet('台账');
    ws.addRow(['序号', '事项名称', '牵头单位']);
    ws.addRow([1, '占位事项', '市科技局']);
  });
  const pkg = await JSZip.loadAsync(real);
  pkg.file('xl/worksheets/sheet1.xml', sheetXml);
  return Buffer.from(await pkg.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

const ledgerUpload = (content: Buffer) => coord.upload(`/api/v1/consultations/${env.consultations.wangcang}/ledger-imports`, { filename: 'x.xlsx', content, contentType: XLSX });

describe(`malicious files (${dialect})`, () => {
  it('an external entity (XXE) never brings a local file into the answer', async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is><t>事项名称</t></is></c><c r="C1" t="inlineStr"><is><t>牵头单位</t></is></c></row><row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>&x;</t></is></c><c r="C2" t="inlineStr"><is><t>市科技局</t></is></c></row></sheetData></worksheet>`;
    const r = await ledgerUpload(await workbookWithSheet(xml));
    expect(r.status).toBeLessThan(500);
    // Whatever the parser made of it, the real ledger beside it was read: the attack met the XML parser.
    const control = await ledgerUpload(await workbookWithSheet(xml.replace(/<!DOCTYPE[^\]]*\]>/, '').replace('&x;', '正常事项')));
    expect(control.status, JSON.stringify(control.body)).toBe(201);
    expect(JSON.stringify(r.body)).not.toMatch(/root:|\/bin\/(ba)?sh/);
  });

  it('an entity that multiplies itself (billion laughs) is answered at once, with a 4xx', async () => {
    const defs = ['<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i};`.repeat(10)}">`)].join('');
    const xml = `<?xml version="1.0"?><!DOCTYPE w [${defs}]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row></sheetData></worksheet>`;
    const started = Date.now();
    const r = await ledgerUpload(await workbookWithSheet(xml));
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a GIF that is also an HTML page is stored as a GIF and never served as a page', async () => {
    const polyglot = Buffer.concat([Buffer.from('GIF89a'), Buffer.from([1, 0, 1, 0, 0, 0, 0]), Buffer.from('<html><script>alert(document.cookie)</script></html>')]);
    const comment = await coord.req('POST', `/api/v1/items/${itemId}/comments`, { body: '附图' });
    const up = await coord.upload(`/api/v1/items/${itemId}/comments/${comment.body.id}/attachments`, { filename: 'x.gif', content: polyglot, contentType: 'text/html' });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const got = await coord.req('GET', `/api/v1/attachments/${up.body.id}`);
    expect(got.headers['content-type']).toBe('image/gif');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(String(got.headers['content-security-policy'] ?? '')).toMatch(/default-src 'none'.*sandbox/);
  });

  it('files whose bytes are not what their name says are refused, whatever the browser declared', async () => {
    const comment = await coord.req('POST', `/api/v1/items/${itemId}/comments`, { body: '附件' });
    const url = `/api/v1/items/${itemId}/comments/${comment.body.id}/attachments`;
    const fakes = [
      { filename: '照片.png', content: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), contentType: 'image/png' },
      { filename: '报告.pdf', content: Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), contentType: 'application/pdf' },
      { filename: '表格.xlsx', content: zlib.gzipSync(Buffer.from('not a workbook')), contentType: XLSX },
      { filename: 'run.exe', content: Buffer.from('MZ'), contentType: 'application/octet-stream' },
    ];
    for (const f of fakes) {
      const r = await coord.upload(url, f);
      expect(r.status, f.filename).toBeGreaterThanOrEqual(400);
      expect(r.status, f.filename).toBeLessThan(500);
    }
  });
});
