import type { Attachment } from '../../../domain/attachments.js';
import type { CompletionRequest, CompletionStatus } from '../../../domain/notices.js';
import type { Staged } from '../../platform/attachments.js';
import type { Db, Tx } from '../../platform/db.js';

type Conn = Db | Tx;

function base(db: Conn) {
  return db
    .selectFrom('completion_requests as r')
    .innerJoin('users as qu', 'qu.id', 'r.requested_by')
    .leftJoin('users as vu', 'vu.id', 'r.reviewed_by')
    .select([
      'r.id',
      'r.item_id',
      'r.status',
      'r.summary',
      'r.requested_by',
      'qu.display_name as requested_by_name',
      'r.requested_at',
      'r.reviewed_by',
      'vu.display_name as reviewed_by_name',
      'r.reviewed_at',
      'r.review_note',
      'r.version',
    ]);
}

export async function getRow(db: Conn, id: number) {
  return base(db).where('r.id', '=', id).executeTakeFirst();
}

export type CompletionRow = NonNullable<Awaited<ReturnType<typeof getRow>>>;

/** An item's requests, newest first; a handful per item at most. */
export async function listItemRows(db: Conn, itemId: number) {
  return base(db).where('r.item_id', '=', itemId).orderBy('r.id', 'desc').limit(100).execute();
}

export async function pendingRow(db: Conn, itemId: number) {
  return base(db).where('r.item_id', '=', itemId).where('r.status', '=', 'pending').orderBy('r.id', 'desc').executeTakeFirst();
}

export async function insertRequest(tx: Tx, itemId: number, summary: string, by: number, now: string): Promise<number> {
  const row = await tx
    .insertInto('completion_requests')
    .values({ item_id: itemId, status: 'pending', summary, requested_by: by, requested_at: now, reviewed_by: null, reviewed_at: null, review_note: null, version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertEvidence(tx: Tx, requestId: number, s: Staged, by: number, now: string): Promise<number> {
  const row = await tx
    .insertInto('attachments')
    .values({
      owner_type: 'completion',
      owner_id: requestId,
      filename: s.filename,
      mime: s.mime,
      size: s.size,
      sm3: s.sm3,
      storage_key: s.storageKey,
      uploaded_by: by,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Decides a request only while it is still pending at the version read; returns whether this call did. */
export async function decideGuarded(tx: Tx, id: number, version: number, status: CompletionStatus, by: number, note: string | null, now: string): Promise<boolean> {
  const res = await tx
    .updateTable('completion_requests')
    .set({ status, reviewed_by: by, reviewed_at: now, review_note: note, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export function presentRequest(r: CompletionRow, evidence: Attachment[]): CompletionRequest {
  return {
    id: r.id,
    itemId: r.item_id,
    status: r.status as CompletionStatus,
    summary: r.summary,
    requestedBy: { id: r.requested_by, displayName: r.requested_by_name },
    requestedAt: r.requested_at,
    reviewedBy: r.reviewed_by !== null && r.reviewed_by_name !== null ? { id: r.reviewed_by, displayName: r.reviewed_by_name } : null,
    reviewedAt: r.reviewed_at,
    reviewNote: r.review_note,
    evidence,
    version: r.version,
  };
}
