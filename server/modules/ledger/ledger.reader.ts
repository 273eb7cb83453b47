import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Converter } from 'opencc-js/t2cn';
import type { Grid } from '../../../domain/ledger-parse.js';
import { AppError } from '../../platform/errors.js';
import { dateStyles, sharedStrings, sheetGrid, type SheetContext } from './ledger.sheetxml.js';

/**
 * Turns uploaded bytes into cell grids, refusing anything that is not a sane xlsx before any parser
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

const inflateRaw = promisify(zlib.inflateRaw);

/**
 * Inflates every entry with a ceiling at its declared size: a zip that lies about its sizes is caught
 * here, with bounded memory, instead of inside exceljs. zlib works on the thread pool, so a large
 * upload does not hold up other requests. Returns the inflated parts the grids are read from: the
 * worksheets (whose rows are counted next), the workbook and its relationships, strings and styles.
 */
async function verifyEntries(buf: Buffer, entries: ZipEntry[]): Promise<Map<string, Buffer>> {
  const parts = new Map<string, Buffer>();
  for (const e of entries) {
    if (e.size === 0xffffffff || e.compressedSize === 0xffffffff) throw new AppError('LEDGER_TOO_LARGE', '工作簿过大（ZIP64），无法导入');
    const p = e.localOffset;
    if (p + 30 > buf.length || buf.readUInt32LE(p) !== ZIP_LOCAL) throw corrupt('压缩包内容不完整');
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    const data = buf.subarray(start, start + e.compressedSize);
    if (data.length < e.compressedSize) throw corrupt('文件被截断');
    if (e.method === 0) {
      if (e.compressedSize !== e.size) throw corrupt('压缩包条目大小不一致');
      if (KEPT.test(e.name)) parts.set(e.name, data);
      continue;
    }
    if (e.method !== 8) throw corrupt('不支持的压缩方式');
    let out: Buffer;
    try {
      out = await inflateRaw(data, { maxOutputLength: Math.max(1, e.size) });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        throw new AppError('LEDGER_ZIP_BOMB', '工作簿解压后的实际大小与声明不符，疑似压缩炸弹，拒绝导入');
      }
      throw corrupt('压缩数据损坏');
    }
    if (out.length !== e.size) throw corrupt('压缩包条目大小不一致');
    if (KEPT.test(e.name)) parts.set(e.name, out);
  }
  return parts;
}

const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;
const KEPT = /^xl\/(worksheets\/[^/]+\.xml|workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|styles\.xml)$/;
const ROW = Buffer.from('<row');
const VALUE = Buffer.from('<v>');
const INLINE = Buffer.from('<is>');

/**
 * Rows holding at least one value in a worksheet's XML, counted with byte searches (no XML parser,
 * no strings) and given up at `stop`: a sheet of 100,000 rows is refused in milliseconds, before
 * exceljs would build it in memory. Rows that only carry formatting are not counted, as exceljs's
 * actualRowCount does not count them.
 */
export function countValueRows(xml: Buffer, stop: number): number {
  let n = 0;
  // The next <v> and the next <is> at or after the row being looked at, each searched for again only
  // once the rows have passed it. A kind the rest of the sheet does not hold (<is> in a sheet of
  // shared strings) is NONE and never searched again: searching it anew for every row made a sheet
  // of 10,000 rows cost seconds.
  const NONE = Number.MAX_SAFE_INTEGER;
  const from = (pattern: Buffer, at: number, known: number) => {
    if (known >= at) return known;
    const i = xml.indexOf(pattern, at);
    return i < 0 ? NONE : i;
  };
  let nextV = -1;
  let nextI = -1;
  let p = xml.indexOf(ROW);
  while (p >= 0 && n <= stop) {
    let next = xml.indexOf(ROW, p + 4);
    // <rowBreaks> and <rows…> are not rows: a row tag is followed by a space, '>' or '/'.
    while (next >= 0 && ![0x20, 0x3e, 0x2f, 0x0a, 0x0d, 0x09].includes(xml[next + 4])) next = xml.indexOf(ROW, next + 4);
    const end = next < 0 ? xml.length : next;
    nextV = from(VALUE, p, nextV);
    nextI = from(INLINE, p, nextI);
    const nextValue = Math.min(nextV, nextI);
    if (nextValue === NONE) break;
    if (nextValue < end) n++;
    p = next;
  }
  return n;
}

/** Sheet names by the worksheet part they live in, from workbook.xml and its relationships. */
function sheetNamesByPart(workbookXml: string, relsXml: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.replace(/^\/?(xl\/)?/, 'xl/'));
  }
  const names = new Map<string, string>();
  for (const m of workbookXml.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\br:id="([^"]+)"/.exec(m[0])?.[1];
    const part = rid && targets.get(rid);
    if (name !== undefined && part) names.set(part, unescapeXml(name));
  }
  return names;
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function entryText(buf: Buffer, entries: ZipEntry[], name: string): string {
  const e = entries.find((x) => x.name === name);
  if (!e) return '';
  const p = e.localOffset;
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  return (e.method === 0 ? data : zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) })).toString('utf8');
}

/** Checks the bytes before any parser runs; throws the error a person can act on. */
export async function checkWorkbookBytes(buf: Buffer, limits: LedgerLimits): Promise<void> {
  await checkedParts(buf, limits);
}

/** The checks of checkWorkbookBytes; returns the inflated parts, so that nothing is inflated twice. */
async function checkedParts(buf: Buffer, limits: LedgerLimits): Promise<Map<string, Buffer>> {
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
  const parts = await verifyEntries(buf, entries);
  for (const [part, xml] of parts) {
    if (!WORKSHEET.test(part)) continue;
    if (countValueRows(xml, limits.maxRows) > limits.maxRows) {
      const sheetName = sheetNamesByPart(entryText(buf, entries, 'xl/workbook.xml'), entryText(buf, entries, 'xl/_rels/workbook.xml.rels')).get(part) ?? part;
      throw new AppError('LEDGER_TOO_MANY_ROWS', `工作表“${sheetName}”超过 ${limits.maxRows} 行的上限，请拆分后再导入`);
    }
  }
  return parts;
}

let toSimplified: ((s: string) => string) | null = null;
/**
 * Texts already converted. A sheet is parsed several times (choosing the sheet, the preview, each
 * re-preview and the commit) and the same unit, domain and status words recur on every row; the
 * dictionary walk was most of a parse. Bounded: emptied when it grows past a few large sheets.
 */
const simplified = new Map<string, string>();
const SIMPLIFIED_MAX = 200_000;
/** Traditional → simplified, so that 事項名稱 and 牽頭單位 match like their simplified forms. */
export function simplify(s: string): string {
  // Plain ASCII is the common case; skip the dictionary walk.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  let out = simplified.get(s);
  if (out === undefined) {
    toSimplified ??= Converter({ from: 'hk', to: 'cn' });
    out = toSimplified(s);
    if (simplified.size >= SIMPLIFIED_MAX) simplified.clear();
    simplified.set(s, out);
  }
  return out;
}

export interface ReadWorkbook {
  grids: Grid[];
  sheetNames: string[];
}

/**
 * Reads every sheet into a grid. The bytes are checked first; the cells are then read from the parts
 * those checks inflated (ledger.sheetxml.ts), in slices between which other requests are answered.
 */
export async function readWorkbook(buf: Buffer, limits: LedgerLimits, onProgress?: (done: number, total: number) => void): Promise<ReadWorkbook> {
  const parts = await checkedParts(buf, limits);
  const text = (name: string) => parts.get(name)?.toString('utf8') ?? '';
  const workbookXml = text('xl/workbook.xml');
  const byPart = sheetNamesByPart(workbookXml, text('xl/_rels/workbook.xml.rels'));
  const ctx: SheetContext = {
    strings: sharedStrings(text('xl/sharedStrings.xml')),
    dates: dateStyles(text('xl/styles.xml')),
    date1904: /<workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(workbookXml),
  };
  // The sheets in the workbook's order; a sheet whose part is missing is not read.
  const sheets = [...byPart].filter(([part]) => WORKSHEET.test(part) && parts.has(part)).map(([part, name]) => ({ name, bytes: parts.get(part)! }));
  const total = sheets.reduce((n, s) => n + countValueRows(s.bytes, Number.MAX_SAFE_INTEGER), 0);
  let done = 0;
  const grids: Grid[] = [];
  for (const s of sheets) {
    grids.push(
      await sheetGrid(s.name, s.bytes.toString('utf8'), ctx, limits.maxRows, () => {
        done += 500;
        onProgress?.(Math.min(done, total), total);
      }),
    );
  }
  onProgress?.(total, total);
  if (!grids.some((g) => g.rows.length)) throw new AppError('LEDGER_EMPTY_FILE', '工作簿中没有任何内容');
  return { grids, sheetNames: grids.map((g) => g.name) };
}
