import type { ErrorCode } from './errors.js';
import { FIRST_INDICATOR_YEAR } from './indicators.js';
import { cellAddress, type Grid } from './ledger-parse.js';
import { shortText, type CellValue } from './ledger-values.js';

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

/**
 * Names offices use for the catalogue's indicators besides the catalogue's own (merged with the
 * catalogue's `aliases`). Compared after white space, brackets, ordinals and 全社会/全县/本级 go.
 */
export const INDICATOR_ALIASES: Record<string, string[]> = {
  gdp: ['GDP', '地区生产总值(GDP)', '生产总值', '地区GDP'],
  population: ['年末常住人口', '常住人口数', '户籍人口'],
  public_budget_expenditure: ['一般公共预算支出', '地方一般公共预算支出', '财政一般公共预算支出', '公共财政预算支出'],
  fiscal_st_expenditure: ['财政科学技术支出', '财政科技支出', '地方财政科技支出', '科学技术支出', '财政科技投入'],
  fiscal_st_share: ['财政科技支出占比', '财政科技支出占一般公共预算支出比重', '财政科学技术支出占比', '财政科技支出占公共财政支出比重'],
  rd_expenditure: ['R&D经费支出', '研发经费支出', 'R&D经费内部支出', '研究与试验发展经费支出', 'R&D经费投入', '研发经费投入', '研发投入'],
  rd_intensity: ['R&D经费投入强度', '研发投入强度', '研发经费投入强度', 'R&D投入强度', 'R&D经费支出占GDP比重', '研究与试验发展经费投入强度', 'R&D强度'],
  hitech_enterprises: ['高新技术企业', '高新技术企业数量', '国家高新技术企业数', '有效期内高新技术企业数'],
  tech_smes: ['科技型中小企业', '入库科技型中小企业数', '科技型中小企业入库数', '科技型中小企业数量'],
  hitech_revenue: ['高新技术产业营收', '高新技术产业营业收入额', '高新技术产业主营业务收入'],
  tech_contract_turnover: ['技术合同登记成交额', '技术合同交易额', '技术交易额', '技术合同成交金额'],
  invention_patents: ['有效发明专利', '有效发明专利拥有量', '有效发明专利数量', '发明专利拥有量'],
  invention_patents_per_10k: ['每万人口有效发明专利拥有量', '万人有效发明专利拥有量', '每万人发明专利拥有量', '每万人口发明专利拥有量'],
  st_commissioners: ['科技特派员数', '科技特派员', '县级以上科技特派员', '科技特派员人数'],
  innovation_platforms: ['科技创新平台数', '创新平台', '科技创新平台', '创新平台数量'],
  st_progress_contribution: ['科技进步贡献率'],
  energy_per_gdp: ['万元GDP能耗', '单位GDP能耗', '万元地区生产总值能耗', '单位地区生产总值能耗', '万元GDP综合能耗'],
};

// ── text ───────────────────────────────────────────────────────────────────────────────────────

/** Every full-width ASCII form (digits, letters, ＆, （）, ：, ％) → ASCII; ideographic space → space. */
export function asciiOf(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const compact = (s: string) => asciiOf(s).replace(/\s+/g, '');

/** "1.", "（一）", "一、", "其中：" in front of a name go. */
const ORDINAL = /^(\d+[.、)]|\(\d+\)|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|其中[:：]?|[:：])+/;
const NAME_PREFIX = /^(全社会|全县|全区|本县|本区|县级|区级|本级|县域|区域)/;
const NAME_SUFFIX = /(数量|总数|个数|数|总额|额)$/;

/** A name's comparable forms: as written, without the prefix, without the counting suffix. */
function nameKeys(name: string): string[] {
  const base = compact(name)
    .replace(/\([^)]*\)/g, '')
    .replace(ORDINAL, '')
    .replace(/[:：*]$/, '')
    .toUpperCase();
  const noPrefix = base.replace(NAME_PREFIX, '');
  return [...new Set([base, noPrefix, base.replace(NAME_SUFFIX, ''), noPrefix.replace(NAME_SUFFIX, '')].filter((k) => k.length >= 2))];
}

/** The catalogue's names and aliases by every comparable form; a form two indicators share names neither. */
function nameIndex(catalogue: WorkbookIndicator[], normalise: (s: string) => string): Map<string, WorkbookIndicator | null> {
  const index = new Map<string, WorkbookIndicator | null>();
  // Exact names first, so that an alias's shortened form never hides another indicator's name.
  const passes = [(e: WorkbookIndicator) => [e.name], (e: WorkbookIndicator) => [...(e.aliases ?? []), ...(INDICATOR_ALIASES[e.code] ?? [])]];
  for (const names of passes) {
    const seen = new Map<string, WorkbookIndicator | null>();
    for (const entry of catalogue) {
      for (const name of names(entry)) {
        for (const key of nameKeys(normalise(name))) {
          if (index.has(key)) continue;
          const prior = seen.get(key);
          seen.set(key, prior === undefined || prior === entry ? entry : null);
        }
      }
    }
    for (const [k, v] of seen) index.set(k, v);
  }
  return index;
}

function matchName(index: Map<string, WorkbookIndicator | null>, text: string): WorkbookIndicator | null {
  for (const key of nameKeys(text)) {
    const hit = index.get(key);
    if (hit) return hit;
  }
  return null;
}

// ── units ──────────────────────────────────────────────────────────────────────────────────────

/** Units that convert into one another, with their size in the family's smallest unit. */
const UNIT_FAMILIES: Record<string, number>[] = [
  { 元: 1, 千元: 1e3, 万元: 1e4, 百万元: 1e6, 亿元: 1e8 },
  { 人: 1, 名: 1, 人次: 1, 万人: 1e4 },
  { 个: 1, 家: 1, 件: 1, 项: 1, 户: 1, 所: 1, 座: 1 },
  { '%': 1 },
];

/** A unit as written → its canonical form: 万 → 万元 (or 万人), ％ → %, brackets and 单位： gone. */
function canonicalUnit(raw: string, target: string): string {
  let u = compact(raw)
    .replace(/^\(|\)$/g, '')
    .replace(/^(计量)?单位[:：]?/, '');
  if (u === '百分比' || u === '百分点') u = '%';
  if (/^[千万亿]$/.test(u) || u === '百万') {
    const fam = familyOf(compact(target));
    u += fam && '人' in fam ? '人' : '元';
  }
  return u;
}

function familyOf(unit: string): Record<string, number> | undefined {
  return UNIT_FAMILIES.find((f) => unit in f);
}

/** Whether a bracketed note in a header names a unit (`（万元）`) rather than qualifying the name (`（县级以上）`). */
function isUnitWord(s: string, catalogueUnits: Set<string>): boolean {
  const u = canonicalUnit(s, '');
  if (!u || u.length > 10 || /\d/.test(u)) return false;
  return catalogueUnits.has(u) || familyOf(u) !== undefined || /^[千万亿]?(元|人|个|家|件|项|户|吨|公斤|千瓦时|平方米|公顷|亩|%)/.test(u) || /\//.test(u);
}

type Converted = { ok: true; value: number } | { ok: false; code: 'INDICATOR_BAD_UNIT'; message: string };

function convert(value: number, from: string | null, entry: WorkbookIndicator): Converted {
  const to = compact(entry.unit);
  if (from === null) return { ok: true, value };
  const u = canonicalUnit(from, entry.unit);
  if (u === to) return { ok: true, value };
  const fam = familyOf(to);
  if (fam && u in fam) return { ok: true, value: tidy((value * fam[u]) / fam[to]) };
  const known = familyOf(u) !== undefined;
  return {
    ok: false,
    code: 'INDICATOR_BAD_UNIT',
    message: known ? `单位“${from}”与指标“${entry.name}”的单位“${entry.unit}”不符，无法换算` : `无法识别的单位“${from}”（指标“${entry.name}”以${entry.unit}计）`,
  };
}

/** Float noise from a conversion (118.2 × 10000) goes; 12 significant digits stay. */
const tidy = (v: number) => Number(v.toPrecision(12));

// ── values ─────────────────────────────────────────────────────────────────────────────────────

const MISSING = /^(-+|—+|–+|_+|\/|无|空|暂无|没有|不适用|不涉及|缺|未统计|N\/?A|NULL|…+|\.{2,}|\*)$/i;

export type ReadValue =
  { kind: 'missing' } | { kind: 'ok'; value: number } | { kind: 'bad'; code: 'INDICATOR_BAD_VALUE' | 'INDICATOR_BAD_UNIT' | 'INDICATOR_NEGATIVE'; message: string };

/**
 * One figure's cell → the value in the catalogue's unit. A unit written in the cell wins over the
 * row's or column's (`statedUnit`); a bare number takes the stated one, else the catalogue's.
 */
export function readValue(v: CellValue, entry: WorkbookIndicator, statedUnit: string | null, normalise: (s: string) => string = (s) => s): ReadValue {
  if (v === null || v === undefined) return { kind: 'missing' };
  let amount: number;
  let unit = statedUnit;
  let raw = String(v);
  if (typeof v === 'number') {
    amount = v;
  } else if (typeof v === 'string') {
    raw = shortText(v);
    const s = compact(normalise(raw));
    if (s === '' || MISSING.test(s)) return { kind: 'missing' };
    // Thousands separators: 2,640 and 1,234,567.8 (a comma elsewhere is no number).
    const t = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?/.test(s) ? s.replace(/,(?=\d{3}(\D|$))/g, '') : s;
    const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:E[+-]?\d+)?)(.*)$/i.exec(t);
    if (!m) return { kind: 'bad', code: 'INDICATOR_BAD_VALUE', message: `“${raw}”不是数值（指标“${entry.name}”以${entry.unit}计）` };
    amount = Number(m[1]);
    if (m[2]) unit = m[2];
  } else {
    return { kind: 'bad', code: 'INDICATOR_BAD_VALUE', message: `“${v instanceof Date ? '日期' : raw}”不是数值（指标“${entry.name}”以${entry.unit}计）` };
  }
  if (!Number.isFinite(amount)) return { kind: 'bad', code: 'INDICATOR_BAD_VALUE', message: `“${raw}”不是有限的数值` };
  const c = convert(amount, unit, entry);
  if (!c.ok) return { kind: 'bad', code: c.code, message: c.message };
  if (c.value < 0 && entry.nonNegative !== false) return { kind: 'bad', code: 'INDICATOR_NEGATIVE', message: `指标“${entry.name}”不能为负数（${raw}）` };
  return { kind: 'ok', value: c.value };
}

/** A header cell naming a year: 2019, 2019年, 2019年度, 2023年（快报）. `final` when it says so, null when silent. */
export function yearOf(v: CellValue): { year: number; final: boolean | null } | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 1900 && v <= 2200 ? { year: v, final: null } : null;
  if (typeof v !== 'string') return null;
  const m = /^(\d{4})(?:年度?)?(?:\(?(快报|初步|初步核算|预计|预估|年报|正式|终审|最终|核定)数?\)?)?$/.exec(compact(v));
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1900 || year > 2200) return null;
  return { year, final: m[2] ? /年报|正式|终审|最终|核定/.test(m[2]) : null };
}

// ── the sheet ──────────────────────────────────────────────────────────────────────────────────

const HEADER_SCAN_ROWS = 15;
const NOTE_ROW = /^(注|备注|说明|填表说明|附注|数据来源|资料来源)[:：\s\d.、]/;
const SIGNATURE = /(填表人|填报人|联系电话|审核人|制表人|负责人|单位盖章|统计负责人)[:：]?/;
const NAME_LABEL = /^(指标名称|指标|指标项|指标项目|项目|名称|主要指标|统计指标|指标内容)(\\.*|\/.*)?$/;
const UNIT_LABEL = /^(计量)?单位$/;
const YEAR_LABEL = /^(年份|年度|年|时间|统计年度|指标\\?年份|年份\\?指标)$/;
const MONEY_NOTE = /(?:金额|资金)?单位[:：]\s*(亿元|万元|千元|元)/;

const looksNumeric = (v: CellValue) => typeof v === 'number' || (typeof v === 'string' && /^[+-]?\.?\d/.test(compact(v)));
const texts = (row: CellValue[]) => [...new Set(row.map((c) => shortText(c)).filter(Boolean))];
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

/** The county: the one the user named, else the one 填报单位 names, else the title's. */
function countyOf(grid: Grid, header: number, opts: IndicatorParseOptions, problems: WorkbookProblem[]): { county: CountyRef | null; text: string | null; cell: string | null } {
  const counties = opts.counties ?? [];
  const normalise = opts.normalise ?? ((s: string) => s);
  type Found = { text: string; cell: string };
  let filler: Found | undefined;
  let title: Found | undefined;
  for (let r = 0; r < grid.rows.length; r++) {
    const row = grid.rows[r] ?? [];
    for (let col = 0; col < row.length && !filler; col++) {
      const c = row[col];
      if (typeof c !== 'string') continue;
      const m = /填报(?:单位|部门)(?:[(（][^)）]*[)）])?[:：]\s*([^\s:：]+?)(?=\s|填报|日期|时间|$)/.exec(normalise(c).replace(/\u3000/g, ' '));
      if (m) filler = { text: m[1], cell: cellAddress(r, col) };
    }
    if (!title && r < header) {
      const t = texts(row);
      if (t.length === 1 && !/^填报/.test(t[0])) {
        title = {
          text: t[0],
          cell: cellAddress(
            r,
            row.findIndex((c) => shortText(c) === t[0]),
          ),
        };
      }
    }
  }
  const found = [filler, title].filter((x): x is Found => x !== undefined);
  const text = found[0]?.text ?? null;
  if (opts.county) {
    const given = counties.find((c) => c.code === opts.county);
    if (!given) problems.push({ cell: 'county', code: 'INDICATOR_UNKNOWN_COUNTY', message: `区划代码 ${opts.county} 不是已登记的县（区）` });
    return { county: given ? { code: given.code, name: given.name } : null, text, cell: 'county' };
  }
  const byLength = [...counties].sort((a, b) => b.name.length - a.name.length);
  for (const f of found) {
    const t = normalise(f.text);
    let hit: { county: CountyRef; at: number } | null = null;
    for (const c of byLength) {
      const short = c.name.replace(/(县|区|市|自治县)$/, '');
      const at = [t.indexOf(c.name), short.length >= 2 ? t.indexOf(short) : -1].filter((i) => i >= 0).sort((a, b) => a - b)[0];
      if (at !== undefined && (!hit || at < hit.at)) hit = { county: c, at };
    }
    if (hit) return { county: { code: hit.county.code, name: hit.county.name }, text, cell: f.cell };
  }
  const at = found[0];
  problems.push({
    cell: at?.cell ?? 'A1',
    code: 'INDICATOR_NO_COUNTY',
    message: at ? `无法从“${at.text}”确定填报的县（区），请指定县（区）` : '表中没有填报单位，也无法从标题确定县（区），请指定县（区）',
  });
  return { county: null, text, cell: at?.cell ?? null };
}

/** Years the notes call 快报 (preliminary); when some are, the others are final. */
function preliminaryYears(grid: Grid): Set<number> {
  const out = new Set<number>();
  for (const row of grid.rows) {
    for (const t of texts(row)) {
      for (const m of compact(t).matchAll(/(\d{4})年度?(?:数据|数字|数)?(?:为|是|系|均为)?(快报|初步|预计)/g)) out.add(Number(m[1]));
    }
  }
  return out;
}

function moneyUnitOf(grid: Grid, header: number): string | null {
  for (let r = 0; r < grid.rows.length; r++) {
    if (r === header) continue;
    for (const t of texts(grid.rows[r] ?? [])) {
      const m = MONEY_NOTE.exec(asciiOf(t));
      if (m) return m[1];
    }
  }
  return null;
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
