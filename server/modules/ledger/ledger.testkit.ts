// Workbooks and zip files for the ledger tests, including broken ones whose declared sizes lie.
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import type { TestEnv } from '../../testing/support.js';

export async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A minimal zip, written by hand so that its sizes can lie. */
export function zip(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const compressed = zlib.deflateRawSync(e.data);
    const name = Buffer.from(e.name);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

export const skeleton = (sheet: { data: Buffer; declaredSize?: number }) =>
  zip([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
    { name: 'xl/workbook.xml', data: Buffer.from('<?xml version="1.0"?><workbook/>') },
    { name: 'xl/worksheets/sheet1.xml', ...sheet },
  ]);

export const uploadUrl = (id: number) => `/api/v1/consultations/${id}/ledger-imports`;
export const xlsx = (content: Buffer, filename = 'ledger.xlsx') => ({ filename, content, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });

/** Rows in the tables an import may write: an import refused or rolled back leaves them as they were. */
export async function counts(e: TestEnv) {
  const n = async (t: 'items' | 'ledger_imports' | 'organisations' | 'audit_log') =>
    Number(
      (
        await e.db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { items: await n('items'), imports: await n('ledger_imports'), orgs: await n('organisations'), audit: await n('audit_log') };
}
