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

const COLUMNS: { header: string; width: number; value: (i: repo.LedgerItemRow, n: number) => string | number }[] = [
  { header: '序号', width: 6, value: (_i, n) => n },
  { header: '事项名称', width: 30, value: (i) => i.title },
  { header: '主要内容及目标', width: 42, value: (i) => i.content },
  { header: '领域', width: 10, value: (i) => i.domain },
  { header: '牵头单位', width: 20, value: (i) => i.leadUnit ?? '' },
  { header: '配合单位', width: 26, value: (i) => i.coUnits.join('、') },
  { header: '责任人', width: 10, value: (i) => i.responsible },
  { header: '完成时限', width: 14, value: (i) => (i.ongoing ? '长期' : formatDateCn(i.deadline)) },
  { header: '支持资金（万元）', width: 11, value: (i) => (i.fundingWan === null ? '—' : i.fundingWan) },
  { header: '进展情况', width: 36, value: (i) => i.reportedProgress ?? i.progressNote ?? '' },
  { header: '完成情况', width: 10, value: (i) => ITEM_STATUS_LABEL[i.status] },
  { header: '预警', width: 8, value: (i) => LIGHT_LABEL[i.light as Light] ?? '—' },
];

const FONT = 'SimSun';
const thin = { style: 'thin' as const };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };

export async function exportLedger(deps: Deps, actor: Actor, consultationId: number, filters: ItemListFilters) {
  const { row: c, parties } = await loadVisible(deps.db, actor, consultationId);
  const items = await ledgerItems(deps.db, consultationId, itemFilterOf(filters, deps.clock.today()));
  const wb = new ExcelJS.Workbook();
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
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: '4:4',
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', ySplit: 4, xSplit: 0 }],
  });
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
  for (const category of CATEGORIES) {
    const rows = items.filter((i) => i.category === category);
    if (!rows.length) continue;
    const headingRow = ws.addRow([sectionHeading(section++, category, rows.length)]);
    ws.mergeCells(headingRow.number, 1, headingRow.number, width);
    headingRow.getCell(1).font = { name: FONT, size: 12, bold: true };
    headingRow.getCell(1).alignment = { vertical: 'middle' };
    headingRow.getCell(1).border = BORDER;
    rows.forEach((item, n) => {
      const r = ws.addRow(COLUMNS.map((col) => col.value(item, n + 1)));
      r.eachCell({ includeEmpty: true }, (cell, col) => {
        cell.font = { name: FONT, size: 10.5 };
        cell.border = BORDER;
        cell.alignment = { vertical: 'middle', wrapText: true, horizontal: col === 1 || col >= 8 ? 'center' : 'left' };
      });
    });
  }
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, filename: `${c.title}-台账.xlsx` };
}
