import type { Category } from '../../../domain/items.js';
import type { Need, NeedStatus, NeedUrgency } from '../../../domain/needs.js';
import type { Attachment } from '../../../domain/attachments.js';
import type { Db, Tx } from '../../platform/db.js';
import { indexRow } from '../search/search.index.js';

type Conn = Db | Tx;

function base(db: Conn) {
  return db
    .selectFrom('needs as n')
    .innerJoin('users as u', 'u.id', 'n.submitted_by')
    .innerJoin('organisations as o', 'o.id', 'n.submitter_org_id')
    .leftJoin('users as t', 't.id', 'n.triaged_by')
    .leftJoin('needs as m', 'm.id', 'n.merged_into_id')
    .leftJoin('items as i', 'i.id', 'n.item_id')
    .select([
      'n.id',
      'n.consultation_id',
      'n.title',
      'n.description',
      'n.domain',
      'n.urgency',
      'n.suggested_category',
      'n.status',
      'n.triage_reason',
      'n.merged_into_id',
      'm.title as merged_into_title',
      'n.item_id',
      'i.title as item_title',
      'n.submitted_by',
      'u.display_name as submitter_name',
      'o.name as submitter_org_name',
      'n.triaged_by',
      't.display_name as triaged_by_name',
      'n.triaged_at',
      'n.version',
      'n.created_at',
      'n.updated_at',
    ]);
}

export async function getNeedRow(db: Conn, id: number) {
  return base(db).where('n.id', '=', id).executeTakeFirst();
}

export type NeedRow = NonNullable<Awaited<ReturnType<typeof getNeedRow>>>;

/** The need an item was converted from; needs.item_id is unique, so at most one. */
export async function getNeedRowOfItem(db: Conn, itemId: number) {
  return base(db).where('n.item_id', '=', itemId).executeTakeFirst();
}

/** Newest first, keyset on id; the (consultation_id, status, id) index serves the status filter. */
export async function listNeedRows(db: Conn, consultationId: number, q: { status?: NeedStatus; urgency?: NeedUrgency; before?: number; limit: number }) {
  let query = base(db).where('n.consultation_id', '=', consultationId);
  if (q.status) query = query.where('n.status', '=', q.status);
  if (q.urgency) query = query.where('n.urgency', '=', q.urgency);
  if (q.before !== undefined) query = query.where('n.id', '<', q.before);
  return query.orderBy('n.id', 'desc').limit(q.limit).execute();
}

export async function insertNeed(
  tx: Tx,
  v: {
    consultationId: number;
    title: string;
    description: string;
    domain: string;
    urgency: NeedUrgency;
    suggestedCategory: Category | null;
    submittedBy: number;
    submitterOrgId: number;
    now: string;
  },
): Promise<number> {
  const row = await tx
    .insertInto('needs')
    .values({
      consultation_id: v.consultationId,
      title: v.title,
      description: v.description,
      domain: v.domain,
      urgency: v.urgency,
      suggested_category: v.suggestedCategory,
      status: 'submitted',
      triage_reason: null,
      merged_into_id: null,
      item_id: null,
      submitted_by: v.submittedBy,
      submitter_org_id: v.submitterOrgId,
      triaged_by: null,
      triaged_at: null,
      version: 1,
      created_at: v.now,
      updated_at: v.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await indexRow(tx, 'need', row.id);
  return row.id;
}

/**
 * Moves a need on, guarded by the version and status it was read at: of two simultaneous
 * decisions on one version, exactly one updates a row. Returns whether this one did.
 */
export async function updateNeedGuarded(
  tx: Tx,
  id: number,
  guard: { version: number; status: NeedStatus },
  set: { status: NeedStatus; triageReason?: string | null; mergedIntoId?: number | null; itemId?: number; triagedBy?: number; triagedAt?: string; now: string },
): Promise<boolean> {
  const res = await tx
    .updateTable('needs')
    .set({
      status: set.status,
      ...(set.triageReason !== undefined ? { triage_reason: set.triageReason } : {}),
      ...(set.mergedIntoId !== undefined ? { merged_into_id: set.mergedIntoId } : {}),
      ...(set.itemId !== undefined ? { item_id: set.itemId } : {}),
      ...(set.triagedBy !== undefined ? { triaged_by: set.triagedBy, triaged_at: set.triagedAt ?? set.now } : {}),
      version: guard.version + 1,
      updated_at: set.now,
    })
    .where('id', '=', id)
    .where('version', '=', guard.version)
    .where('status', '=', guard.status)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export function presentNeed(r: NeedRow, attachments: Attachment[]): Need {
  return {
    id: r.id,
    consultationId: r.consultation_id,
    title: r.title,
    description: r.description,
    domain: r.domain,
    urgency: r.urgency as NeedUrgency,
    suggestedCategory: r.suggested_category as Category | null,
    status: r.status,
    triageReason: r.triage_reason,
    mergedInto: r.merged_into_id !== null ? { id: r.merged_into_id, title: r.merged_into_title ?? '' } : null,
    item: r.item_id !== null ? { id: r.item_id, title: r.item_title ?? '' } : null,
    submitter: { id: r.submitted_by, displayName: r.submitter_name, orgName: r.submitter_org_name },
    triagedBy: r.triaged_by !== null ? { id: r.triaged_by, displayName: r.triaged_by_name ?? '' } : null,
    triagedAt: r.triaged_at,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    attachments,
  };
}
