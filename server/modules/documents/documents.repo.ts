import type { SnapshotItem } from '../../../domain/negotiation.js';
import type { Db, Tx } from '../../platform/db.js';

type Conn = Db | Tx;

/** What every consultation-level document needs from the consultation row itself. */
export async function consultationFacts(db: Conn, id: number) {
  return db
    .selectFrom('consultations')
    .select(['id', 'title', 'year', 'theme', 'status', 'agreed_version_id', 'adopted_on', 'report_cycle', 'report_due_days', 'supervision_json'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}
export type ConsultationFacts = Awaited<ReturnType<typeof consultationFacts>>;

export async function orgName(db: Conn, id: number) {
  return db.selectFrom('organisations').select(['id', 'name', 'short_name']).where('id', '=', id).executeTakeFirst();
}

/** The live list in ledger order with each item's lead unit, status, light and closing day. */
export async function itemsOf(db: Conn, consultationId: number) {
  return db
    .selectFrom('items as i')
    .leftJoin('organisations as lu', 'lu.id', 'i.lead_unit_id')
    .select([
      'i.id',
      'i.title',
      'i.content',
      'i.category',
      'i.domain',
      'i.lead_unit_id',
      'lu.name as lead_unit_name',
      'lu.sort_order as lead_unit_order',
      'i.deadline',
      'i.ongoing',
      'i.funding_yuan',
      'i.status',
      'i.progress',
      'i.light',
      'i.light_reasons_json',
      'i.closed_on',
      'i.sort_order',
    ])
    .where('i.consultation_id', '=', consultationId)
    .where('i.deleted_at', 'is', null)
    .orderBy('i.category')
    .orderBy('i.sort_order')
    .orderBy('i.id')
    .execute();
}
export type DocItem = Awaited<ReturnType<typeof itemsOf>>[number];

/** The consultation's progress reports for some periods, in one query through the items index. */
export async function reportsOf(db: Conn, consultationId: number, periods: string[]) {
  if (!periods.length) return [];
  return db
    .selectFrom('progress_reports as r')
    .innerJoin('items as i', 'i.id', 'r.item_id')
    .select(['r.item_id', 'r.period', 'r.status', 'r.percent', 'r.progress_html', 'r.problems', 'r.first_submitted_at'])
    .where('i.consultation_id', '=', consultationId)
    .where('i.deleted_at', 'is', null)
    .where('r.period', 'in', periods)
    .execute();
}
export type DocReport = Awaited<ReturnType<typeof reportsOf>>[number];

/**
 * The audited changes of the consultation's live items made after an instant, newest first: undone
 * one by one they give the rows as they stood then. Served by the audit log's (entity_type, entity_id) index.
 */
export async function itemChangesAfter(db: Conn, consultationId: number, instant: string) {
  return db
    .selectFrom('audit_log')
    .select(['entity_id as item_id', 'before_json'])
    .where('entity_type', '=', 'item')
    .where('action', '=', 'item.update')
    .where('entity_id', 'in', db.selectFrom('items').select('id').where('consultation_id', '=', consultationId).where('deleted_at', 'is', null))
    .where('at', '>', instant)
    .orderBy('id', 'desc')
    .execute();
}

/** Every milestone of the consultation's live items. */
export async function milestonesOf(db: Conn, consultationId: number) {
  return db
    .selectFrom('item_milestones as m')
    .innerJoin('items as i', 'i.id', 'm.item_id')
    .select(['m.item_id', 'm.title', 'm.due_on', 'm.done_on', 'm.created_at'])
    .where('i.consultation_id', '=', consultationId)
    .where('i.deleted_at', 'is', null)
    .execute();
}

/** Every report of the consultation first submitted before an instant, whatever its period. */
export async function reportsSubmittedBefore(db: Conn, consultationId: number, instant: string) {
  return db
    .selectFrom('progress_reports as r')
    .innerJoin('items as i', 'i.id', 'r.item_id')
    .select(['r.item_id', 'r.period', 'r.status', 'r.first_submitted_at', 'r.reviewed_at'])
    .where('i.consultation_id', '=', consultationId)
    .where('i.deleted_at', 'is', null)
    .where('r.first_submitted_at', '<', instant)
    .execute();
}

/** The adopted version's items as the snapshot froze them, or null before adoption. */
export async function agreedSnapshot(db: Conn, versionId: number | null): Promise<{ label: string; createdAt: string; items: SnapshotItem[] } | null> {
  if (versionId === null) return null;
  const v = await db.selectFrom('list_versions').select(['label', 'created_at', 'snapshot_json']).where('id', '=', versionId).executeTakeFirst();
  return v ? { label: v.label, createdAt: v.created_at, items: JSON.parse(v.snapshot_json) as SnapshotItem[] } : null;
}

export async function noticeRow(db: Conn, id: number) {
  return db
    .selectFrom('supervision_notices as n')
    .innerJoin('items as i', 'i.id', 'n.item_id')
    .innerJoin('organisations as h', 'h.id', 'n.host_org_id')
    .leftJoin('organisations as lu', 'lu.id', 'i.lead_unit_id')
    .leftJoin('users as s', 's.id', 'n.signed_by')
    .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
    .innerJoin('users as dr', 'dr.id', 'n.drafted_by')
    .innerJoin('organisations as dro', 'dro.id', 'dr.org_id')
    .select([
      'c.title as consultation_title',
      'dr.display_name as drafter_name',
      'dr.phone as drafter_phone',
      'dro.name as drafter_org',
      'n.id',
      'n.item_id',
      'n.status',
      'n.reason',
      'n.requirements',
      'n.response_due',
      'n.year',
      'n.seq',
      'n.signed_at',
      'n.created_at',
      'h.name as host_name',
      's.display_name as signer_name',
      'i.title as item_title',
      'i.category as item_category',
      'i.deadline as item_deadline',
      'i.ongoing as item_ongoing',
      'i.status as item_status',
      'i.progress as item_progress',
      'lu.name as lead_unit_name',
    ])
    .where('n.id', '=', id)
    .executeTakeFirst();
}
export type NoticeRow = NonNullable<Awaited<ReturnType<typeof noticeRow>>>;

/** An item's cooperating units (配合单位) in the organisation tree's order. */
export async function coUnitNames(db: Conn, itemId: number) {
  const rows = await db
    .selectFrom('item_co_units as cu')
    .innerJoin('organisations as o', 'o.id', 'cu.org_id')
    .select('o.name')
    .where('cu.item_id', '=', itemId)
    .orderBy('o.sort_order')
    .orderBy('o.id')
    .execute();
  return rows.map((r) => r.name);
}

export async function meetingsInRange(db: Conn, consultationId: number, from: string, to: string) {
  return db
    .selectFrom('meetings')
    .select(['id', 'held_on', 'venue', 'agenda'])
    .where('consultation_id', '=', consultationId)
    .where('held_on', '>=', from)
    .where('held_on', '<=', to)
    .orderBy('held_on')
    .orderBy('id')
    .execute();
}

/** Notices signed in a span of time (signed_at is an ISO instant; the bounds are instants too). */
export async function signedNotices(db: Conn, consultationId: number, fromInstant: string, toInstant: string) {
  return db
    .selectFrom('supervision_notices as n')
    .innerJoin('items as i', 'i.id', 'n.item_id')
    .select(['n.id', 'n.year', 'n.seq', 'n.signed_at', 'i.title as item_title'])
    .where('i.consultation_id', '=', consultationId)
    .where('n.signed_at', 'is not', null)
    .where('n.signed_at', '>=', fromInstant)
    .where('n.signed_at', '<', toInstant)
    .orderBy('n.signed_at')
    .orderBy('n.id')
    .execute();
}

/**
 * Every uploaded file of a consultation, newest first, keyset on id: what its meetings, needs,
 * discussions, reports and completion requests hold. Each owner type is found through its own
 * index (attachments by owner, the owners by consultation or item), never by scanning attachments.
 */
export async function filesOf(db: Conn, consultationId: number, q: { beforeId?: number; limit: number }) {
  const liveItems = db.selectFrom('items').select('id').where('consultation_id', '=', consultationId).where('deleted_at', 'is', null);
  let query = db
    .selectFrom('attachments as a')
    .innerJoin('users as u', 'u.id', 'a.uploaded_by')
    .leftJoin('meetings as m', (j) => j.onRef('m.id', '=', 'a.owner_id').on('a.owner_type', '=', 'meeting'))
    .leftJoin('needs as n', (j) => j.onRef('n.id', '=', 'a.owner_id').on('a.owner_type', '=', 'need'))
    .leftJoin('item_comments as ic', (j) => j.onRef('ic.id', '=', 'a.owner_id').on('a.owner_type', '=', 'item_comment'))
    .leftJoin('progress_reports as r', (j) => j.onRef('r.id', '=', 'a.owner_id').on('a.owner_type', '=', 'report'))
    .leftJoin('completion_requests as cr', (j) => j.onRef('cr.id', '=', 'a.owner_id').on('a.owner_type', '=', 'completion'))
    .leftJoin('items as ci', 'ci.id', 'ic.item_id')
    .leftJoin('items as ri', 'ri.id', 'r.item_id')
    .leftJoin('items as cri', 'cri.id', 'cr.item_id')
    .select([
      'a.id',
      'a.owner_type',
      'a.filename',
      'a.mime',
      'a.size',
      'a.created_at',
      'u.display_name as uploaded_by',
      'm.id as meeting_id',
      'm.held_on as meeting_held_on',
      'm.venue as meeting_venue',
      'n.id as need_id',
      'n.title as need_title',
      'r.period as report_period',
      'ci.id as comment_item_id',
      'ci.title as comment_item_title',
      'ri.id as report_item_id',
      'ri.title as report_item_title',
      'cri.id as completion_item_id',
      'cri.title as completion_item_title',
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb('a.owner_type', '=', 'meeting'), eb('a.owner_id', 'in', db.selectFrom('meetings').select('id').where('consultation_id', '=', consultationId))]),
        eb.and([eb('a.owner_type', '=', 'need'), eb('a.owner_id', 'in', db.selectFrom('needs').select('id').where('consultation_id', '=', consultationId))]),
        eb.and([
          eb('a.owner_type', '=', 'item_comment'),
          eb('a.owner_id', 'in', db.selectFrom('item_comments').select('id').where('item_id', 'in', liveItems).where('deleted_at', 'is', null)),
        ]),
        eb.and([eb('a.owner_type', '=', 'report'), eb('a.owner_id', 'in', db.selectFrom('progress_reports').select('id').where('item_id', 'in', liveItems))]),
        eb.and([eb('a.owner_type', '=', 'completion'), eb('a.owner_id', 'in', db.selectFrom('completion_requests').select('id').where('item_id', 'in', liveItems))]),
      ]),
    );
  if (q.beforeId !== undefined) query = query.where('a.id', '<', q.beforeId);
  return query.orderBy('a.id', 'desc').limit(q.limit).execute();
}
export type FileRow = Awaited<ReturnType<typeof filesOf>>[number];
