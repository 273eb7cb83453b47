import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { Converter } from 'opencc-js/t2cn';
import type { Grid } from '../../../domain/ledger-parse.js';
import type { CellValue } from '../../../domain/ledger-values.js';
import { AppError } from '../../platform/errors.js';

/**
 * Turns uploaded bytes into cell grids, refusing anything that is not a sane xlsx before exceljs ever
 * sees it: size, encryption, zip structure, declared and actual uncompressed size, rows.
 */

export interface LedgerLimits {
  maxBytes: number;
  maxRows: number;
  maxUncompressedBytes: number;
}

export const DEFAULT_LEDGER_LIMITS: LedgerLimits = { maxBytes: 20 * 1024 * 1024, maxRows: 10_000, maxUncompressedBytes: 200 * 1024 * 1024 };

const CFB_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;
const MAX_ENTRIES = 5_000;

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

const notXlsx = () => new AppError('LEDGER_NOT_XLSX', '文件不是 Excel 工作簿（.xlsx）；旧版 .xls 或 WPS 格式请先另存为 .xlsx');
const corrupt = (why: string) => new AppError('LEDGER_CORRUPT', `Excel 文件已损坏或不完整（${why}），请重新保存后再上传`);

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The zip's central directory, read without inflating anything. */
function centralDirectory(buf: Buffer): ZipEntry[] {
  const from = Math.max(0, buf.length - 22 - 65_535);
  let end = -1;
  for (let i = buf.length - 22; i >= from; i--) {
    if (buf.readUInt32LE(i) === ZIP_END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw corrupt('找不到压缩包目录，文件可能被截断');
  const count = buf.readUInt16LE(end + 10);
  const dirOffset = buf.readUInt32LE(end + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new AppError('LEDGER_TOO_LARGE', '工作簿过大（ZIP64），无法导入');
  if (count > MAX_ENTRIES) throw new AppError('LEDGER_ZIP_BOMB', '工作簿内部文件数量异常，拒绝导入');
  const entries: ZipEntry[] = [];
  let p = dirOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== ZIP_CENTRAL) throw corrupt('压缩包目录不完整');
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * Inflates every entry with a ceiling at its declared size: a zip that lies about its sizes is caught
 * here, with bounded memory, instead of inside exceljs.
 */
function verifyEntries(buf: Buffer, entries: ZipEntry[]): void {
  for (const e of entries) {
    if (e.size === 0xffffffff || e.compressedSize === 0xffffffff) throw new AppError('LEDGER_TOO_LARGE', '工作簿过大（ZIP64），无法导入');
    const p = e.localOffset;
    if (p + 30 > buf.length || buf.readUInt32LE(p) !== ZIP_LOCAL) throw corrupt('压缩包内容不完整');
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    const data = buf.subarray(start, start + e.compressedSize);
    if (data.length < e.compressedSize) throw corrupt('文件被截断');
    if (e.method === 0) {
      if (e.compressedSize !== e.size) throw corrupt('压缩包条目大小不一致');
      continue;
    }
    if (e.method !== 8) throw corrupt('不支持的压缩方式');
    let out: Buffer;
    try {
      out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        throw new AppError('LEDGER_ZIP_BOMB', '工作簿解压后的实际大小与声明不符，疑似压缩炸弹，拒绝导入');
      }
      throw corrupt('压缩数据损坏');
    }
    if (out.length !== e.size) throw corrupt('压缩包条目大小不一致');
  }
}

/** Checks the bytes before any parser runs; throws the error a person can act on. */
export function checkWorkbookBytes(buf: Buffer, limits: LedgerLimits): void {
  if (buf.length === 0) throw new AppError('LEDGER_EMPTY_FILE', '上传的文件是空的');
  if (buf.length > limits.maxBytes) throw new AppError('LEDGER_TOO_LARGE', `文件超过 ${mb(limits.maxBytes)}，请拆分后再导入`);
  if (buf.length >= 8 && buf.subarray(0, 8).equals(CFB_SIGNATURE)) {
    // Password-protected xlsx files are OLE containers holding an EncryptionInfo stream.
    if (buf.includes(Buffer.from('EncryptionInfo', 'utf16le'))) {
      throw new AppError('LEDGER_ENCRYPTED', '工作簿设有打开密码（已加密），请取消密码保护后再导入');
    }
    throw notXlsx();
  }
  if (buf.length < 4 || buf.readUInt32LE(0) !== ZIP_LOCAL) throw notXlsx();
  const entries = centralDirectory(buf);
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) throw notXlsx();
  const declared = entries.reduce((s, e) => s + e.size, 0);
  if (declared > limits.maxUncompressedBytes) {
    throw new AppError('LEDGER_ZIP_BOMB', `工作簿解压后超过 ${mb(limits.maxUncompressedBytes)}，疑似压缩炸弹，拒绝导入`);
  }
  verifyEntries(buf, entries);
}

function valueOf(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('formula' in v || 'sharedFormula' in v) {
      const r = (v as { result?: unknown }).result;
      return r === undefined || r === null || typeof r === 'object' ? (r instanceof Date ? r : null) : (r as string | number | boolean);
    }
    if ('hyperlink' in v) return String((v as { text?: unknown }).text ?? '');
    if ('error' in v) return null;
  }
  return String(v);
}

let toSimplified: ((s: string) => string) | null = null;
/** Traditional → simplified, so that 事項名稱 and 牽頭單位 match like their simplified forms. */
export function simplify(s: string): string {
  toSimplified ??= Converter({ from: 'hk', to: 'cn' });
  // Plain ASCII and already-simplified text is the common case; skip the dictionary walk.
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? s : toSimplified(s);
}

export interface ReadWorkbook {
  grids: Grid[];
  sheetNames: string[];
}

/** Reads every sheet into a grid; merged cells carry their master's value (exceljs reports it). */
export async function readWorkbook(buf: Buffer, limits: LedgerLimits, onProgress?: (done: number, total: number) => void): Promise<ReadWorkbook> {
  checkWorkbookBytes(buf, limits);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw corrupt('无法读取工作簿内容');
  }
  const grids: Grid[] = [];
  const sheets = wb.worksheets;
  const totalRows = sheets.reduce((s, ws) => s + ws.rowCount, 0);
  let done = 0;
  for (const ws of sheets) {
    if (ws.actualRowCount > limits.maxRows) {
      throw new AppError('LEDGER_TOO_MANY_ROWS', `工作表“${ws.name}”有 ${ws.actualRowCount} 行，超过 ${limits.maxRows} 行的上限，请拆分后再导入`);
    }
    const rows: CellValue[][] = [];
    const width = Math.min(ws.columnCount, 100);
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: CellValue[] = [];
      for (let c = 1; c <= width; c++) cells.push(valueOf(row.getCell(c).value));
      while (cells.length && (cells[cells.length - 1] === null || cells[cells.length - 1] === '')) cells.pop();
      rows.push(cells);
      if (++done % 500 === 0) onProgress?.(done, totalRows);
    }
    while (rows.length && rows[rows.length - 1].length === 0) rows.pop();
    grids.push({ name: ws.name, rows });
  }
  onProgress?.(totalRows, totalRows);
  const nonEmpty = grids.filter((g) => g.rows.length);
  if (!nonEmpty.length) throw new AppError('LEDGER_EMPTY_FILE', '工作簿中没有任何内容');
  return { grids, sheetNames: sheets.map((s) => s.name) };
}
