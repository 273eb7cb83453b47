import { chinaWallClock } from '../../../domain/dates.js';
import ExcelJS from 'exceljs';
import { AUDIT_ACTION_LABEL, AUDIT_ENTITY_TYPE_LABEL } from '../../../domain/labels.js';
import { AUDIT_EXPORT_MAX_ROWS, type AuditAction, type AuditEntityType, type AuditEntry } from '../../../domain/audit.js';
import type { Db } from '../../platform/db.js';
import type { AuditFilter } from './audit-log.repo.js';
import { listAudit } from './audit-log.service.js';

// A cell holds at most 32,767 characters; a snapshot longer than that is cut with a mark.
const CELL_MAX = 32_000;
const PAGE = 1000;

const json = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const s = JSON.stringify(v);
  return s.length > CELL_MAX ? `${s.slice(0, CELL_MAX)}…（已截断）` : s;
};

/** Every row the log's filters select, newest first, up to the cap; the last line says when the cap cut it. */
export async function exportAudit(db: Db, filter: Omit<AuditFilter, 'limit' | 'beforeId'>, now: Date) {
  const rows: AuditEntry[] = [];
  let beforeId: number | undefined;
  let truncated = false;
  for (;;) {
    const page = await listAudit(db, { ...filter, limit: PAGE, beforeId });
    rows.push(...page.data);
    if (rows.length >= AUDIT_EXPORT_MAX_ROWS) {
      truncated = rows.length > AUDIT_EXPORT_MAX_ROWS || page.nextCursor !== null;
      rows.length = Math.min(rows.length, AUDIT_EXPORT_MAX_ROWS);
      break;
    }
    if (!page.nextCursor) break;
    beforeId = Number(page.nextCursor);
  }

  const wb = new ExcelJS.Workbook();
  wb.creator = '会商';
  wb.created = now;
  const ws = wb.addWorksheet('操作日志', {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = [
    { header: '序号', key: 'id', width: 9 },
    { header: '时间（北京时间）', key: 'at', width: 20, style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } },
    { header: '操作人', key: 'username', width: 16 },
    { header: '操作', key: 'action', width: 18 },
    { header: '对象类型', key: 'entityType', width: 12 },
    { header: '对象', key: 'entity', width: 36 },
    { header: '对象编号', key: 'entityId', width: 10 },
    { header: 'IP 地址', key: 'ip', width: 16 },
    { header: '修改前', key: 'before', width: 40 },
    { header: '修改后', key: 'after', width: 40 },
    { header: '请求编号', key: 'requestId', width: 24 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const e of rows) {
    ws.addRow({
      id: e.id,
      // A real date cell showing China time: Excel has no zones, so the wall-clock time is what is stored.
      at: chinaWallClock(e.at),
      username: e.username ?? '系统',
      action: AUDIT_ACTION_LABEL[e.action as AuditAction] ?? e.action,
      entityType: AUDIT_ENTITY_TYPE_LABEL[e.entityType as AuditEntityType] ?? e.entityType,
      entity: e.entityTitle ?? '',
      entityId: e.entityId,
      ip: e.ip ?? '',
      before: json(e.before),
      after: json(e.after),
      requestId: e.requestId ?? '',
    });
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: ws.columns.length } };
  if (truncated) ws.addRow([`仅导出最新的 ${AUDIT_EXPORT_MAX_ROWS.toLocaleString('zh-CN')} 条；请缩小时间范围后分批导出`]);
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), rows: rows.length, truncated };
}
