import type { Category, ItemStatus } from './items.js';
import { LIMITS } from './common.js';
import {
  cellText,
  halfWidth,
  looksLikeHeading,
  parseCategory,
  parseDeadline,
  parseFunding,
  parseStatus,
  shortText,
  splitUnits,
  stripHeadingDecor,
  unitOfWord,
  type CellValue,
  type FundingUnit,
} from './ledger-values.js';
import { totalRowOf } from './ledger-totals.js';

export { countOf, totalRowOf, type TotalRow } from './ledger-totals.js';

/**
 * The ledger parser: a grid of cells (one sheet, merges already filled in by the reader) → the items it
 * holds and every cell it could not read. It knows the family of office ledgers, not one template.
 */

export interface Grid {
  name: string;
  /** rows[r][c] is the cell at Excel row r+1, column c+1. */
  rows: CellValue[][];
}

export const LEDGER_FIELDS = ['seq', 'title', 'content', 'category', 'domain', 'leadUnit', 'coUnits', 'deadline', 'funding', 'progress', 'status', 'responsible'] as const;
export type LedgerField = (typeof LEDGER_FIELDS)[number];

/** Header words per field, compared after white space and any parenthesised note are removed. */
export const HEADER_SYNONYMS: Record<LedgerField, string[]> = {
  seq: ['序号', '编号', '序'],
  title: ['事项名称', '事项', '议定事项', '任务名称', '项目名称', '会商事项', '名称', '工作任务', '重点任务', '具体事项', '合作事项', '任务'],
  content: ['主要内容', '主要内容及目标', '目标任务', '工作内容', '具体内容', '内容', '主要目标', '事项内容', '目标', '工作目标', '建设内容'],
  category: ['类别', '事项类别', '类型', '事项类型'],
  domain: ['领域', '所属领域', '行业领域'],
  leadUnit: ['牵头单位', '责任单位', '牵头部门', '主责单位', '牵头责任单位'],
  coUnits: ['配合单位', '协办单位', '参与单位', '配合部门', '协同单位', '协助单位', '协作单位'],
  deadline: ['完成时限', '完成时间', '时限要求', '时限', '完成期限', '计划完成时间', '截止时间', '完成时间节点'],
  funding: ['支持资金', '资金', '金额', '支持金额', '资金额度', '资金支持'],
  progress: ['进展情况', '推进情况', '当前进展', '进展', '工作进展'],
  status: ['完成情况', '推进状态', '状态', '事项状态', '完成状态', '进展状态', '办理状态', '是否完成'],
  responsible: ['责任人', '联系人'],
};

export const FIELD_LABEL: Record<LedgerField, string> = {
  seq: '序号',
  title: '事项名称',
  content: '主要内容',
  category: '类别',
  domain: '领域',
  leadUnit: '牵头单位',
  coUnits: '配合单位',
  deadline: '完成时限',
  funding: '支持资金',
  progress: '进展情况',
  status: '完成情况',
  responsible: '责任人',
};

export type ColumnMap = Partial<Record<LedgerField, number>>;

export interface LedgerProblem {
  cell: string;
  code: string;
  message: string;
}

/** One ledger row as it would be stored. */
export interface LedgerItem {
  row: number;
  category: Category | null;
  title: string;
  content: string;
  domain: string | null;
  leadUnit: string | null;
  coUnits: string[];
  deadline: string | null;
  ongoing: boolean;
  fundingWan: number | null;
  status: ItemStatus | null;
  progressNote: string | null;
  responsible: string;
  /** Fields whose cell could not be read: an update leaves them as they are. */
  unread: LedgerField[];
}

export interface ParsedLedger {
  sheet: string;
  headerRow: number;
  columns: ColumnMap;
  /** Header text per column (1-based Excel letters in the presentation layer). */
  headers: string[];
  ledgerYear: number | null;
  fundingUnit: FundingUnit;
  items: LedgerItem[];
  /** Rows the parser leaves out by itself, each with the reason shown in the preview (blank, heading and header rows are not listed). */
  skippedRows: LedgerSkippedRow[];
  problems: LedgerProblem[];
}

export const LEDGER_SKIP_KINDS = ['total', 'subtotal'] as const;
export type LedgerSkipKind = (typeof LEDGER_SKIP_KINDS)[number];

export interface LedgerSkippedRow {
  row: number;
  kind: LedgerSkipKind;
  reason: string;
}

export interface ParseOptions {
  /** The consultation's year, used when the title names none. */
  defaultYear?: number | null;
  /** Forced column positions (0-based), e.g. from the preview's mapping controls. */
  columns?: Partial<Record<LedgerField, number | null>>;
  /** Category per Excel row number, overriding headings and the category column; on a heading row, for its section. */
  categories?: Record<number, Category>;
  /** Applied to headers, categories, statuses, units and domains before matching (e.g. traditional → simplified); titles and text stay as typed. */
  normalise?: (s: string) => string;
}

/** 0 → A, 25 → Z, 26 → AA */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export const cellAddress = (rowIndex: number, colIndex: number) => `${columnLetter(colIndex)}${rowIndex + 1}`;
const rowOfCell = (cell: string) => Number(/\d+$/.exec(cell)?.[0] ?? 0);

const HEADER_SCAN_ROWS = 10;

function headerKey(s: string): { key: string; unit: FundingUnit | null } {
  const t = halfWidth(s).replace(/\s+/g, '');
  const paren = /[（(]([^）)]*)[)）]/.exec(t);
  const unitWord = paren ? /(亿元|万元|元)/.exec(paren[1]) : null;
  return { key: t.replace(/[（(][^）)]*[)）]/g, '').replace(/[:：*＊]/g, ''), unit: unitWord ? unitOfWord(unitWord[1]) : null };
}

/** The fields a header row names, by column; the first column naming a field wins. */
export function matchHeader(row: CellValue[], normalise: (s: string) => string = (s) => s): { columns: ColumnMap; fundingUnit: FundingUnit | null } {
  const columns: ColumnMap = {};
  let fundingUnit: FundingUnit | null = null;
  const keys = row.map((cell) => (typeof cell === 'string' ? headerKey(normalise(cell)) : null));
  const assign = (field: LedgerField, c: number) => {
    columns[field] = c;
    if (field === 'funding' && keys[c]!.unit) fundingUnit = keys[c]!.unit;
  };
  const taken = new Set<number>();
  // Exact words first; then a header that contains a longer synonym ("计划完成时间", "市级支持资金").
  keys.forEach((k, c) => {
    if (!k || !k.key || k.key.length > 12) return;
    const field = LEDGER_FIELDS.find((f) => columns[f] === undefined && HEADER_SYNONYMS[f].includes(k.key));
    if (field) {
      assign(field, c);
      taken.add(c);
    }
  });
  keys.forEach((k, c) => {
    if (!k || !k.key || taken.has(c) || k.key.length > 16) return;
    const field = LEDGER_FIELDS.find((f) => columns[f] === undefined && HEADER_SYNONYMS[f].some((w) => w.length >= 3 && k.key.includes(w)));
    if (field) assign(field, c);
  });
  return { columns, fundingUnit };
}

/** Where the header is: the row among the first ten naming the most fields, with a title column. */
export function findHeader(grid: Grid, normalise?: (s: string) => string): { row: number; columns: ColumnMap; fundingUnit: FundingUnit | null } | null {
  let best: { row: number; columns: ColumnMap; fundingUnit: FundingUnit | null; score: number } | null = null;
  for (let r = 0; r < Math.min(HEADER_SCAN_ROWS, grid.rows.length); r++) {
    const m = matchHeader(grid.rows[r] ?? [], normalise);
    const score = Object.keys(m.columns).length;
    if (m.columns.title === undefined || score < 3) continue;
    if (!best || score > best.score) best = { row: r, ...m, score };
  }
  return best;
}

/** How much a sheet looks like a ledger: header fields named plus rows under it with a title. */
export function ledgerScore(grid: Grid, normalise?: (s: string) => string): number {
  const h = findHeader(grid, normalise);
  if (!h) return 0;
  let rows = 0;
  for (let r = h.row + 1; r < grid.rows.length; r++) {
    if (shortText(grid.rows[r]?.[h.columns.title!] ?? null)) rows++;
  }
  return Object.keys(h.columns).length * 1000 + rows;
}

const NOTE_ROW = /^(注|备注|说明|填表说明|附注)[:：\s0-9１-９.、]/;
const SIGNATURE = /(填表人|联系电话|审核人|制表人|填报人|负责人签字|单位盖章)[:：]?/;
/** A bare category name used as a heading, without an ordinal in front. */
const CATEGORY_HEADING = /^(市局|局县|市县)?(直接支持|共同推动|共同争取|推动|争取)(类)?(事项)?(类)?$/;
const ORDINAL_ONLY = /^([一二三四五六七八九十]+[、.]?|[（(][一二三四五六七八九十]+[)）])$/;
const FUNDING_NOTE = /(?:资金|金额)?单位[:：]\s*(亿元|万元|元)/;

function distinctTexts(row: CellValue[]): string[] {
  return [...new Set(row.map((c) => shortText(c)).filter(Boolean))];
}

/** The ledger's year: from the title lines above the header, else the consultation, else the fill-in date. */
export function ledgerYearOf(grid: Grid, headerRow: number, defaultYear: number | null): number | null {
  let filled: number | null = null;
  for (let r = 0; r < headerRow; r++) {
    for (const text of distinctTexts(grid.rows[r] ?? [])) {
      const t = halfWidth(text);
      const fill = /(填报|报送|制表)(日期|时间)[:：]?\s*(\d{4})/.exec(t);
      if (fill) filled ??= Number(fill[3]);
      const title = /(\d{4})\s*年度?/.exec(t.replace(/(填报|报送|制表)(日期|时间)[:：]?\s*\d{4}[^\s]*/g, ''));
      if (title) return Number(title[1]);
    }
  }
  return defaultYear ?? filled;
}

function fundingUnitOf(grid: Grid, headerUnit: FundingUnit | null, normalise: (s: string) => string): FundingUnit {
  if (headerUnit) return headerUnit;
  for (const row of grid.rows) {
    for (const text of distinctTexts(row)) {
      // 单位 and its traditional form 單位 both hold 位: other cells need no conversion.
      if (!text.includes('位')) continue;
      const m = FUNDING_NOTE.exec(normalise(halfWidth(text)));
      if (m) return unitOfWord(m[1]) ?? 'wan';
    }
  }
  return 'wan';
}

/** Parses one sheet that holds a ledger; `null` when no header can be found. */
export function parseLedger(grid: Grid, opts: ParseOptions = {}): ParsedLedger | null {
  const normalise = opts.normalise ?? ((s: string) => s);
  const found = findHeader(grid, normalise);
  if (!found) return null;
  const columns: ColumnMap = { ...found.columns };
  for (const [field, col] of Object.entries(opts.columns ?? {}) as [LedgerField, number | null][]) {
    if (col === null) delete columns[field];
    else columns[field] = col;
  }
  const headerRow = found.row;
  const ledgerYear = ledgerYearOf(grid, headerRow, opts.defaultYear ?? null);
  const fundingUnit = fundingUnitOf(grid, found.fundingUnit, normalise);
  const problems: LedgerProblem[] = [];
  const items: LedgerItem[] = [];
  const skippedRows: LedgerSkippedRow[] = [];
  /** Totals that state a count, checked against the items once the sheet is read. */
  const totals: { cell: string; word: string; stated: number }[] = [];
  let section: Category | null = null;
  /** Index in `items` where the current section (for 小计) began: after its heading or the previous 小计. */
  let sectionStart = 0;
  const at = (field: LedgerField, r: number) => cellAddress(r, columns[field] ?? 0);

  for (let r = headerRow + 1; r < grid.rows.length; r++) {
    const row = grid.rows[r] ?? [];
    const get = (field: LedgerField): CellValue => (columns[field] === undefined ? null : (row[columns[field]] ?? null));
    const allTexts = distinctTexts(row);
    if (!allTexts.length) continue;
    // An ordinal alone in the 序号 column ("一", "（二）") belongs to the heading beside it.
    const ordinal = allTexts.length > 1 ? allTexts.find((t) => ORDINAL_ONLY.test(halfWidth(t))) : undefined;
    const texts = ordinal ? allTexts.filter((t) => t !== ordinal) : allTexts;
    const joined = normalise(halfWidth(texts.join(' ')));
    const total = totalRowOf(row, columns, normalise);
    if (total) {
      skippedRows.push({ row: r + 1, kind: total.kind, reason: `${total.word}行，不是事项` });
      if (total.stated) {
        const cell = cellAddress(r, total.stated.column);
        if (total.kind === 'subtotal') {
          const inSection = items.length - sectionStart;
          if (total.stated.count !== inSection) {
            problems.push({ cell, code: 'LEDGER_TOTAL_MISMATCH', message: `${total.word}行写明 ${total.stated.count} 项，但本组有 ${inSection} 个事项，请核对` });
          }
        } else totals.push({ cell, word: total.word, stated: total.stated.count });
      }
      if (total.kind === 'subtotal') sectionStart = items.length;
      continue;
    }
    if (NOTE_ROW.test(joined) || SIGNATURE.test(joined)) continue;
    const title = shortText(get('title'));
    const seqText = shortText(get('seq'));
    // A section heading: one text across the row (merged or in a single cell), naming a category.
    if (texts.length === 1 && (!title || title === texts[0] || seqText === texts[0] || (ordinal !== undefined && seqText === ordinal))) {
      const heading = normalise(texts[0]);
      // A category given for a heading row applies to its whole section.
      const category = opts.categories?.[r + 1] ?? parseCategory(heading);
      if (category && (ordinal || looksLikeHeading(heading) || CATEGORY_HEADING.test(stripHeadingDecor(heading)))) {
        section = category;
        sectionStart = items.length;
        continue;
      }
      if (ordinal || looksLikeHeading(heading)) {
        section = null;
        sectionStart = items.length;
        problems.push({
          cell: cellAddress(
            r,
            row.findIndex((c) => shortText(c) === texts[0]),
          ),
          code: 'LEDGER_UNKNOWN_SECTION',
          message: `无法识别的分组标题“${texts[0]}”，其下事项须指定类别`,
        });
        continue;
      }
    }
    if (!title) {
      problems.push({ cell: at('title', r), code: 'LEDGER_TITLE_MISSING', message: '该行有内容但缺少事项名称，未导入' });
      continue;
    }
    const unread: LedgerField[] = [];
    const problem = (field: LedgerField, code: string, message: string) => {
      unread.push(field);
      problems.push({ cell: at(field, r), code, message });
    };

    let category: Category | null = opts.categories?.[r + 1] ?? null;
    if (!category && columns.category !== undefined && shortText(get('category'))) {
      category = parseCategory(normalise(shortText(get('category'))));
      if (!category) problem('category', 'LEDGER_BAD_CATEGORY', `无法识别的类别“${shortText(get('category'))}”`);
    }
    category ??= section;
    if (!category && !unread.includes('category')) problem('category', 'LEDGER_CATEGORY_MISSING', '无法确定事项类别（没有分组标题或类别列），须指定类别');

    if (title.length > LIMITS.titleMax) problem('title', 'LEDGER_TEXT_TOO_LONG', `事项名称超过 ${LIMITS.titleMax} 字`);
    const content = cellText(get('content'));
    if (content.length > LIMITS.contentMax) problem('content', 'LEDGER_TEXT_TOO_LONG', `主要内容超过 ${LIMITS.contentMax} 字`);

    const norm = (v: CellValue) => (typeof v === 'string' ? normalise(v) : v);
    const deadline = parseDeadline(norm(get('deadline')), ledgerYear);
    if (!deadline.ok) problem('deadline', deadline.code, deadline.message);
    const funding = parseFunding(norm(get('funding')), fundingUnit);
    if (!funding.ok) problem('funding', funding.code, funding.message);

    const leadNames = splitUnits(normalise(cellText(get('leadUnit'))));
    const coNames = splitUnits(normalise(cellText(get('coUnits'))));
    // A second name in the lead cell cooperates; the first leads.
    const coUnits = [...new Set([...leadNames.slice(1), ...coNames])].filter((n) => n !== leadNames[0]);
    const tooLong = [...leadNames, ...coUnits].find((n) => n.length > LIMITS.nameMax);
    if (tooLong) problem(leadNames.includes(tooLong) ? 'leadUnit' : 'coUnits', 'LEDGER_TEXT_TOO_LONG', `单位名称“${tooLong.slice(0, 20)}…”过长`);
    if (coUnits.length > LIMITS.coUnitsMax) problem('coUnits', 'LEDGER_TOO_MANY_UNITS', `配合单位超过 ${LIMITS.coUnitsMax} 个`);

    const progressText = cellText(get('progress'));
    const statusText = shortText(get('status'));
    let status = statusText ? parseStatus(normalise(statusText)) : null;
    const notes: string[] = [];
    if (progressText) {
      // A progress cell holding only a status word says the status, not progress.
      const fromProgress = parseStatus(normalise(progressText));
      if (fromProgress && !statusText) status = fromProgress;
      else notes.push(progressText);
    }
    if (statusText && !status) notes.push(statusText);
    const domain = normalise(shortText(get('domain')));

    items.push({
      row: r + 1,
      category,
      title,
      content,
      domain: domain || null,
      leadUnit: leadNames[0] ?? null,
      coUnits: coUnits.slice(0, LIMITS.coUnitsMax),
      deadline: deadline.ok ? deadline.deadline : null,
      ongoing: deadline.ok ? deadline.ongoing : false,
      fundingWan: funding.ok ? funding.fundingWan : null,
      status,
      progressNote: notes.length ? notes.join('\n') : null,
      responsible: normalise(shortText(get('responsible'))).slice(0, LIMITS.shortTextMax),
      unread,
    });
  }
  for (const t of totals) {
    if (t.stated === items.length) continue;
    problems.push({ cell: t.cell, code: 'LEDGER_TOTAL_MISMATCH', message: `${t.word}行写明 ${t.stated} 项，但本表有 ${items.length} 个事项，请核对` });
  }
  // Problems in sheet order, as the rows they name.
  problems.sort((a, b) => rowOfCell(a.cell) - rowOfCell(b.cell));
  const headers = (grid.rows[headerRow] ?? []).map((c) => shortText(c));
  return { sheet: grid.name, headerRow: headerRow + 1, columns, headers, ledgerYear, fundingUnit, items, skippedRows, problems };
}

/** The sheet that holds the ledger: the one named, or the most ledger-like; null when none looks like one. */
export function chooseSheet(grids: Grid[], named?: string, normalise?: (s: string) => string): Grid | null {
  if (named) return grids.find((g) => g.name === named) ?? null;
  let best: { grid: Grid; score: number } | null = null;
  for (const grid of grids) {
    const score = ledgerScore(grid, normalise);
    if (score > 0 && (!best || score > best.score)) best = { grid, score };
  }
  return best?.grid ?? null;
}
