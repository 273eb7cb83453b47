import ExcelJS from 'exceljs';
import type { Grid } from '../../../domain/ledger-parse.js';
import type { CellValue } from '../../../domain/ledger-values.js';
import { AppError } from '../../platform/errors.js';

// The grids as exceljs reads a workbook: each sheet a grid of plain values. Uploads are read by
// ledger.sheetxml.ts, far faster; this stays as the reference the tests hold that reader to.

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

/** Every sheet as a grid; merged cells carry their master's value (exceljs reports it). */
export async function gridsOf(buf: Buffer, maxRows: number, onProgress?: (done: number, total: number) => void): Promise<{ grids: Grid[]; sheetNames: string[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new AppError('LEDGER_CORRUPT', 'Excel 文件已损坏或不完整（无法读取工作簿内容），请重新保存后再上传');
  }
  const grids: Grid[] = [];
  const sheets = wb.worksheets;
  const totalRows = sheets.reduce((s, ws) => s + ws.rowCount, 0);
  let done = 0;
  for (const ws of sheets) {
    // The byte-level count before the worker should have caught this; exceljs's own count is the last word.
    if (ws.actualRowCount > maxRows) {
      throw new AppError('LEDGER_TOO_MANY_ROWS', `工作表“${ws.name}”有 ${ws.actualRowCount} 行，超过 ${maxRows} 行的上限，请拆分后再导入`);
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
  return { grids, sheetNames: sheets.map((s) => s.name) };
}
