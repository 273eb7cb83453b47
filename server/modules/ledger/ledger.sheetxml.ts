import type { Grid } from '../../../domain/ledger-parse.js';
import type { CellValue } from '../../../domain/ledger-values.js';
import { AppError } from '../../platform/errors.js';

/*
 * Cell values straight from a workbook's XML parts, already inflated and checked by the reader: the
 * shared strings, the styles (which numbers are dates), each sheet's cells and merges. It yields the
 * grids exceljs's reading gave (ledger.grids.ts, kept as the reference the tests compare against)
 * at a fraction of the cost: loading exceljs and building its model of 10,000 rows took seconds of
 * CPU, scanning the text takes tens of milliseconds.
 */

/** Only the first hundred columns are read, as before. */
const MAX_COLUMNS = 100;
/** A merge may fill at most this many cells: one over A1:XFD1048576 would otherwise build billions. */
const MAX_MERGED_CELLS = 2_000_000;

const corrupt = () => new AppError('LEDGER_CORRUPT', 'Excel 文件已损坏或不完整（无法读取工作簿内容），请重新保存后再上传');

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (_m, dec: string | undefined, hex: string | undefined, name: string | undefined) =>
    name ? NAMED[name] : String.fromCodePoint(dec ? Number(dec) : parseInt(hex!, 16)),
  );
}
/** Excel escapes characters XML cannot hold as _xHHHH_ in string parts. */
const decodeEscapes = (s: string) => (s.includes('_x') ? s.replace(/_x([0-9A-F]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) : s);

/** The pattern of each attribute asked for, built once: a sheet of 10,000 rows asks three per cell. */
const ATTR_PATTERNS = new Map<string, RegExp>();
const attr = (attrs: string, name: string) => {
  let pattern = ATTR_PATTERNS.get(name);
  if (!pattern) ATTR_PATTERNS.set(name, (pattern = new RegExp(`(?:^|\\s)${name}="([^"]*)"`)));
  const m = pattern.exec(attrs);
  return m ? m[1] : undefined;
};

const T_TEXT = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g;
const RUN = /<r>([\s\S]*?)<\/r>|<r\s[^>]*>([\s\S]*?)<\/r>/g;
const PHONETIC = /<rPh\b[\s\S]*?<\/rPh>|<phoneticPr\b[^>]*\/>/g;

/** A string item (<si> or <is>): its runs joined, or its text; phonetic guides are not part of it. */
function stringItem(inner: string, escapes: boolean): string {
  const body = inner.includes('<rPh') ? inner.replace(PHONETIC, '') : inner;
  const text = (t: string) => (escapes ? decodeEscapes(decodeXml(t)) : decodeXml(t));
  if (body.includes('<r>') || body.includes('<r ')) {
    let out = '';
    for (const run of body.matchAll(RUN)) {
      for (const t of (run[1] ?? run[2]).matchAll(T_TEXT)) out += decodeEscapes(decodeXml(t[1] ?? ''));
    }
    return out;
  }
  let last = '';
  for (const t of body.matchAll(T_TEXT)) last = text(t[1] ?? '');
  return last;
}

export function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) out.push(m[1] === undefined ? '' : stringItem(m[1], true));
  return out;
}

/** Formats without a code in the file: only the ones exceljs knows as dates are dates. */
const BUILT_IN_FORMATS: Record<number, string> = {
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
};
const isDateFormat = (code: string) => /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));

/** Which style indexes (cellXfs) show a number as a date. */
export function dateStyles(xml: string): Set<number> {
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<numFmt\b([^>]*)>/g)) {
    const id = attr(m[1], 'numFmtId');
    const code = attr(m[1], 'formatCode');
    if (id !== undefined && code !== undefined) custom.set(parseInt(id, 10), decodeXml(code));
  }
  const out = new Set<number>();
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  let i = 0;
  for (const m of xfs.matchAll(/<xf\b([^>]*?)\/?>/g)) {
    const id = parseInt(attr(m[1], 'numFmtId') ?? '0', 10);
    const code = id ? (custom.get(id) ?? BUILT_IN_FORMATS[id]) : undefined;
    if (code && isDateFormat(code)) out.add(i);
    i++;
  }
  return out;
}

const excelToDate = (v: number, date1904: boolean) => new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));

/** "BC12" → [row 12, column 55], 1-based; null when it is no cell address. */
function decodeAddress(ref: string): [number, number] | null {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else if (c !== 36) break;
  }
  const row = Number(ref.slice(i).replace('$', ''));
  return col > 0 && Number.isInteger(row) && row > 0 ? [row, col] : null;
}

export interface SheetContext {
  strings: string[];
  dates: Set<number>;
  date1904: boolean;
}

const CELL_OR_ROW = /<row\b([^>]*?)(\/?)>|<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)|<\/sheetData>/g;
const INNER = /<f\b[^>]*?(?:\/>|>([\s\S]*?)<\/f>)|<v>([\s\S]*?)<\/v>|<v\/>|<is>([\s\S]*?)<\/is>/g;

/** A number, or the date it shows when its style is a date format. A function of its own, not a closure made for every cell. */
const numberOrDate = (n: number, style: number, ctx: SheetContext) => (style && ctx.dates.has(style) ? excelToDate(n, ctx.date1904) : n);

/** One cell's value as exceljs gave it: shared and inline strings, numbers (dates by style), booleans, formula results; errors are empty. */
function cellValue(attrs: string, inner: string | undefined, ctx: SheetContext): { value: CellValue; styled: boolean } {
  const t = attr(attrs, 't');
  const s = parseInt(attr(attrs, 's') ?? '0', 10) || 0;
  let formula = false;
  let v: string | undefined;
  let inline: string | undefined;
  if (inner) {
    for (const m of inner.matchAll(INNER)) {
      if (m[0].startsWith('<f')) formula = true;
      else if (m[0].startsWith('<is')) inline = m[3];
      else if (m[2] !== undefined && m[2] !== '') v = decodeXml(m[2]);
    }
  }
  if (formula) {
    if (v === undefined) return { value: null, styled: true };
    if (t === 'str') return { value: decodeXml(v), styled: true };
    if (t === 'b') return { value: parseInt(v, 10) !== 0, styled: true };
    if (t === 'e') return { value: null, styled: true };
    return { value: numberOrDate(parseFloat(v), s, ctx), styled: true };
  }
  if (t === 'inlineStr') {
    if (inline === undefined) return { value: null, styled: s !== 0 };
    const text = stringItem(inline, false);
    if (text === '' && !/<r[\s>]/.test(inline)) return { value: null, styled: s !== 0 };
    return { value: text, styled: true };
  }
  if (v === undefined) return { value: null, styled: s !== 0 };
  switch (t) {
    case 's': {
      const str = ctx.strings[parseInt(v, 10)];
      return { value: str ?? '', styled: true };
    }
    case 'str':
      return { value: decodeXml(v), styled: true };
    case 'b':
      return { value: parseInt(v, 10) !== 0, styled: true };
    case 'e':
      return { value: null, styled: true };
    default:
      return { value: numberOrDate(parseFloat(v), s, ctx), styled: true };
  }
}

/**
 * One sheet's cells as rows of values: merged cells carry their master's value, trailing empty cells
 * and rows go. Yields to the event loop every few hundred rows, so that other requests are answered
 * while a large sheet is read.
 */
export async function sheetGrid(name: string, xml: string, ctx: SheetContext, maxRows: number, onRow?: () => void): Promise<Grid> {
  const start = xml.indexOf('<sheetData');
  if (start < 0) {
    if (!/<worksheet\b/.test(xml)) throw corrupt();
    return { name, rows: [] };
  }
  const cells: CellValue[][] = [];
  let rowNumber = 0;
  let prevCol = 0;
  let seen = 0;
  CELL_OR_ROW.lastIndex = start;
  let ended = false;
  for (let m = CELL_OR_ROW.exec(xml); m; m = CELL_OR_ROW.exec(xml)) {
    if (m[0] === '</sheetData>') {
      ended = true;
      break;
    }
    if (m[1] !== undefined) {
      // exceljs refused a row without its number; so does this.
      rowNumber = parseInt(attr(m[1], 'r') ?? '', 10);
      if (!(rowNumber > 0) || rowNumber > 1_048_576) throw corrupt();
      cells[rowNumber - 1] = [];
      prevCol = 0;
      if (++seen % 500 === 0) {
        onRow?.();
        await new Promise((resolve) => setImmediate(resolve));
      }
      continue;
    }
    const attrs = m[3];
    const { value, styled } = cellValue(attrs, m[4], ctx);
    // A cell with neither value nor style is nothing (exceljs drops it before placing the next).
    if (!styled) continue;
    const ref = attr(attrs, 'r');
    let col: number;
    if (ref !== undefined) {
      const at = decodeAddress(ref);
      if (!at) throw corrupt();
      col = at[1];
    } else if (prevCol) col = prevCol + 1;
    else throw corrupt();
    prevCol = col;
    if (!rowNumber) throw corrupt();
    if (col <= MAX_COLUMNS) (cells[rowNumber - 1] ??= [])[col - 1] = value;
  }
  if (!ended && !/<sheetData\s*\/>/.test(xml.slice(start, start + 64))) throw corrupt();
  applyMerges(name, xml, cells, maxRows);
  const rows: CellValue[][] = [];
  for (let r = 0; r < cells.length; r++) {
    const src = cells[r];
    const row: CellValue[] = [];
    if (src) for (let c = 0; c < src.length; c++) row.push(src[c] ?? null);
    while (row.length && (row[row.length - 1] === null || row[row.length - 1] === '')) row.pop();
    rows.push(row);
  }
  while (rows.length && rows[rows.length - 1].length === 0) rows.pop();
  // The byte-level count before this should have caught it; the rows as read are the last word.
  const valued = rows.reduce((n, r) => (r.some((c) => c !== null) ? n + 1 : n), 0);
  if (valued > maxRows) throw new AppError('LEDGER_TOO_MANY_ROWS', `工作表“${name}”有 ${valued} 行，超过 ${maxRows} 行的上限，请拆分后再导入`);
  return { name, rows };
}

/** Fills every merged range with its top-left cell's value; overlapping ranges mean a damaged file, as exceljs found. */
function applyMerges(name: string, xml: string, cells: CellValue[][], maxRows: number) {
  const at = xml.indexOf('<mergeCells');
  if (at < 0) return;
  const covered = new Set<number>();
  let total = 0;
  for (const m of xml.slice(at).matchAll(/<mergeCell\b[^>]*?\bref="([^"]+)"/g)) {
    const [a, b = a] = m[1].split(':');
    const tl = decodeAddress(a);
    const br = decodeAddress(b);
    if (!tl || !br) throw corrupt();
    const top = Math.min(tl[0], br[0]);
    const bottom = Math.max(tl[0], br[0]);
    const left = Math.min(tl[1], br[1]);
    const right = Math.min(Math.max(tl[1], br[1]), MAX_COLUMNS);
    total += (bottom - top + 1) * Math.max(1, right - left + 1);
    if (total > MAX_MERGED_CELLS || bottom > maxRows * 4 + 1000) {
      throw new AppError('LEDGER_TOO_MANY_ROWS', `工作表“${name}”超过 ${maxRows} 行的上限，请拆分后再导入`);
    }
    const master = cells[top - 1]?.[left - 1] ?? null;
    for (let r = top; r <= bottom; r++) {
      for (let c = left; c <= right; c++) {
        const key = r * 128 + c;
        if (covered.has(key)) throw corrupt();
        covered.add(key);
        if (r === top && c === left) continue;
        (cells[r - 1] ??= [])[c - 1] = master;
      }
    }
  }
}
