import type { FastifyInstance } from 'fastify';
import { auditEndpoints } from '../../../domain/audit.endpoints.js';
import { requirePermission } from '../../platform/access.js';
import { verifyAuditChain } from '../../platform/audit-chain.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { zAuditExportQuery } from '../../../domain/audit.js';
import { contentDisposition } from '../../platform/attachments.js';
import { onFirstUse } from '../../platform/on-first-use.js';
import { listAudit, listLogins } from './audit-log.service.js';

const beforeId = (cursor: string | undefined) => (cursor ? Number(cursor) : undefined);

const workbook = onFirstUse(() => import('./audit-log.export.js'));

/** The audit administrator's window: the audit trail and the login log, newest first, read-only. */
export function registerAuditLogRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, auditEndpoints.auditLog, { summary: '操作审计日志（审计管理员），每行带对象名称', tags: ['audit'], anyOf: ['audit.read'] }, async ({ query, actor }) => {
    requirePermission(actor, 'audit.read');
    const { cursor, ...filter } = query;
    return listAudit(deps.db, { ...filter, beforeId: beforeId(cursor) });
  });
  defineRoute(
    app,
    { method: 'GET', url: '/audit-log/export.xlsx', summary: '导出操作日志（Excel，按列表的筛选条件）', tags: ['audit'], query: zAuditExportQuery, anyOf: ['audit.read'] },
    async ({ query, actor, reply }) => {
      requirePermission(actor, 'audit.read');
      const { buffer } = await (await workbook()).exportAudit(deps.db, query, deps.clock.now());
      void reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition(`操作日志-${deps.clock.today()}.xlsx`, false))
        .header('cache-control', 'no-store');
      return buffer;
    },
  );
  defineRoute(app, auditEndpoints.chain, { summary: '审计日志 HMAC-SM3 链的逐条校验结果（审计管理员）', tags: ['audit'], anyOf: ['audit.read'] }, async () => ({
    ...(await verifyAuditChain(deps.db)),
    retentionDays: deps.config.AUDIT_RETENTION_DAYS,
    checkedAt: deps.clock.now().toISOString(),
  }));
  defineRoute(app, auditEndpoints.loginLog, { summary: '登录日志，含失败记录（审计管理员）', tags: ['audit'], anyOf: ['audit.read'] }, async ({ query, actor }) => {
    requirePermission(actor, 'audit.read');
    return listLogins(deps.db, {
      username: query.username,
      success: query.success === undefined ? undefined : query.success === 'true',
      beforeId: beforeId(query.cursor),
      limit: query.limit,
    });
  });
}
