import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { DASHBOARD_AGREED_STATUSES } from '../../../domain/dashboard.js';
import type { Actor } from '../../platform/actor.js';
import { ancestorIds } from '../../platform/actor.js';
import type { Db } from '../../platform/db.js';
import { dialectOf } from '../../platform/db-helpers.js';
import type { ItemsTable } from '../../platform/db-schema.js';
import { listedForActor } from '../consultations/consultations.policy.js';
import { firstOverdueIds, itemFilter, overdueOn, type ItemFilter } from '../items/items.filters.js';

// Every query below takes the consultation ids the service chose from the caller's scope, so no row
// outside it is read; each is one grouped query, whatever the number of items.

/** An empty id list would be `in ()`, which PostgreSQL rejects: no id matches 0. */
const some = (ids: number[]) => (ids.length ? ids : [0]);

/** The agreed consultations in the caller's scope (the scope rule's list form), newest first. */
export async function agreedConsultations(db: Db, actor: Actor) {
  return db
    .selectFrom('consultations as c')
    .select(['c.id', 'c.title', 'c.year', 'c.status', 'c.adopted_on', 'c.report_cycle', 'c.report_due_days'])
    .where((eb) => listedForActor(eb, actor))
    .where('c.status', 'in', DASHBOARD_AGREED_STATUSES)
    .orderBy('c.year', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
}
export type DashboardConsultation = Awaited<ReturnType<typeof agreedConsultations>>[number];

/** The partner organisations of those consultations, with their paths (the county is found from them). */
export async function partnersOf(db: Db, ids: number[]) {
  return db
    .selectFrom('consultation_parties as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select(['p.consultation_id', 'o.id', 'o.path'])
    .where('p.consultation_id', 'in', some(ids))
    .where('p.side', '=', 'partner')
    .execute();
}

/** The counties (县/区) among the given organisations and everything above them. */
export async function countiesAbove(db: Db, paths: string[]) {
  const ids = [...new Set(paths.flatMap(ancestorIds))];
  return db.selectFrom('organisations').select(['id', 'name', 'division_code', 'path']).where('id', 'in', some(ids)).where('kind', '=', 'county').execute();
}

export async function orgPath(db: Db, id: number): Promise<string | null> {
  const row = await db.selectFrom('organisations').select('path').where('id', '=', id).executeTakeFirst();
  return row?.path ?? null;
}

const liveItems = (db: Db, ids: number[]) => db.selectFrom('items as i').where('i.consultation_id', 'in', some(ids)).where('i.deleted_at', 'is', null);

/*
 * The counts below read the per-consultation tallies the database keeps on every item write
 * (migration 0034) instead of grouping each live item: a province's 282 consultations are a few
 * thousand tally rows where they were 42,000 items per count (the counts by light, status,
 * category and lead unit: items.tallies.repo.ts). A tally's closing day '' is an item without one.
 */
const tallies = (db: Db, ids: number[]) => db.selectFrom('item_tallies as t').where('t.consultation_id', 'in', some(ids));

export async function countByDomain(db: Db, ids: number[]) {
  return db
    .selectFrom('item_domain_tallies as t')
    .where('t.consultation_id', 'in', some(ids))
    .select(['t.domain', 't.light', (eb) => eb.fn.sum<number>('t.n').as('n')])
    .groupBy(['t.domain', 't.light'])
    .execute();
}

/** Completed items by closing day (null: completed without a recorded day); quarters are summed from these. */
export async function completedByDay(db: Db, ids: number[]) {
  const rows = await tallies(db, ids)
    .select(['t.closed_on', (eb) => eb.fn.sum<number>('t.n').as('n')])
    .where('t.status', '=', 'completed')
    .groupBy('t.closed_on')
    .execute();
  return rows.map((r) => ({ closed_on: r.closed_on === '' ? null : r.closed_on, n: r.n }));
}

export async function overdueByConsultation(db: Db, ids: number[], today: string) {
  return liveItems(db, ids)
    .select(['i.consultation_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where(overdueOn(today))
    .groupBy('i.consultation_id')
    .execute();
}

function itemRows(db: Db, ids: number[]) {
  return itemColumns(liveItems(db, ids));
}

function itemColumns(q: ReturnType<typeof liveItems>) {
  return q
    .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
    .leftJoin('organisations as lu', 'lu.id', 'i.lead_unit_id')
    .select([
      'i.id',
      'i.consultation_id',
      'c.title as consultation_title',
      'i.title',
      'i.category',
      'i.domain',
      'i.status',
      'i.progress',
      'i.light',
      'i.light_reasons_json',
      'i.deadline',
      'i.closed_on',
      'i.lead_unit_id',
      'lu.name as lead_unit_name',
    ]);
}
export type DashboardItemRow = Awaited<ReturnType<ReturnType<typeof itemRows>['execute']>>[number];

/** The oldest deadlines first: the items longest overdue lead the list. */
export async function overdueRows(db: Db, ids: number[], today: string, limit: number) {
  const first = db.selectFrom('items as i').where('i.id', 'in', firstOverdueIds(db, ids, today, limit));
  return itemColumns(first).orderBy('i.deadline').orderBy('i.id').execute();
}

/** The list's own filters beyond the item list's: the lead unit left unset, and the completion window. */
export interface DashboardItemFilter extends ItemFilter {
  noLeadUnit?: boolean;
  /** Completed with a closing day in [from, to]; `undated`: completed without one. */
  completed?: { from: string; to: string } | 'undated';
}

function where<DB, TB extends keyof DB>(outer: ExpressionBuilder<DB, TB>, db: Db, f: DashboardItemFilter): Expression<SqlBool> {
  // The item list's where-clause, so "category=joint_promotion&light=red" means here what it means in the ledger.
  const all: Expression<SqlBool>[] = [itemFilter(outer, dialectOf(db), f)];
  // Callers join other tables; these conditions read only `i`, as itemFilter's do.
  const eb = outer as unknown as ExpressionBuilder<{ i: ItemsTable }, 'i'>;
  if (f.noLeadUnit) all.push(eb('i.lead_unit_id', 'is', null));
  if (f.completed === 'undated') all.push(eb.and([eb('i.status', '=', 'completed'), eb('i.closed_on', 'is', null)]));
  else if (f.completed) all.push(eb.and([eb('i.status', '=', 'completed'), eb('i.closed_on', '>=', f.completed.from), eb('i.closed_on', '<=', f.completed.to)]));
  return eb.and(all);
}

/** One page of the items a filter matches, by keyset on id. */
export async function listItems(db: Db, ids: number[], f: DashboardItemFilter, page: { afterId?: number; limit: number }) {
  let q = itemRows(db, ids).where((eb) => where(eb, db, f));
  if (page.afterId) q = q.where('i.id', '>', page.afterId);
  return q.orderBy('i.id').limit(page.limit).execute();
}

export async function countItems(db: Db, ids: number[], f: DashboardItemFilter): Promise<number> {
  const row = await liveItems(db, ids)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => where(eb, db, f))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
