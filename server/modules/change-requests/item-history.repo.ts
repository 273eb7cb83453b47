import type { ChangeRequestKind } from '../../../domain/change-requests.js';
import { noticeNumber } from '../../../domain/notices.js';
import type { Db, Tx } from '../../platform/db.js';

type Conn = Db | Tx;

/** The audit rows about one kind of the item's records: served by the (entity_type, entity_id) index. */
function auditOf(db: Conn, entityType: string, ids: 'item' | 'change_requests' | 'progress_reports' | 'supervision_notices' | 'completion_requests', itemId: number) {
  const q = db
    .selectFrom('audit_log')
    .select(['id', 'at', 'user_id', 'action', 'entity_type', 'entity_id', 'before_json', 'after_json', 'username'])
    .where('entity_type', '=', entityType);
  return ids === 'item' ? q.where('entity_id', '=', itemId) : q.where('entity_id', 'in', db.selectFrom(ids).select('id').where('item_id', '=', itemId));
}

/**
 * The audit rows of an item and of the records that belong to it (change requests, progress
 * reports, supervision notices, close-out requests), newest first, with who wrote them. A union
 * rather than one OR: PostgreSQL cannot probe an index for an IN-subquery inside an OR, and would
 * read the whole log.
 */
export async function auditRows(db: Conn, itemId: number, limit: number) {
  const rows = auditOf(db, 'item', 'item', itemId)
    .unionAll(auditOf(db, 'change_request', 'change_requests', itemId))
    .unionAll(auditOf(db, 'report', 'progress_reports', itemId))
    .unionAll(auditOf(db, 'supervision_notice', 'supervision_notices', itemId))
    .unionAll(auditOf(db, 'completion_request', 'completion_requests', itemId));
  return db
    .selectFrom(rows.as('a'))
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.at', 'a.action', 'a.entity_type', 'a.entity_id', 'a.before_json', 'a.after_json', 'a.username', 'u.display_name'])
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * The item's reminders, newest first. Read from the reminders themselves rather than the audit log:
 * the daily sweep sends automatic ones with no one to audit, and a manual one is recorded here too.
 */
export async function reminderRows(db: Conn, itemId: number, limit: number) {
  return db
    .selectFrom('reminders as r')
    .leftJoin('users as u', 'u.id', 'r.sent_by')
    .select(['r.id', 'r.kind', 'r.period', 'r.note', 'r.created_at', 'u.display_name'])
    .where('r.item_id', '=', itemId)
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
}

export async function changeRequestKinds(db: Conn, ids: number[]) {
  if (!ids.length) return new Map<number, ChangeRequestKind>();
  const rows = await db.selectFrom('change_requests').select(['id', 'kind']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.kind as ChangeRequestKind]));
}

/** Reports by id → the period each reports on: reviews and contributions do not repeat it in their audit rows. */
export async function reportPeriods(db: Conn, ids: number[]) {
  if (!ids.length) return new Map<number, string>();
  const rows = await db.selectFrom('progress_reports').select(['id', 'period']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.period]));
}

/** Notices by id → their number, null before signature; printed as the notices module prints it. */
export async function noticeNumbers(db: Conn, ids: number[]) {
  if (!ids.length) return new Map<number, string | null>();
  const rows = await db
    .selectFrom('supervision_notices as n')
    .innerJoin('organisations as o', 'o.id', 'n.host_org_id')
    .select(['n.id', 'n.year', 'n.seq', 'o.name'])
    .where('n.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, noticeNumber(r.name, r.year, r.seq)]));
}
