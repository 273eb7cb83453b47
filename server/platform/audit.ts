import type { AuditAction, AuditEntityType } from '../../domain/audit.js';
import type { RequestContext } from './actor.js';
import { appendAudit, appendAudits } from './audit-chain.js';
import type { Tx } from './db.js';

type Row = Record<string, unknown>;

/** Only the fields that changed, before and after; a create has no before, a delete no after. */
export function diff(before: Row | null, after: Row | null): { before: Row | null; after: Row | null } {
  if (!before || !after) return { before, after };
  const b: Row = {};
  const a: Row = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

export interface AuditEntry {
  action: AuditAction;
  /** One of a closed set, so the audit log can name every object it shows. */
  entityType: AuditEntityType;
  entityId: number | null;
  before?: Row | null;
  after?: Row | null;
}

function auditRow(ctx: RequestContext, at: string, entry: AuditEntry) {
  const { before, after } = diff(entry.before ?? null, entry.after ?? null);
  return {
    at,
    user_id: ctx.actor.userId,
    username: ctx.actor.username,
    org_id: ctx.actor.orgId,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    before_json: before ? JSON.stringify(before) : null,
    after_json: after ? JSON.stringify(after) : null,
    ip: ctx.ip,
    request_id: ctx.requestId,
  };
}

/** Writes the audit row inside the caller's transaction, so the change and its record stand or fall together. */
export async function recordAudit(tx: Tx, ctx: RequestContext, at: string, entry: AuditEntry): Promise<void> {
  await appendAudit(tx, auditRow(ctx, at, entry));
}

/** Several audit rows of one request, in the order given, written together (a bulk change of thousands of rows). */
export async function recordAudits(tx: Tx, ctx: RequestContext, at: string, entries: AuditEntry[]): Promise<void> {
  await recordAuditsOfRequests(
    tx,
    at,
    entries.map((entry) => ({ ctx, entry })),
  );
}

/** Audit rows of several requests written together (a batch of comments, batches.ts), each with its own caller, address and request id. */
export async function recordAuditsOfRequests(tx: Tx, at: string, entries: { ctx: RequestContext; entry: AuditEntry }[]): Promise<void> {
  await appendAudits(
    tx,
    entries.map((e) => auditRow(e.ctx, at, e.entry)),
  );
}
