import { sql } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import { cstDate } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db.js';
import { listedForActor } from '../consultations/consultations.policy.js';
import { noticeNumber, type Notice, type NoticeStatus } from '../../../domain/notices.js';
import { indexRow } from '../search/search.index.js';

type Conn = Db | Tx;

function base(db: Conn) {
  return db
    .selectFrom('supervision_notices as n')
    .innerJoin('items as i', 'i.id', 'n.item_id')
    .innerJoin('organisations as ho', 'ho.id', 'n.host_org_id')
    .leftJoin('organisations as lu', 'lu.id', 'i.lead_unit_id')
    .innerJoin('users as du', 'du.id', 'n.drafted_by')
    .leftJoin('users as su', 'su.id', 'n.signed_by')
    .leftJoin('users as ru', 'ru.id', 'n.responded_by')
    .select([
      'n.id',
      'n.item_id',
      'i.title as item_title',
      'i.consultation_id',
      'n.host_org_id',
      'ho.name as host_org_name',
      'i.lead_unit_id',
      'lu.name as lead_unit_name',
      'n.status',
      'n.year',
      'n.seq',
      'n.reason',
      'n.requirements',
      'n.response_due',
      'n.drafted_by',
      'du.display_name as drafted_by_name',
      'n.signed_by',
      'su.display_name as signed_by_name',
      'n.signed_at',
      'n.signature_note',
      'n.response_text',
      'n.responded_by',
      'ru.display_name as responded_by_name',
      'n.responded_at',
      'n.version',
      'n.created_at',
      'n.updated_at',
    ]);
}

export async function getNoticeRow(db: Conn, id: number) {
  return base(db).where('n.id', '=', id).executeTakeFirst();
}

export type NoticeRow = NonNullable<Awaited<ReturnType<typeof getNoticeRow>>>;

/** An item's notices, newest first; the (item_id, id) index serves it. */
export async function listItemNoticeRows(db: Conn, itemId: number) {
  return base(db).where('n.item_id', '=', itemId).orderBy('n.id', 'desc').limit(200).execute();
}

export interface NoticeFilter {
  consultationIds?: number[];
  consultationId?: number;
  statuses?: readonly NoticeStatus[];
  overdueOn?: string;
  beforeId?: number;
  limit: number;
}

/** Notices of consultations in the caller's scope, newest first, by keyset on id. */
export async function listNoticeRows(db: Conn, actor: Actor, f: NoticeFilter) {
  let q = base(db)
    .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
    .where((eb) => listedForActor(eb, actor))
    .where('i.deleted_at', 'is', null);
  if (f.consultationId) q = q.where('i.consultation_id', '=', f.consultationId);
  if (f.consultationIds) q = q.where('i.consultation_id', 'in', f.consultationIds.length ? f.consultationIds : [0]);
  if (f.statuses) q = q.where('n.status', 'in', f.statuses);
  if (f.overdueOn) q = q.where('n.status', '=', 'signed').where('n.response_due', '<', f.overdueOn);
  if (f.beforeId) q = q.where('n.id', '<', f.beforeId);
  return q.orderBy('n.id', 'desc').limit(f.limit).execute();
}

export async function itemLight(db: Conn, itemId: number): Promise<string | null> {
  const row = await db.selectFrom('items').select('light').where('id', '=', itemId).executeTakeFirst();
  return row?.light ?? null;
}

export async function insertNotice(
  tx: Tx,
  v: { itemId: number; hostOrgId: number; reason: string; requirements: string; responseDue: string; draftedBy: number; now: string },
): Promise<number> {
  const row = await tx
    .insertInto('supervision_notices')
    .values({
      item_id: v.itemId,
      host_org_id: v.hostOrgId,
      status: 'awaiting_signature',
      reason: v.reason,
      requirements: v.requirements,
      response_due: v.responseDue,
      year: null,
      seq: null,
      drafted_by: v.draftedBy,
      signed_by: null,
      signed_at: null,
      signature_note: null,
      response_text: null,
      responded_by: null,
      responded_at: null,
      version: 1,
      created_at: v.now,
      updated_at: v.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await indexRow(tx, 'notice', row.id);
  return row.id;
}

/** The next number of a host's year; the unique (host_org_id, year, seq) constraint settles any race. */
export async function nextSeq(tx: Tx, hostOrgId: number, year: number): Promise<number> {
  const row = await tx
    .selectFrom('supervision_notices')
    .select(sql<number | null>`max(seq)`.as('m'))
    .where('host_org_id', '=', hostOrgId)
    .where('year', '=', year)
    .executeTakeFirst();
  return Number(row?.m ?? 0) + 1;
}

/** Applies a change only when the notice is still in the expected status and version; returns whether it was. */
export async function updateGuarded(
  tx: Tx,
  id: number,
  expect: { status: readonly NoticeStatus[] },
  set: Partial<{
    status: NoticeStatus;
    reason: string;
    requirements: string;
    response_due: string;
    year: number | null;
    seq: number | null;
    signed_by: number | null;
    signed_at: string | null;
    signature_note: string | null;
    response_text: string | null;
    responded_by: number | null;
    responded_at: string | null;
  }>,
  version: number,
  now: string,
): Promise<boolean> {
  const res = await tx
    .updateTable('supervision_notices')
    .set({ ...set, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', 'in', expect.status)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return false;
  await indexRow(tx, 'notice', id);
  return true;
}

const ref = (id: number | null, name: string | null) => (id !== null && name !== null ? { id, displayName: name } : null);

export function presentNotice(r: NoticeRow, today: string): Notice {
  const status = r.status as NoticeStatus;
  return {
    id: r.id,
    itemId: r.item_id,
    itemTitle: r.item_title,
    consultationId: r.consultation_id,
    hostOrg: { id: r.host_org_id, name: r.host_org_name },
    leadUnit: r.lead_unit_id !== null && r.lead_unit_name !== null ? { id: r.lead_unit_id, name: r.lead_unit_name } : null,
    status,
    number: noticeNumber(r.host_org_name, r.year, r.seq),
    year: r.year,
    seq: r.seq,
    reason: r.reason,
    requirements: r.requirements,
    responseDue: r.response_due,
    draftedBy: { id: r.drafted_by, displayName: r.drafted_by_name },
    signedBy: ref(r.signed_by, r.signed_by_name),
    signedAt: r.signed_at,
    signatureNote: r.signature_note,
    responseText: r.response_text,
    respondedBy: ref(r.responded_by, r.responded_by_name),
    respondedAt: r.responded_at,
    overdue: status === 'signed' && today > r.response_due,
    answeredLate: status === 'answered' && r.responded_at !== null && cstDate(new Date(r.responded_at)) > r.response_due,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
