import type { ErrorCode } from './errors.js';
import { FIRST_INDICATOR_YEAR } from './indicators.js';
import { cellAddress, type Grid } from './ledger-parse.js';
import { shortText, type CellValue } from './ledger-values.js';
import { countyOf, moneyUnitOf, preliminaryYears, texts } from './indicator-sheet-notes.js';
import { asciiOf, compact, nameIndex, matchName, familyOf, isUnitWord, convert, readValue, yearOf } from './indicator-cells.js';

/**
 * A county's yearly indicator workbook, as offices fill it in: a grid of cells (one sheet, merges
 * filled in by the reader) and the catalogue → the county, the figures by indicator and year, and
 * every cell that could not be read. It knows the family of forms, not one template:
 * indicators as rows and years as columns, or years as rows and indicators as columns; units in a
 * unit column, in the header (`（万元）`) or in the cell (`12家`, `0.68%`, `5.2亿元`), converted
 * to the catalogue's unit; full-width digits; blank/—/无/空 as missing; title and 填报单位 lines;
 * notes, signatures, headings and other sheets left alone. Pure: the server and the CLI share it.
 */

export { type Grid } from './ledger-parse.js';
export { INDICATOR_ALIASES, asciiOf, readValue, yearOf } from './indicator-cells.js';

/** What the parser needs of the catalogue: the code it stores under, the name and unit it expects. */
export interface WorkbookIndicator {
  code: string;
  name: string;
  unit: string;
  aliases?: string[];
  /** A figure that cannot be negative (counts, money); true unless said otherwise. */
  nonNegative?: boolean;
}

export interface CountyRef {
  code: string;
  name: string;
}

export interface WorkbookValue {
  indicator: string;
  year: number;
  /** In the catalogue's unit. */
  value: number;
  /** Where it was read, as Excel names it (`D5`). */
  cell: string;
  /** A 年报 (final) figure; 快报/初步 or unstated is preliminary. */
  final: boolean;
}

export const INDICATOR_PROBLEM_CODES = [
  'INDICATOR_NO_TABLE',
  'INDICATOR_UNKNOWN',
  'INDICATOR_DUPLICATE',
  'INDICATOR_BAD_VALUE',
  'INDICATOR_BAD_UNIT',
  'INDICATOR_NEGATIVE',
  'INDICATOR_BAD_YEAR',
  'INDICATOR_NO_COUNTY',
  'INDICATOR_UNKNOWN_COUNTY',
  'INDICATOR_COUNTY_FORBIDDEN',
  'INDICATOR_YEAR_LOCKED',
] as const;
export type IndicatorProblemCode = (typeof INDICATOR_PROBLEM_CODES)[number];

/** The API error a commit refused for this problem answers with (all 422). */
export const PROBLEM_ERROR: Record<IndicatorProblemCode, ErrorCode> = {
  INDICATOR_NO_TABLE: 'UNPROCESSABLE',
  INDICATOR_UNKNOWN: 'UNKNOWN_INDICATOR',
  INDICATOR_DUPLICATE: 'INDICATOR_VALUE_INVALID',
  INDICATOR_BAD_VALUE: 'INDICATOR_VALUE_INVALID',
  INDICATOR_BAD_UNIT: 'INDICATOR_VALUE_INVALID',
  INDICATOR_NEGATIVE: 'INDICATOR_VALUE_INVALID',
  INDICATOR_BAD_YEAR: 'INDICATOR_YEAR_INVALID',
  INDICATOR_NO_COUNTY: 'UNPROCESSABLE',
  INDICATOR_UNKNOWN_COUNTY: 'UNPROCESSABLE',
  INDICATOR_COUNTY_FORBIDDEN: 'FORBIDDEN',
  INDICATOR_YEAR_LOCKED: 'INVALID_TRANSITION',
};

export interface WorkbookProblem {
  /** An Excel cell (`F10`), or `county` for a county given outside the file. */
  cell: string;
  code: IndicatorProblemCode;
  message: string;
}

export type Orientation = 'indicator_rows' | 'year_rows';

export interface ParsedIndicatorWorkbook {
  sheet: string | null;
  orientation: Orientation | null;
  /** Excel row number of the header. */
  headerRow: number | null;
  county: CountyRef | null;
  /** What the file says about who filled it in (填报单位, else the title), as written. */
  countyText: string | null;
  /** The cell that text is in; `county` when the user named the county. */
  countyCell: string | null;
  /** Years and indicators with at least one value, in sheet order. */
  years: number[];
  /** Where each year with figures is named (its header cell, or the cell of its row), for problems about the year. */
  yearCells: { year: number; cell: string }[];
  indicators: string[];
  values: WorkbookValue[];
  problems: WorkbookProblem[];
}

export interface IndicatorParseOptions {
  /** The counties a file may name (GB/T 2260 code and name, from the organisations table). */
  counties?: CountyRef[];
  /** A county code given by the user; wins over what the file says. */
  county?: string | null;
  /** Figures for a later year are refused. */
  currentYear: number;
  /** The sheet to read; otherwise the one that looks most like an indicator table. */
  sheet?: string;
  /** Applied to names, units and headers before matching (e.g. traditional → simplified). */
  normalise?: (s: string) => string;
}

// ── the sheet ──────────────────────────────────────────────────────────────────────────────────

const HEADER_SCAN_ROWS = 15;
const NOTE_ROW = /^(注|备注|说明|填表说明|附注|数据来源|资料来源)[:：\s\d.、]/;
const SIGNATURE = /(填表人|填报人|联系电话|审核人|制表人|负责人|单位盖章|统计负责人)[:：]?/;
const NAME_LABEL = /^(指标名称|指标|指标项|指标项目|项目|名称|主要指标|统计指标|指标内容)(\\.*|\/.*)?$/;
const UNIT_LABEL = /^(计量)?单位$/;
const YEAR_LABEL = /^(年份|年度|年|时间|统计年度|指标\\?年份|年份\\?指标)$/;

const looksNumeric = (v: CellValue) => typeof v === 'number' || (typeof v === 'string' && /^[+-]?\.?\d/.test(compact(v)));
const isBlank = (v: CellValue) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

interface Layout {
  orientation: Orientation;
  header: number;
  score: number;
}

interface Ctx {
  grid: Grid;
  index: Map<string, WorkbookIndicator | null>;
  normalise: (s: string) => string;
  catalogueUnits: Set<string>;
}

/** A header text → the indicator it names and the unit in its brackets (`技术合同成交额（万元）`). */
function headerName(ctx: Ctx, v: CellValue): { entry: WorkbookIndicator | null; unit: string | null; text: string } | null {
  const text = shortText(v);
  if (!text || typeof v !== 'string') return null;
  const t = asciiOf(ctx.normalise(text));
  let unit: string | null = null;
  for (const m of t.matchAll(/\(([^)]*)\)/g)) if (isUnitWord(m[1], ctx.catalogueUnits)) unit = m[1].replace(/^(计量)?单位[:：]?/, '').trim();
  return { entry: matchName(ctx.index, t), unit, text };
}

function findLayout(ctx: Ctx): Layout | null {
  const rows = ctx.grid.rows;
  let best: Layout | null = null;
  for (let r = 0; r < Math.min(HEADER_SCAN_ROWS, rows.length); r++) {
    const row = rows[r] ?? [];
    const yearCols = row.map((c, i) => (yearOf(c) ? i : -1)).filter((i) => i >= 0);
    const nameCols = row.map((c, i) => (headerName(ctx, c)?.entry ? i : -1)).filter((i) => i >= 0);
    // Indicators as rows: a header of years that names no indicator itself (a row of figures would).
    if (yearCols.length && !nameCols.length) {
      const labelled = row.some((c) => typeof c === 'string' && NAME_LABEL.test(compact(c)));
      let names = 0;
      for (let rr = r + 1; rr < rows.length; rr++) if ((rows[rr] ?? []).some((c, i) => !yearCols.includes(i) && headerName(ctx, c)?.entry)) names++;
      if (names || labelled) {
        const score = yearCols.length * 10 + names;
        if (!best || score > best.score) best = { orientation: 'indicator_rows', header: r, score };
      }
    }
    // Years as rows: a header of indicators over one column of years.
    if (nameCols.length) {
      const perColumn = new Map<number, number>();
      for (let rr = r + 1; rr < rows.length; rr++) (rows[rr] ?? []).forEach((c, i) => !nameCols.includes(i) && yearOf(c) && perColumn.set(i, (perColumn.get(i) ?? 0) + 1));
      const years = Math.max(0, ...perColumn.values());
      if (years) {
        const score = nameCols.length * 10 + years;
        if (!best || score > best.score) best = { orientation: 'year_rows', header: r, score };
      }
    }
  }
  return best;
}

/** Parses one sheet; `null` when it holds no indicator table. */
export function parseIndicatorSheet(grid: Grid, catalogue: WorkbookIndicator[], opts: IndicatorParseOptions): ParsedIndicatorWorkbook | null {
  const normalise = opts.normalise ?? ((s: string) => s);
  const ctx: Ctx = { grid, index: nameIndex(catalogue, normalise), normalise, catalogueUnits: new Set(catalogue.map((e) => compact(e.unit))) };
  const layout = findLayout(ctx);
  if (!layout) return null;
  const problems: WorkbookProblem[] = [];
  const values: WorkbookValue[] = [];
  const { county, text: countyText, cell: countyCell } = countyOf(grid, layout.header, opts, problems);
  const prelim = preliminaryYears(grid);
  const finalOf = (year: number, stated: boolean | null) => stated ?? (prelim.size > 0 && !prelim.has(year));
  const moneyUnit = moneyUnitOf(grid, layout.header);
  const rows = grid.rows;
  const header = rows[layout.header] ?? [];
  const badYears = new Set<string>();

  /** A year header's problem, once per cell, and only when the year holds figures. */
  const checkYear = (year: number, cell: string): boolean => {
    if (year >= FIRST_INDICATOR_YEAR && year <= opts.currentYear) return true;
    if (!badYears.has(cell)) {
      badYears.add(cell);
      problems.push({
        cell,
        code: 'INDICATOR_BAD_YEAR',
        message: year > opts.currentYear ? `${year}年尚未到来，不能填报该年的指标` : `${year}年早于可填报的最早年份（${FIRST_INDICATOR_YEAR}年）`,
      });
    }
    return false;
  };
  const seen = new Map<string, string>();
  const yearCells = new Map<number, string>();
  const put = (entry: WorkbookIndicator, year: number, final: boolean, v: CellValue, unit: string | null, r: number, c: number, yearCell: string) => {
    const cell = cellAddress(r, c);
    // A money unit noted for the whole table applies to money figures that state none.
    const stated = unit ?? (moneyUnit && familyOf(compact(entry.unit))?.['元'] ? moneyUnit : null);
    const read = readValue(v, entry, stated, normalise);
    if (read.kind === 'missing') return;
    if (!checkYear(year, yearCell)) return;
    if (read.kind === 'bad') return void problems.push({ cell, code: read.code, message: read.message });
    const key = `${entry.code}|${year}`;
    const prior = seen.get(key);
    if (prior) return void problems.push({ cell, code: 'INDICATOR_DUPLICATE', message: `指标“${entry.name}”${year}年的数值在 ${prior} 已填写过` });
    seen.set(key, cell);
    if (!yearCells.has(year)) yearCells.set(year, yearCell);
    values.push({ indicator: entry.code, year, value: read.value, cell, final });
  };
  const skipRow = (row: CellValue[]) => {
    const t = texts(row);
    return !t.length || NOTE_ROW.test(asciiOf(normalise(t[0]))) || t.some((x) => SIGNATURE.test(x));
  };

  if (layout.orientation === 'indicator_rows') {
    const yearCols = header.map((c, i) => ({ i, y: yearOf(c) })).filter((x): x is { i: number; y: { year: number; final: boolean | null } } => x.y !== null);
    const yearIdx = new Set(yearCols.map((x) => x.i));
    // Labels may sit in the header row or, over a row of years, in the one above it.
    const labelled = (re: RegExp) =>
      [header, rows[layout.header - 1] ?? []].map((row) => row.findIndex((c) => typeof c === 'string' && re.test(compact(c)))).find((i) => i >= 0) ?? -1;
    const unitCol = labelled(UNIT_LABEL);
    const labelCol = labelled(NAME_LABEL);
    // The name column: the labelled one, else the one where most names match the catalogue.
    let nameCol = labelCol;
    if (nameCol < 0) {
      const hits = new Map<number, number>();
      for (let r = layout.header + 1; r < rows.length; r++) (rows[r] ?? []).forEach((c, i) => !yearIdx.has(i) && headerName(ctx, c)?.entry && hits.set(i, (hits.get(i) ?? 0) + 1));
      nameCol = [...hits.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
    }
    const firstRow = new Map<string, string>();
    for (let r = layout.header + 1; r < rows.length; r++) {
      const row = rows[r] ?? [];
      if (skipRow(row)) continue;
      const hasFigures = yearCols.some((y) => readValue(row[y.i] ?? null, { code: '', name: '', unit: '' }, null, normalise).kind !== 'missing');
      const name = headerName(ctx, row[nameCol] ?? null);
      if (!name) {
        if (hasFigures) problems.push({ cell: cellAddress(r, nameCol), code: 'INDICATOR_UNKNOWN', message: '该行有数值但没有指标名称' });
        continue;
      }
      if (!name.entry) {
        // A heading (一、科技投入) or a line of text carries no figures; a row with figures must be an indicator.
        if (hasFigures) problems.push({ cell: cellAddress(r, nameCol), code: 'INDICATOR_UNKNOWN', message: `指标目录中没有“${name.text}”` });
        continue;
      }
      const nameCell = cellAddress(r, nameCol);
      const earlier = firstRow.get(name.entry.code);
      if (earlier) {
        problems.push({ cell: nameCell, code: 'INDICATOR_DUPLICATE', message: `指标“${name.entry.name}”在 ${earlier} 已有一行` });
        continue;
      }
      firstRow.set(name.entry.code, nameCell);
      const unitText = unitCol >= 0 ? shortText(row[unitCol] ?? null) : '';
      const rowUnit = name.unit ?? (unitText || null);
      const unitCheck = rowUnit ? convert(1, rowUnit, name.entry) : null;
      if (unitCheck && !unitCheck.ok) {
        if (hasFigures) problems.push({ cell: unitText ? cellAddress(r, unitCol) : nameCell, code: unitCheck.code, message: unitCheck.message });
        continue;
      }
      for (const y of yearCols) put(name.entry, y.y.year, finalOf(y.y.year, y.y.final), row[y.i] ?? null, rowUnit, r, y.i, cellAddress(layout.header, y.i));
    }
  } else {
    const cols = header.map((c, i) => ({ i, h: headerName(ctx, c) }));
    const yearLabel = header.findIndex((c) => typeof c === 'string' && YEAR_LABEL.test(compact(c)));
    let yearCol = yearLabel;
    if (yearCol < 0) {
      const hits = new Map<number, number>();
      for (let r = layout.header + 1; r < rows.length; r++) (rows[r] ?? []).forEach((c, i) => yearOf(c) && hits.set(i, (hits.get(i) ?? 0) + 1));
      yearCol = [...hits.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
    }
    let first = layout.header + 1;
    // A line of units under the header (万元, %, 家) instead of units in the header's brackets.
    const unitRow = rows[first] ?? [];
    const units = new Map<number, string>();
    if (!yearOf(unitRow[yearCol] ?? null) && cols.some((c) => c.h?.entry && !isBlank(unitRow[c.i] ?? null))) {
      if (cols.every((c) => !c.h?.entry || isBlank(unitRow[c.i] ?? null) || isUnitWord(shortText(unitRow[c.i] ?? null), ctx.catalogueUnits))) {
        cols.forEach((c) => c.h?.entry && !isBlank(unitRow[c.i] ?? null) && units.set(c.i, shortText(unitRow[c.i] ?? null)));
        first++;
      }
    }
    const columnHasNumbers = (i: number) => rows.slice(first).some((row) => !skipRow(row) && looksNumeric(row[i] ?? null));
    const indicatorCols: { i: number; entry: WorkbookIndicator; unit: string | null }[] = [];
    const firstCol = new Map<string, string>();
    for (const c of cols) {
      if (c.i === yearCol || !c.h) continue;
      const cell = cellAddress(layout.header, c.i);
      if (!c.h.entry) {
        const label = compact(c.h.text);
        if (!/^(序号|编号|备注|说明|数据来源|来源|单位)$/.test(label) && columnHasNumbers(c.i)) {
          problems.push({ cell, code: 'INDICATOR_UNKNOWN', message: `指标目录中没有“${c.h.text}”` });
        }
        continue;
      }
      const earlier = firstCol.get(c.h.entry.code);
      if (earlier) {
        problems.push({ cell, code: 'INDICATOR_DUPLICATE', message: `指标“${c.h.entry.name}”在 ${earlier} 已有一列` });
        continue;
      }
      firstCol.set(c.h.entry.code, cell);
      const unit = c.h.unit ?? units.get(c.i) ?? null;
      const unitCheck = unit ? convert(1, unit, c.h.entry) : null;
      if (unitCheck && !unitCheck.ok) {
        if (columnHasNumbers(c.i)) {
          problems.push({ cell: units.has(c.i) && !c.h.unit ? cellAddress(layout.header + 1, c.i) : cell, code: unitCheck.code, message: unitCheck.message });
        }
        continue;
      }
      indicatorCols.push({ i: c.i, entry: c.h.entry, unit });
    }
    const yearRow = new Map<number, string>();
    for (let r = first; r < rows.length; r++) {
      const row = rows[r] ?? [];
      if (skipRow(row)) continue;
      const y = yearOf(row[yearCol] ?? null);
      const hasFigures = indicatorCols.some((c) => readValue(row[c.i] ?? null, c.entry, null, normalise).kind !== 'missing');
      const yearCell = cellAddress(r, yearCol);
      if (!y) {
        if (hasFigures) problems.push({ cell: yearCell, code: 'INDICATOR_BAD_YEAR', message: `无法识别的年份“${shortText(row[yearCol] ?? null)}”` });
        continue;
      }
      const earlier = yearRow.get(y.year);
      if (earlier) {
        if (hasFigures) problems.push({ cell: yearCell, code: 'INDICATOR_DUPLICATE', message: `${y.year}年在 ${earlier} 已有一行` });
        continue;
      }
      yearRow.set(y.year, yearCell);
      for (const c of indicatorCols) put(c.entry, y.year, finalOf(y.year, y.final), row[c.i] ?? null, c.unit, r, c.i, yearCell);
    }
  }
  problems.sort((a, b) => order(a.cell) - order(b.cell));
  return {
    sheet: grid.name,
    orientation: layout.orientation,
    headerRow: layout.header + 1,
    county,
    countyText,
    countyCell,
    years: [...yearCells.keys()].sort((a, b) => a - b),
    yearCells: [...yearCells.entries()].sort((a, b) => a[0] - b[0]).map(([year, cell]) => ({ year, cell })),
    indicators: [...new Set(values.map((v) => v.indicator))],
    values,
    problems,
  };
}

/** Sheet order of a cell: row, then column; `county` first. */
function order(cell: string): number {
  const m = /^([A-Z]+)(\d+)$/.exec(cell);
  if (!m) return -1;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return Number(m[2]) * 1000 + col;
}

/**
 * The workbook: the sheet named, or the one most like an indicator table (others hold instructions);
 * a workbook without one is answered with a single problem, not an exception.
 */
export function parseIndicatorWorkbook(grids: Grid[], catalogue: WorkbookIndicator[], opts: IndicatorParseOptions): ParsedIndicatorWorkbook {
  const candidates = opts.sheet ? grids.filter((g) => g.name === opts.sheet) : grids;
  let best: ParsedIndicatorWorkbook | null = null;
  for (const grid of candidates) {
    const parsed = parseIndicatorSheet(grid, catalogue, opts);
    if (parsed && (!best || parsed.values.length > best.values.length)) best = parsed;
  }
  if (best) return best;
  return {
    sheet: null,
    orientation: null,
    headerRow: null,
    county: null,
    countyText: null,
    countyCell: null,
    years: [],
    yearCells: [],
    indicators: [],
    values: [],
    problems: [
      {
        cell: 'A1',
        code: 'INDICATOR_NO_TABLE',
        message: opts.sheet && !candidates.length ? `工作簿中没有名为“${opts.sheet}”的工作表` : '工作簿中找不到指标表：表头应有年份（如 2023年）和指标名称（如 地区生产总值）',
      },
    ],
  };
}
