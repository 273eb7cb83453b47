import { LIVE_CONSULTATION_STATUSES } from '../../../domain/consultations.js';
import type { Category } from '../../../domain/items.js';
import type { Light } from '../../../domain/supervision.js';
import type { Actor } from '../../platform/actor.js';
import type { Db } from '../../platform/db.js';
import { consultationIdsInScope } from '../consultations/consultations.policy.js';
import { firstOverdueIds, overdueOn } from '../items/items.filters.js';

/** Consultations whose list is in force; the cross-consultation board covers these. */

const CONSULTATION_COLUMNS = ['c.id', 'c.title', 'c.status', 'c.adopted_on', 'c.report_cycle', 'c.report_due_days'] as const;

export async function consultationRow(db: Db, id: number) {
  return db.selectFrom('consultations as c').select(CONSULTATION_COLUMNS).where('c.id', '=', id).executeTakeFirstOrThrow();
}

/** The live consultations in the caller's scope, found by the list form of the scope rule. */
export async function consultationsInScope(db: Db, actor: Actor) {
  return db
    .selectFrom('consultations as c')
    .select(CONSULTATION_COLUMNS)
    .where('c.id', 'in', consultationIdsInScope(actor))
    .where('c.status', 'in', LIVE_CONSULTATION_STATUSES)
    .orderBy('c.year', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
}

export type BoardConsultation = Awaited<ReturnType<typeof consultationsInScope>>[number];

const live = (ids: number[]) => (ids.length ? ids : [0]);

function drillBase(db: Db) {
  return db
    .selectFrom('items as i')
    .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
    .leftJoin('organisations as lu', 'lu.id', 'i.lead_unit_id')
    .select([
      'i.id',
      'i.consultation_id',
      'c.title as consultation_title',
      'i.title',
      'i.category',
      'i.status',
      'i.light',
      'i.light_reasons_json',
      'i.deadline',
      'i.lead_unit_id',
      'lu.name as lead_unit_name',
      'i.version',
    ])
    .where('i.deleted_at', 'is', null);
}

export type BoardItemRow = Awaited<ReturnType<ReturnType<typeof drillBase>['execute']>>[number];

/** Open items past their deadline, oldest deadline first. */
export async function overdueRows(db: Db, ids: number[], today: string, limit: number) {
  return drillBase(db)
    .where('i.id', 'in', firstOverdueIds(db, ids, today, limit))
    .orderBy('i.deadline')
    .orderBy('i.id')
    .execute();
}

export async function countOverdue(db: Db, ids: number[], today: string): Promise<number> {
  const row = await db
    .selectFrom('items as i')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('i.consultation_id', 'in', live(ids))
    .where('i.deleted_at', 'is', null)
    .where(overdueOn(today))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface DrillFilter {
  light?: Light;
  category?: Category;
  leadUnitId?: number;
  overdueOn?: string;
  afterId?: number;
  limit: number;
}

/**
 * Which consultations' items: the ids given, or every live one in the caller's scope. The scope is
 * checked in the same statement: a bureau's is hundreds of consultations, which read first and sent
 * back as a parameter each cost a round trip and more than the list itself.
 */
export type DrillScope = number[] | { actor: Actor };

function drillFiltered(db: Db, scope: DrillScope, f: DrillFilter) {
  let q = drillBase(db);
  if (Array.isArray(scope)) q = q.where('i.consultation_id', 'in', live(scope));
  else q = q.where('c.id', 'in', consultationIdsInScope(scope.actor)).where('c.status', 'in', LIVE_CONSULTATION_STATUSES);
  if (f.light) q = q.where('i.light', '=', f.light);
  if (f.category) q = q.where('i.category', '=', f.category);
  if (f.leadUnitId) q = q.where('i.lead_unit_id', '=', f.leadUnitId);
  if (f.overdueOn) q = q.where(overdueOn(f.overdueOn));
  return q;
}

/** The items behind one number on the board, by keyset on id. */
export async function drillRows(db: Db, scope: DrillScope, f: DrillFilter) {
  let q = drillFiltered(db, scope, f);
  if (f.afterId) q = q.where('i.id', '>', f.afterId);
  return q.orderBy('i.id').limit(f.limit).execute();
}

/**
 * The same by nearest deadline, items without one after all the dated ones, keyset on (deadline, id).
 * Two walks of the (category, deadline, id) or (deadline, id) index rather than one ORDER BY with
 * NULLS LAST, which the two databases order differently and neither serves from the index.
 * `after`: the last row's deadline ('' for one without) and id.
 */
export async function drillRowsByDeadline(db: Db, scope: DrillScope, f: DrillFilter & { after?: [string, number] }) {
  const [deadline, id] = f.after ?? [null, 0];
  const dated =
    deadline === ''
      ? []
      : await drillFiltered(db, scope, f)
          .where('i.deadline', 'is not', null)
          .$if(deadline !== null, (q) => q.where((eb) => eb(eb.refTuple('i.deadline', 'i.id'), '>', eb.tuple(deadline!, id))))
          .orderBy('i.deadline')
          .orderBy('i.id')
          .limit(f.limit)
          .execute();
  if (dated.length === f.limit) return dated;
  const undated = await drillFiltered(db, scope, f)
    .where('i.deadline', 'is', null)
    .$if(deadline === '', (q) => q.where('i.id', '>', id))
    .orderBy('i.id')
    .limit(f.limit - dated.length)
    .execute();
  return [...dated, ...undated];
}

/** A consultation's reports by latest submission, newest first, keyset on (submitted_at, id). */
export async function recentReports(db: Db, consultationId: number, q: { after?: [string, number]; limit: number }) {
  let query = db
    .selectFrom('progress_reports as r')
    .innerJoin('items as i', 'i.id', 'r.item_id')
    .innerJoin('organisations as ao', 'ao.id', 'r.author_org_id')
    .leftJoin('organisations as lu', 'lu.id', 'i.lead_unit_id')
    .select([
      'r.id',
      'r.item_id',
      'i.title as item_title',
      'i.category',
      'r.period',
      'r.status',
      'r.percent',
      'r.submitted_at',
      'r.author_org_id',
      'ao.name as author_org_name',
      'i.lead_unit_id',
      'lu.name as lead_unit_name',
    ])
    .where('i.consultation_id', '=', consultationId)
    .where('i.deleted_at', 'is', null);
  if (q.after) {
    const [at, id] = q.after;
    query = query.where((eb) => eb.or([eb('r.submitted_at', '<', at), eb.and([eb('r.submitted_at', '=', at), eb('r.id', '<', id)])]));
  }
  return query.orderBy('r.submitted_at', 'desc').orderBy('r.id', 'desc').limit(q.limit).execute();
}
