import { chinaDayStart } from '../../../domain/dates.js';
import type { AuditAction, AuditEntityType } from '../../../domain/audit.js';
import type { Db } from '../../platform/db.js';

export interface AuditFilter {
  action?: AuditAction;
  entityType?: AuditEntityType;
  entityId?: number;
  username?: string;
  /** China-time days, inclusive. */
  from?: string;
  to?: string;
  /** The id of the last row already shown: the page continues below it. */
  beforeId?: number;
  limit: number;
}

/** Audit rows newest first, one more than the page so the caller knows whether more follow. */
export function auditRows(db: Db, f: AuditFilter) {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.action) q = q.where('action', '=', f.action);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.username) q = q.where('username', '=', f.username);
  if (f.from) q = q.where('at', '>=', chinaDayStart(f.from));
  if (f.to) q = q.where('at', '<', chinaDayStart(f.to, 1));
  if (f.beforeId) q = q.where('id', '<', f.beforeId);
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export type AuditRow = Awaited<ReturnType<typeof auditRows>>[number];

export interface LoginFilter {
  username?: string;
  success?: boolean;
  beforeId?: number;
  limit: number;
}

export function loginRows(db: Db, f: LoginFilter) {
  let q = db.selectFrom('login_log').selectAll();
  if (f.username) q = q.where('username', '=', f.username);
  if (f.success !== undefined) q = q.where('success', '=', f.success ? 1 : 0);
  if (f.beforeId) q = q.where('id', '<', f.beforeId);
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}
