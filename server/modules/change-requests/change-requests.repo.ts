import type { ChangeRequest, ChangeLine, ChangeRequestKind, ChangeRequestStatus } from '../../../domain/change-requests.js';
import type { Db, Tx } from '../../platform/db.js';
import type { ChangeRequestsTable } from '../../platform/db-schema.js';

type Conn = Db | Tx;

function base(db: Conn) {
  return db
    .selectFrom('change_requests as r')
    .innerJoin('users as cu', 'cu.id', 'r.created_by')
    .leftJoin('users as du', 'du.id', 'r.decided_by')
    .leftJoin('items as i', 'i.id', 'r.item_id')
    .select([
      'r.id',
      'r.consultation_id',
      'r.item_id',
      'r.kind',
      'r.status',
      'r.reason',
      'r.proposed_json',
      'r.changes_json',
      'r.side',
      'r.created_by',
      'r.created_at',
      'r.decided_at',
      'r.decision_note',
      'r.version',
      'cu.display_name as created_by_name',
      'du.display_name as decided_by_name',
      'i.title as item_title',
    ]);
}

export type ChangeRequestRow = NonNullable<Awaited<ReturnType<typeof getRow>>>;

export async function getRow(db: Conn, id: number) {
  return base(db).where('r.id', '=', id).executeTakeFirst();
}

export async function listOfConsultation(db: Conn, consultationId: number, limit: number, beforeId?: number) {
  let q = base(db).where('r.consultation_id', '=', consultationId);
  if (beforeId !== undefined) q = q.where('r.id', '<', beforeId);
  return q.orderBy('r.id', 'desc').limit(limit).execute();
}

export async function listOfItem(db: Conn, itemId: number, limit: number) {
  return base(db).where('r.item_id', '=', itemId).orderBy('r.id', 'desc').limit(limit).execute();
}

export async function insert(db: Conn, values: Omit<ChangeRequestsTable, 'id'>) {
  return db.insertInto('change_requests').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Decides a pending request of the version read; false when someone else decided it first. */
export async function decide(
  db: Conn,
  id: number,
  version: number,
  set: { status: ChangeRequestStatus; decided_by: number; decided_at: string; decision_note: string },
): Promise<boolean> {
  const res = await db
    .updateTable('change_requests')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The author takes back a pending request of the version read; false when it was decided or withdrawn first. */
export async function withdraw(db: Conn, id: number, version: number): Promise<boolean> {
  const res = await db
    .updateTable('change_requests')
    .set({ status: 'withdrawn', version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function setItem(db: Conn, id: number, itemId: number) {
  await db.updateTable('change_requests').set({ item_id: itemId }).where('id', '=', id).execute();
}

/** The row as the API shows it; the caller's `can` is added by the service, which knows the caller. */
export function present(r: ChangeRequestRow): Omit<ChangeRequest, 'can'> {
  return {
    id: r.id,
    consultationId: r.consultation_id,
    itemId: r.item_id,
    itemTitle: r.item_title ?? null,
    kind: r.kind as ChangeRequestKind,
    status: r.status as ChangeRequestStatus,
    reason: r.reason,
    changes: JSON.parse(r.changes_json) as ChangeLine[],
    side: r.side,
    createdBy: r.created_by_name,
    createdById: r.created_by,
    createdAt: r.created_at,
    decidedBy: r.decided_by_name ?? null,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    version: r.version,
  };
}

export async function orgNames(db: Conn, ids: number[]) {
  if (!ids.length) return new Map<number, string>();
  const rows = await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
