import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { CATEGORIES } from '../../../domain/items.js';
import { formatDateCn, ITEM_STATUS_LABEL, LIGHT_LABEL, sectionHeading } from '../../../domain/labels.js';
import type { Light } from '../../../domain/supervision.js';
import type { Actor } from '../../platform/actor.js';
import type { Deps } from '../../platform/deps.js';
import { loadVisible } from '../consultations/consultations.service.js';
import { itemFilterOf, type ItemListFilters } from '../items/items.filters.js';
import type * as repo from './ledger.repo.js';
import { ledgerItems } from './ledger.plan.js';

/**
 * The office ledger as a workbook: title, 填报 line, header, one section per category with its count,
 * numbered rows. It reads back through the importer into the same items, unchanged.
 */

/** A deadline as a real date cell (midnight UTC, which is how Excel's serial days read back). */
const dateCell = (iso: string | null) => (iso ? new Date(`${iso}T00:00:00.000Z`) : null);

type Value = string | number | Date | null;
const COLUMNS: { header: string; width: number; value: (i: repo.LedgerItemRow, n: number) => Value; numFmt?: string }[] = [
  { header: '序号', width: 5, value: (_i, n) => n },
  { header: '事项名称', width: 24, value: (i) => i.title },
  { header: '主要内容及目标', width: 32, value: (i) => i.content },
  { header: '领域', width: 8, value: (i) => i.domain },
  { header: '牵头单位', width: 16, value: (i) => i.leadUnit ?? '' },
  { header: '配合单位', width: 20, value: (i) => i.coUnits.join('、') },
  { header: '责任人', width: 8, value: (i) => i.responsible },
  { header: '完成时限', width: 13, value: (i) => (i.ongoing ? '长期' : dateCell(i.deadline)), numFmt: 'yyyy"年"m"月"d"日"' },
  { header: '支持资金（万元）', width: 10, value: (i) => i.fundingWan, numFmt: '#,##0.00' },
  { header: '进展情况', width: 24, value: (i) => i.reportedProgress ?? i.progressNote ?? '' },
  { header: '完成情况', width: 8, value: (i) => ITEM_STATUS_LABEL[i.status] },
  { header: '预警', width: 6, value: (i) => LIGHT_LABEL[i.light as Light] ?? '—' },
];
const FUNDING_COLUMN = COLUMNS.findIndex((c) => c.header.startsWith('支持资金')) + 1;
const LIGHT_COLUMN = COLUMNS.findIndex((c) => c.header === '预警') + 1;

/** Light tints for the 预警 cells, as offices shade them (Excel's 好/适中/差 fills). */
export const LIGHT_FILL: Partial<Record<Light, string>> = { green: 'FFC6EFCE', yellow: 'FFFFEB9C', red: 'FFFFC7CE' };
/** The data's font size, a whole point (exceljs reads 10.5 back as 10); fitted to the paper's width it prints at no less than 9 pt. */
export const BODY_FONT_SIZE = 11;
export const PRINT_MARGIN_IN = { left: 0.25, right: 0.25, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 };

const FONT = 'SimSun';
const thin = { style: 'thin' as const };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };

/*
 * One style object per kind of cell, shared by every row: exceljs files a style once per object it
 * meets, so 120,000 cells each with a style of their own made the export of a 10,000-item ledger
 * take seconds of style bookkeeping.
 */
const bodyStyle = (col: number): Partial<ExcelJS.Style> => ({
  font: { name: FONT, size: BODY_FONT_SIZE },
  border: BORDER,
  alignment: { vertical: 'middle', wrapText: true, horizontal: col === 1 || col >= 8 ? 'center' : 'left' },
  ...(COLUMNS[col - 1].numFmt ? { numFmt: COLUMNS[col - 1].numFmt } : {}),
});
const BODY_STYLES = COLUMNS.map((_c, i) => bodyStyle(i + 1));
const LIGHT_STYLES = new Map<Light, Partial<ExcelJS.Style>>();
function lightStyle(light: Light): Partial<ExcelJS.Style> {
  const fill = LIGHT_FILL[light];
  if (!fill) return BODY_STYLES[LIGHT_COLUMN - 1];
  let style = LIGHT_STYLES.get(light);
  if (!style) {
    style = { ...bodyStyle(LIGHT_COLUMN), fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } } };
    LIGHT_STYLES.set(light, style);
  }
  return style;
}

export async function exportLedger(deps: Deps, actor: Actor, consultationId: number, filters: ItemListFilters) {
  const { row: c, parties } = await loadVisible(deps.db, actor, consultationId);
  const items = await ledgerItems(deps.db, consultationId, itemFilterOf(filters, deps.clock.today()));
  // The streaming writer puts each row's XML out as it is added, and its zip is node's zlib: the
  // in-memory workbook held every cell and compressed through JavaScript (jszip, pako), which at
  // 10,000 items was most of the export's CPU.
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  // The fastest deflate level: at 10,000 items the default level spent long compressing, for a file
  // about a fifth smaller.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true, zip: { zlib: { level: 1 } } });
  wb.creator = '会商';
  wb.created = deps.clock.now();
  const ws = wb.addWorksheet('会商事项台账', {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: PRINT_MARGIN_IN,
      printTitlesRow: '4:4',
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', ySplit: 4, xSplit: 0 }],
  });
  // The streaming writer leaves out <printOptions>, where horizontalCentered lives; it goes just
  // before the margins, where the sheet's schema puts it.
  const sheet = ws as unknown as { stream: { write(xml: string): void }; _writePageMargins(): void };
  const writeMargins = sheet._writePageMargins.bind(sheet);
  sheet._writePageMargins = () => {
    sheet.stream.write('<printOptions horizontalCentered="1"/>');
    writeMargins();
  };
  const width = COLUMNS.length;
  ws.columns = COLUMNS.map((col) => ({ width: col.width }));

  const host = parties.find((p) => p.side === 'host');
  const partners = parties.filter((p) => p.side === 'partner');
  const titleRow = ws.addRow([`${[host?.orgName, ...partners.map((p) => p.orgName)].filter(Boolean).join(' ')} ${c.year}年度局县科技会商议定事项台账`]);
  ws.mergeCells(1, 1, 1, width);
  titleRow.height = 32;
  titleRow.getCell(1).font = { name: FONT, size: 18, bold: true };
  titleRow.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };

  const filler = partners[0]?.orgName ?? host?.orgName ?? '';
  const infoRow = ws.addRow([`填报单位：${filler}        填报日期：${formatDateCn(deps.clock.today())}`]);
  ws.mergeCells(2, 1, 2, width);
  infoRow.getCell(1).font = { name: FONT, size: 11 };
  ws.addRow([]);

  const header = ws.addRow(COLUMNS.map((col) => col.header));
  header.height = 30;
  header.eachCell((cell) => {
    cell.font = { name: FONT, size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
  });

  let section = 0;
  let funding = 0;
  let lastItemRow = header.number;
  for (const category of CATEGORIES) {
    const rows = items.filter((i) => i.category === category);
    if (!rows.length) continue;
    const headingRow = ws.addRow([sectionHeading(section++, category, rows.length)]);
    lastItemRow = headingRow.number;
    ws.mergeCells(headingRow.number, 1, headingRow.number, width);
    headingRow.getCell(1).font = { name: FONT, size: 12, bold: true };
    headingRow.getCell(1).alignment = { vertical: 'middle' };
    headingRow.getCell(1).border = BORDER;
    rows.forEach((item, n) => {
      funding += item.fundingWan ?? 0;
      const r = ws.addRow(COLUMNS.map((col) => col.value(item, n + 1)));
      r.eachCell({ includeEmpty: true }, (cell, col) => {
        cell.style = col === LIGHT_COLUMN ? lightStyle(item.light as Light) : BODY_STYLES[col - 1];
      });
      // Written out now (with every row above it): the sheet is never held whole.
      r.commit();
      lastItemRow = r.number;
    });
  }
  // The totals row: how many items, and the funding summed by a formula (its value cached for readers
  // that do not calculate). The importer reads it as a 合计 row and checks the count, not as an item.
  const fundingLetter = ws.getColumn(FUNDING_COLUMN).letter;
  const totals = ws.addRow(
    COLUMNS.map((col, i) =>
      i === 0
        ? '合计'
        : i === 1
          ? `${items.length}项`
          : i + 1 === FUNDING_COLUMN
            ? { formula: `SUM(${fundingLetter}5:${fundingLetter}${lastItemRow})`, result: Math.round(funding * 10000) / 10000 }
            : null,
    ),
  );
  totals.eachCell({ includeEmpty: true }, (cell, col) => {
    cell.font = { name: FONT, size: BODY_FONT_SIZE, bold: true };
    cell.border = BORDER;
    cell.alignment = { vertical: 'middle', horizontal: col === 2 ? 'left' : 'center' };
    if (col === FUNDING_COLUMN) cell.numFmt = COLUMNS[col - 1].numFmt!;
  });
  // Filters on the header over every item row (the section headings sit among them, as they print).
  ws.autoFilter = { from: { row: 4, column: 1 }, to: { row: lastItemRow, column: width } };
  ws.commit();
  await wb.commit();
  await ended;
  const buffer = Buffer.concat(chunks);
  return { buffer, filename: `${c.title}-台账.xlsx` };
}
