import type { FastifyInstance } from 'fastify';
import { auditEndpoints } from '../../../domain/audit.endpoints.js';
import { requirePermission } from '../../platform/access.js';
import { pageOf } from '../../platform/cursor.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';

function parseJson(s: string | null): unknown {
  return s === null ? null : (JSON.parse(s) as unknown);
}

/** The audit administrator's window: the audit trail and the login log, newest first, read-only. */
export function registerAuditLogRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, auditEndpoints.auditLog, { summary: '操作审计日志（审计管理员）', tags: ['audit'] }, async ({ query, actor }) => {
    requirePermission(actor, 'audit.read');
    let q = deps.db.selectFrom('audit_log').selectAll();
    if (query.action) q = q.where('action', '=', query.action);
    if (query.entityType) q = q.where('entity_type', '=', query.entityType);
    if (query.entityId) q = q.where('entity_id', '=', query.entityId);
    if (query.username) q = q.where('username', '=', query.username);
    if (query.cursor) q = q.where('id', '<', Number(query.cursor));
    const rows = await q
      .orderBy('id', 'desc')
      .limit(query.limit + 1)
      .execute();
    const { page, nextCursor } = pageOf(rows, query.limit, (last) => String(last.id));
    return {
      data: page.map((r) => ({
        id: r.id,
        at: r.at,
        userId: r.user_id,
        username: r.username,
        orgId: r.org_id,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        before: parseJson(r.before_json),
        after: parseJson(r.after_json),
        ip: r.ip,
        requestId: r.request_id,
      })),
      nextCursor,
    };
  });
  defineRoute(app, auditEndpoints.loginLog, { summary: '登录日志，含失败记录（审计管理员）', tags: ['audit'] }, async ({ query, actor }) => {
    requirePermission(actor, 'audit.read');
    let q = deps.db.selectFrom('login_log').selectAll();
    if (query.username) q = q.where('username', '=', query.username);
    if (query.success) q = q.where('success', '=', query.success === 'true' ? 1 : 0);
    if (query.cursor) q = q.where('id', '<', Number(query.cursor));
    const rows = await q
      .orderBy('id', 'desc')
      .limit(query.limit + 1)
      .execute();
    const { page, nextCursor } = pageOf(rows, query.limit, (last) => String(last.id));
    return {
      data: page.map((r) => ({ id: r.id, at: r.at, username: r.username, ip: r.ip, userAgent: r.user_agent, success: r.success === 1, reason: r.reason })),
      nextCursor,
    };
  });
}
