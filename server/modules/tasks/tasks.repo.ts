import type { SelectQueryBuilder } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import type { Db, Tx } from '../../platform/db.js';
import { listedForActor } from '../consultations/consultations.policy.js';

type Conn = Db | Tx;

export interface Slice<T> {
  count: number;
  rows: T[];
}

/** The rows a task query matches, counted in the database rather than loaded. */
async function countOf<DB, TB extends keyof DB>(q: SelectQueryBuilder<DB, TB, object>): Promise<number> {
  const r = await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  return Number((r as { n?: number | string } | undefined)?.n ?? 0);
}

/** The caller's consultations still running; every task below is found inside these and no others. */
export async function openConsultations(db: Conn, actor: Actor) {
  return db
    .selectFrom('consultations as c')
    .select(['c.id', 'c.title', 'c.status', 'c.adopted_on', 'c.report_cycle', 'c.report_due_days'])
    .where((eb) => listedForActor(eb, actor))
    .where('c.status', '!=', 'closed')
    .execute();
}

export type OpenConsultation = Awaited<ReturnType<typeof openConsultations>>[number];

function itemsIn(db: Conn, consultationIds: number[]) {
  return db.selectFrom('items as i').where('i.consultation_id', 'in', consultationIds).where('i.deleted_at', 'is', null);
}

export async function reportsByStatus(db: Conn, consultationIds: number[], status: string, limit: number) {
  const q = itemsIn(db, consultationIds).innerJoin('progress_reports as r', 'r.item_id', 'i.id').where('r.status', '=', status);
  const [count, rows] = await Promise.all([
    countOf(q),
    q.select(['r.id', 'r.period', 'r.submitted_at', 'i.id as item_id', 'i.title', 'i.consultation_id']).orderBy('r.submitted_at').orderBy('r.id').limit(limit).execute(),
  ]);
  return { count, rows };
}

export async function pendingCompletions(db: Conn, consultationIds: number[], limit: number) {
  const q = itemsIn(db, consultationIds).innerJoin('completion_requests as r', 'r.item_id', 'i.id').where('r.status', '=', 'pending');
  const [count, rows] = await Promise.all([
    countOf(q),
    q.select(['r.id', 'r.requested_at', 'i.id as item_id', 'i.title', 'i.consultation_id']).orderBy('r.requested_at').orderBy('r.id').limit(limit).execute(),
  ]);
  return { count, rows };
}

export async function noticesByStatus(db: Conn, consultationIds: number[], status: string, limit: number) {
  const q = itemsIn(db, consultationIds).innerJoin('supervision_notices as n', 'n.item_id', 'i.id').where('n.status', '=', status);
  const [count, rows] = await Promise.all([
    countOf(q),
    q.select(['n.id', 'n.response_due', 'i.id as item_id', 'i.title', 'i.consultation_id']).orderBy('n.updated_at').orderBy('n.id').limit(limit).execute(),
  ]);
  return { count, rows };
}

/** Signed notices of items whose lead unit is the caller's organisation or one above it. */
export async function signedNoticesOfLeadUnits(db: Conn, consultationIds: number[], leadUnitIds: number[], limit: number) {
  const q = itemsIn(db, consultationIds)
    .innerJoin('supervision_notices as n', 'n.item_id', 'i.id')
    .innerJoin('organisations as lu', 'lu.id', 'i.lead_unit_id')
    .where('n.status', '=', 'signed')
    .where('i.lead_unit_id', 'in', leadUnitIds);
  const [count, rows] = await Promise.all([
    countOf(q),
    q
      .select(['n.id', 'n.response_due', 'lu.path as lead_path', 'i.id as item_id', 'i.title', 'i.consultation_id'])
      .orderBy('n.response_due')
      .orderBy('n.id')
      .limit(limit)
      .execute(),
  ]);
  return { count, rows };
}

export async function submittedNeeds(db: Conn, consultationIds: number[], limit: number) {
  const q = db.selectFrom('needs as n').where('n.consultation_id', 'in', consultationIds).where('n.status', '=', 'submitted');
  const [count, rows] = await Promise.all([
    countOf(q),
    q.select(['n.id', 'n.title', 'n.consultation_id', 'n.created_at']).orderBy('n.created_at').orderBy('n.id').limit(limit).execute(),
  ]);
  return { count, rows };
}

/** Pending requests filed by `filedBy` in the given consultations: the other side decides them. */
export async function pendingChangeRequests(db: Conn, pairs: { consultationIds: number[]; filedBy: 'host' | 'partner' }[], limit: number) {
  const wanted = pairs.filter((p) => p.consultationIds.length);
  const q = db
    .selectFrom('change_requests as cr')
    .leftJoin('items as i', 'i.id', 'cr.item_id')
    .where('cr.status', '=', 'pending')
    .where((eb) => eb.or(wanted.map((p) => eb.and([eb('cr.consultation_id', 'in', p.consultationIds), eb('cr.side', '=', p.filedBy)]))));
  const [count, rows] = await Promise.all([
    countOf(q),
    q.select(['cr.id', 'cr.kind', 'cr.proposed_json', 'cr.consultation_id', 'cr.item_id', 'i.title']).orderBy('cr.created_at').orderBy('cr.id').limit(limit).execute(),
  ]);
  return { count, rows };
}

/** Live items the caller reports for: every item of the given consultations, or those led by the given units. */
export async function reportingItems(db: Conn, allOf: number[], ledIn: { consultationIds: number[]; unitIds: number[] }) {
  const items = await db
    .selectFrom('items as i')
    .select(['i.id', 'i.title', 'i.consultation_id', 'i.status', 'i.closed_on'])
    .where('i.deleted_at', 'is', null)
    .where((eb) => {
      const any = [];
      if (allOf.length) any.push(eb('i.consultation_id', 'in', allOf));
      if (ledIn.consultationIds.length && ledIn.unitIds.length) {
        any.push(eb.and([eb('i.consultation_id', 'in', ledIn.consultationIds), eb('i.lead_unit_id', 'in', ledIn.unitIds)]));
      }
      return eb.or(any);
    })
    .orderBy('i.consultation_id')
    .orderBy('i.sort_order')
    .orderBy('i.id')
    .execute();
  const ids = items.map((i) => i.id);
  const reports = ids.length
    ? await db.selectFrom('progress_reports').select(['id', 'item_id', 'period', 'status', 'first_submitted_at']).where('item_id', 'in', ids).execute()
    : [];
  return { items, reports };
}
