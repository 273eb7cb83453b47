import ExcelJS from 'exceljs';
import type { Comparison, Indicator } from '../../../domain/indicators.js';
import { averageGrowthPct, isRatio } from '../../../domain/indicators.js';
import { parseIndicatorWorkbook, PROBLEM_ERROR, type CountyRef, type ParsedIndicatorWorkbook, type WorkbookProblem } from '../../../domain/indicator-workbook.js';
import type { IndicatorImportPreview, IndicatorImportResult } from '../../../domain/indicator-workbook.endpoints.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { readWorkbook, simplify } from '../ledger/ledger.reader.js';
import { ledgerLimits } from '../ledger/ledger.service.js';
// The indicators backend this module stands on: the catalogue, the scope of counties, the batch
// commit and the analyses. Every use of it is in this file, so a move there is one edit here.
import { comparison, countyValues } from './indicators.analysis.js';
import * as repo from './indicators.repo.js';
import { countyByCode, mayEnter } from './indicators.scope.js';
import { importIndicatorValues } from './indicators.sheets.js';

/**
 * The county's yearly indicator workbook on the server: bytes → the parse (through the ledger's
 * reader: the same size, zip and row checks), its preview for the caller, the
 * all-or-nothing commit; and the two exports, a county's table and the comparison of counties.
 */

/** Every county with a GB/T 2260 code: a file may name any of them, whether the caller may import it or not. */
export async function allCounties(db: Db | Tx): Promise<(CountyRef & { id: number })[]> {
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'name', 'division_code'])
    .where('kind', '=', 'county')
    .where('division_code', 'is not', null)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.division_code!, name: r.name }));
}

export const currentYearOf = (deps: Deps) => Number(deps.clock.today().slice(0, 4));

export interface ParseFileOptions {
  county?: string | null;
  sheet?: string;
  onProgress?: (done: number, total: number) => void;
}

/** Bytes → the parse against the live catalogue and the organisations' counties; nothing is written. Throws for a file that is no workbook. */
export async function parseIndicatorFile(deps: Deps, buffer: Buffer, opts: ParseFileOptions = {}): Promise<{ parsed: ParsedIndicatorWorkbook; sheets: string[] }> {
  const wb = await readWorkbook(buffer, await ledgerLimits(deps), opts.onProgress);
  const [catalogue, counties] = [await repo.catalogue(deps.db, { activeOnly: true }), await allCounties(deps.db)];
  const parsed = parseIndicatorWorkbook(wb.grids, catalogue, {
    counties,
    county: opts.county ?? null,
    currentYear: currentYearOf(deps),
    sheet: opts.sheet,
    normalise: simplify,
  });
  return { parsed, sheets: wb.sheetNames };
}

type Skipped = IndicatorImportPreview['skipped'][number];

/**
 * What the caller's own position adds to the file: a county they may not enter figures for is a
 * problem; years whose sheet is already submitted or accepted are skipped, never overwritten (a
 * county re-imports its whole workbook each year to add the new column), and counted where the
 * file differs from them, so a correction goes to the bureau. A file with nothing but such years
 * is refused.
 */
async function callerPosition(deps: Deps, actor: Actor, parsed: ParsedIndicatorWorkbook): Promise<{ problems: WorkbookProblem[]; skipped: Skipped[] }> {
  if (!parsed.county) return { problems: [], skipped: [] };
  const at = parsed.countyCell ?? 'county';
  const scoped = await countyByCode(deps.db, actor, parsed.county.code).catch(() => null);
  if (!scoped || !(await mayEnter(deps.db, actor, scoped))) {
    return { problems: [{ cell: at, code: 'INDICATOR_COUNTY_FORBIDDEN', message: `只有${parsed.county.name}的联络员可以导入${parsed.county.name}的指标` }], skipped: [] };
  }
  const skipped: Skipped[] = [];
  for (const { year, cell } of parsed.yearCells) {
    const sheet = await repo.sheetOf(deps.db, scoped.id, year);
    if (!sheet || sheet.status === 'draft' || sheet.status === 'returned') continue;
    const onSheet = new Map((await repo.enteredValues(deps.db, sheet.id)).map((v) => [v.indicator_code, v.value === null ? null : Number(v.value)]));
    const differing = parsed.values.filter((v) => v.year === year && onSheet.get(v.indicator) !== v.value).length;
    skipped.push({ year, cell, status: sheet.status as 'submitted' | 'accepted', differing });
  }
  const open = parsed.values.some((v) => !skipped.some((k) => k.year === v.year));
  const problems: WorkbookProblem[] = open
    ? []
    : skipped.map(({ year, cell, status }) => ({
        cell,
        code: 'INDICATOR_YEAR_LOCKED',
        message: `${parsed.county!.name}${year}年的指标${status === 'submitted' ? '已提交审核' : '已审核通过'}，不能再导入`,
      }));
  return { problems, skipped: open ? skipped : [] };
}

function previewOf(filename: string, sheets: string[], parsed: ParsedIndicatorWorkbook, position: { problems: WorkbookProblem[]; skipped: Skipped[] }): IndicatorImportPreview {
  const problems = [...parsed.problems, ...position.problems];
  return {
    filename,
    sheet: parsed.sheet,
    sheets,
    orientation: parsed.orientation,
    headerRow: parsed.headerRow,
    county: parsed.county,
    countyText: parsed.countyText,
    years: parsed.years,
    indicators: parsed.indicators,
    values: parsed.values,
    skipped: position.skipped,
    problems,
    blocked: problems.length > 0 || parsed.values.length === 0 || !parsed.county,
  };
}

export async function previewIndicatorImport(deps: Deps, actor: Actor, file: { filename: string; buffer: Buffer }, opts: ParseFileOptions = {}): Promise<IndicatorImportPreview> {
  const { parsed, sheets } = await parseIndicatorFile(deps, file.buffer, opts);
  if (parsed.problems.some((p) => p.code === 'INDICATOR_NO_TABLE')) throw refusal(parsed.problems);
  return previewOf(file.filename, sheets, parsed, await callerPosition(deps, actor, parsed));
}

/** The refusal of a commit: the first problem's error, its cell in the message, every problem in the details. */
export function refusal(problems: WorkbookProblem[]): AppError {
  const first = problems[0];
  const more = problems.length > 1 ? `（共 ${problems.length} 处问题）` : '';
  return new AppError(
    PROBLEM_ERROR[first.code],
    `${first.cell === 'county' ? '' : `${first.cell}：`}${first.message}${more}，未写入任何数据`,
    problems.map((p) => ({ field: p.cell, code: p.code, message: p.message })),
  );
}

/**
 * Reads the file again and writes its figures all or nothing: any problem refuses the whole file
 * (4xx, the cell named) and nothing is written; the batch then goes through the indicators service
 * in one transaction.
 */
export async function commitIndicatorImport(
  deps: Deps,
  ctx: RequestContext,
  file: { filename: string; buffer: Buffer },
  opts: ParseFileOptions = {},
): Promise<IndicatorImportResult> {
  const { parsed } = await parseIndicatorFile(deps, file.buffer, opts);
  const position = await callerPosition(deps, ctx.actor, parsed);
  const problems = [...parsed.problems, ...position.problems];
  if (problems.length) throw refusal(problems);
  if (!parsed.values.length) throw new AppError('UNPROCESSABLE', '工作簿中没有可导入的指标数值，未写入任何数据');
  const county = parsed.county!;
  const skipped = new Set(position.skipped.map((k) => k.year));
  const done = await importIndicatorValues(deps, ctx, {
    divisionCode: county.code,
    values: parsed.values.filter((v) => !skipped.has(v.year)).map(({ indicator, year, value, final }) => ({ indicator, year, value, final })),
  });
  return { county, years: done.years, written: done.values, skipped: [...skipped] };
}

// ── export ─────────────────────────────────────────────────────────────────────────────────────

const FONT = 'SimSun';
/** Ideographic spaces between the parts of an info line, as offices type them. */
const GAP = '\u3000'.repeat(4);
const thin = { style: 'thin' as const };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };
const HEADER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFD9E1F2' } };

type CatalogueLine = Pick<Indicator, 'code' | 'name' | 'unit'> & Partial<Pick<Indicator, 'direction'>>;

/** A number format for a row of figures: whole numbers with separators, else two decimals (four for small ratios). */
function numFmtOf(values: (number | null)[]): string {
  const known = values.filter((v): v is number => v !== null);
  if (known.every((v) => Number.isInteger(v))) return '#,##0';
  if (known.every((v) => Math.abs(v) < 10)) return '0.00##';
  return '#,##0.00';
}

function styleHeader(row: ExcelJS.Row) {
  row.height = 30;
  row.eachCell((cell) => {
    cell.font = { name: FONT, size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
    cell.fill = HEADER_FILL;
  });
}

function styleBody(row: ExcelJS.Row, textColumns: number) {
  row.eachCell({ includeEmpty: true }, (cell, col) => {
    cell.font = { name: FONT, size: 10.5 };
    cell.border = BORDER;
    cell.alignment = { vertical: 'middle', horizontal: col <= textColumns && col !== 1 ? 'left' : col === 1 ? 'center' : 'right' };
  });
}

function titleRows(ws: ExcelJS.Worksheet, width: number, title: string, info: string) {
  const t = ws.addRow([title]);
  ws.mergeCells(t.number, 1, t.number, width);
  t.height = 30;
  t.getCell(1).font = { name: FONT, size: 16, bold: true };
  t.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  const i = ws.addRow([info]);
  ws.mergeCells(i.number, 1, i.number, width);
  i.getCell(1).font = { name: FONT, size: 11 };
  ws.addRow([]);
}

const pageSetup = (headerRows: string): Partial<ExcelJS.PageSetup> => ({
  paperSize: 9,
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  horizontalCentered: true,
  printTitlesRow: headerRows,
});

export interface CountyTableInput {
  county: { name: string; divisionCode: string };
  indicators: CatalogueLine[];
  data: { indicator: string; year: number; value: number | null; growthPct: number | null; changePp: number | null; final: boolean }[];
  /** YYYY-MM-DD */
  exportedOn: string;
}

/**
 * A county's figures as the offices' own form: indicators as rows, years as columns, the unit beside
 * each name, then the latest year's growth (and the change in percentage points for ratios) and the
 * average annual growth; a second sheet has the growth of every year. Figures are number cells in the
 * catalogue's unit; preliminary ones carry a cell note. The first sheet reads back through the import.
 */
export async function countyTableWorkbook(input: CountyTableInput): Promise<Buffer> {
  const years = [...new Set(input.data.map((d) => d.year))].sort((a, b) => a - b);
  const at = new Map(input.data.map((d) => [`${d.indicator}|${d.year}`, d]));
  const wb = new ExcelJS.Workbook();
  wb.creator = '会商';
  const last = years[years.length - 1];
  const span = years.length ? (years.length > 1 ? `${years[0]}—${last}年` : `${last}年`) : '暂无已审核数据';
  const width = 3 + years.length + 3;
  const ws = wb.addWorksheet('主要科技指标', { pageSetup: pageSetup('4:4'), views: [{ state: 'frozen', ySplit: 4, xSplit: 2 }] });
  ws.columns = [{ width: 6 }, { width: 30 }, { width: 14 }, ...years.map(() => ({ width: 13 })), { width: 15 }, { width: 15 }, { width: 13 }];
  titleRows(ws, width, `${input.county.name}${span}县域科技创新主要指标`, `区划代码：${input.county.divisionCode}${GAP}导出日期：${input.exportedOn}${GAP}数据：已审核`);
  const header = ws.addRow([
    '序号',
    '指标名称',
    '单位',
    ...years.map((y) => `${y}年`),
    last ? `${last}年较上年增长（%）` : '较上年增长（%）',
    last ? `${last}年较上年变化（百分点）` : '较上年变化（百分点）',
    '年均增长（%）',
  ]);
  styleHeader(header);
  let n = 0;
  let preliminary = false;
  for (const ind of input.indicators) {
    const series = years.map((year) => ({ year, value: at.get(`${ind.code}|${year}`)?.value ?? null }));
    const latest = last ? at.get(`${ind.code}|${last}`) : undefined;
    const row = ws.addRow([
      ++n,
      ind.name,
      ind.unit,
      ...series.map((s) => s.value),
      latest?.growthPct ?? null,
      isRatio(ind.unit) ? (latest?.changePp ?? null) : null,
      averageGrowthPct(series),
    ]);
    styleBody(row, 3);
    const fmt = numFmtOf(series.map((s) => s.value));
    years.forEach((year, i) => {
      const cell = row.getCell(4 + i);
      cell.numFmt = fmt;
      if (at.get(`${ind.code}|${year}`)?.final === false && cell.value !== null) {
        cell.note = '快报（初步）数';
        preliminary = true;
      }
    });
    for (let c = 4 + years.length; c <= width; c++) row.getCell(c).numFmt = '0.00';
  }
  const note = ws.addRow([
    `注：增长为较上年的相对增长；比率类指标（%）另列百分点变化；年均增长为首末年之间的复合增长率。${preliminary ? '带批注的数值为快报（初步）数，以年报为准。' : ''}`,
  ]);
  ws.mergeCells(note.number, 1, note.number, width);
  note.getCell(1).font = { name: FONT, size: 10 };
  note.getCell(1).alignment = { wrapText: true };
  note.height = 30;

  const g = wb.addWorksheet('逐年增长', { pageSetup: pageSetup('4:4') });
  const later = years.slice(1);
  g.columns = [{ width: 6 }, { width: 30 }, { width: 14 }, ...later.map(() => ({ width: 13 }))];
  titleRows(g, Math.max(3, 3 + later.length), `${input.county.name}各指标逐年增长`, '增长：较上年的相对增长（%）；比率类指标另列较上年的百分点变化');
  styleHeader(g.addRow(['序号', '指标名称', '口径', ...later.map((y) => `${y}年较上年`)]));
  n = 0;
  for (const ind of input.indicators) {
    const lines: [string, (d: CountyTableInput['data'][number] | undefined) => number | null][] = [['增长（%）', (d) => d?.growthPct ?? null]];
    if (isRatio(ind.unit)) lines.push(['变化（百分点）', (d) => d?.changePp ?? null]);
    for (const [i, [label, pick]] of lines.entries()) {
      const row = g.addRow([i === 0 ? ++n : null, i === 0 ? ind.name : null, label, ...later.map((y) => pick(at.get(`${ind.code}|${y}`)))]);
      styleBody(row, 3);
      for (let c = 4; c < 4 + later.length; c++) row.getCell(c).numFmt = '0.00';
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ComparisonInput {
  comparison: Comparison;
  indicators: CatalogueLine[];
  exportedOn: string;
}

/** The counties side by side for a year: each county's figure and rank per indicator, then the composite score, its rank and the weights. */
export async function comparisonWorkbook(input: ComparisonInput): Promise<Buffer> {
  const c = input.comparison;
  const byCode = new Map(input.indicators.map((i) => [i.code, i]));
  const wb = new ExcelJS.Workbook();
  wb.creator = '会商';
  const width = 4 + c.counties.length * 2;
  const ws = wb.addWorksheet(`${c.year}年对比`, { pageSetup: pageSetup('4:5'), views: [{ state: 'frozen', ySplit: 5, xSplit: 2 }] });
  ws.columns = [{ width: 6 }, { width: 28 }, { width: 13 }, { width: 8 }, ...c.counties.flatMap(() => [{ width: 13 }, { width: 7 }])];
  titleRows(ws, width, `各县（区）${c.year}年科技创新主要指标对比`, `导出日期：${input.exportedOn}${GAP}数据：已审核${GAP}排名：↑ 越高越好，↓ 越低越好`);
  const top = ws.addRow(['序号', '指标名称', '单位', '方向', ...c.counties.flatMap((k) => [k.name, null])]);
  const sub = ws.addRow([null, null, null, null, ...c.counties.flatMap(() => ['数值', '排名'])]);
  for (let col = 1; col <= 4; col++) ws.mergeCells(top.number, col, sub.number, col);
  c.counties.forEach((_k, i) => ws.mergeCells(top.number, 5 + i * 2, top.number, 6 + i * 2));
  styleHeader(top);
  styleHeader(sub);
  let n = 0;
  for (const line of c.indicators) {
    const ind = byCode.get(line.code);
    if (!ind) continue;
    const row = ws.addRow([++n, ind.name, ind.unit, ind.direction === 'down' ? '↓' : '↑', ...line.values.flatMap((v, i) => [v, line.ranks[i]])]);
    styleBody(row, 3);
    row.getCell(4).alignment = { horizontal: 'center', vertical: 'middle' };
    const fmt = numFmtOf(line.values);
    c.counties.forEach((_k, i) => {
      row.getCell(5 + i * 2).numFmt = fmt;
      row.getCell(6 + i * 2).numFmt = '0';
      row.getCell(6 + i * 2).alignment = { horizontal: 'center', vertical: 'middle' };
    });
  }
  const score = ws.addRow([null, '综合得分', '分', null, ...c.scores.flatMap((s, i) => [s, c.scoreRanks[i]])]);
  styleBody(score, 3);
  score.eachCell((cell) => (cell.font = { name: FONT, size: 10.5, bold: true }));
  c.counties.forEach((_k, i) => (score.getCell(5 + i * 2).numFmt = '0.0'));
  const weights = c.weights.map((w) => `${byCode.get(w.indicator)?.name ?? w.indicator} ${w.weight}`).join('、');
  for (const text of [`注：${c.formula}`, `权重：${weights || '未设置'}`]) {
    const r = ws.addRow([text]);
    ws.mergeCells(r.number, 1, r.number, width);
    r.getCell(1).font = { name: FONT, size: 10 };
    r.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    r.height = 32;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A county's accepted figures as its table, when the caller may see the county. */
export async function exportCountyTable(deps: Deps, actor: Actor, division: string): Promise<{ buffer: Buffer; filename: string }> {
  const values = await countyValues(deps, actor, { division });
  const indicators = await repo.catalogue(deps.db, { activeOnly: true });
  const buffer = await countyTableWorkbook({ county: values.county, indicators, data: values.data, exportedOn: deps.clock.today() });
  return { buffer, filename: `${values.county.name}-科技创新指标.xlsx` };
}

/** The comparison of the counties the caller sees, for a year. */
export async function exportComparison(deps: Deps, actor: Actor, year: number): Promise<{ buffer: Buffer; filename: string }> {
  const data = await comparison(deps, actor, year);
  const indicators = await repo.catalogue(deps.db, { activeOnly: true });
  const buffer = await comparisonWorkbook({ comparison: data, indicators, exportedOn: deps.clock.today() });
  return { buffer, filename: `各县（区）指标对比-${year}年.xlsx` };
}
