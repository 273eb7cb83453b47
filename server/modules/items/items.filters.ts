import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { CLOSED_ITEM_STATUSES, type Category, type ItemListQuery, type ItemStatus } from '../../../domain/items.js';
import type { Light } from '../../../domain/supervision.js';
import { containsText } from '../../platform/db-helpers.js';
import type { Db, Dialect } from '../../platform/db.js';
import type { ItemsTable } from '../../platform/db-schema.js';

/**
 * Overdue (逾期) in SQL, for every list that filters or counts overdue items (item list, board,
 * ledger export), so they all agree with domain/items.ts isOverdue. The query must alias items as `i`.
 */
export function overdueOn(today: string): Expression<SqlBool> {
  const closed = sql.join(CLOSED_ITEM_STATUSES.map((s) => sql.lit(s)));
  return sql<SqlBool>`(i.deadline < ${today} and i.ongoing = 0 and i.status not in (${closed}))`;
}

/**
 * The ids of the first `limit` live items of these consultations overdue on `today`, oldest deadline
 * first: read from the open-items index (migration 0035) alone, so a list of the longest overdue
 * reads only its own rows rather than every overdue item of a province before sorting.
 */
export function firstOverdueIds(db: Db, consultationIds: number[], today: string, limit: number) {
  return db
    .selectFrom('items as i')
    .select('i.id')
    .where('i.consultation_id', 'in', consultationIds.length ? consultationIds : [0])
    .where('i.deleted_at', 'is', null)
    .where(overdueOn(today))
    .orderBy('i.deadline')
    .orderBy('i.id')
    .limit(limit);
}

/** The item list's filters, as the list API and the ledger export both take them. */
export interface ItemFilter {
  category?: Category;
  domain?: string;
  status?: ItemStatus;
  leadUnitId?: number;
  light?: Light;
  /** Only items overdue on this day. */
  overdueOn?: string;
  /** Text in the title or content. */
  text?: string;
}

/**
 * The one where-clause of the item filters. Each condition is added only when its value is present
 * and hands the value to Kysely unchanged, so a reusable (compiled-once) list query may call it.
 */
export function itemFilter<DB, TB extends keyof DB>(outer: ExpressionBuilder<DB, TB>, dialect: Dialect, f: ItemFilter): Expression<SqlBool> {
  // Callers join other tables; the filter reads only `i`, so it is typed against that alias alone.
  const eb = outer as unknown as ExpressionBuilder<{ i: ItemsTable }, 'i'>;
  const all: Expression<SqlBool>[] = [];
  if (f.category !== undefined) all.push(eb('i.category', '=', f.category));
  if (f.domain !== undefined) all.push(eb('i.domain', '=', f.domain));
  if (f.status !== undefined) all.push(eb('i.status', '=', f.status));
  if (f.leadUnitId !== undefined) all.push(eb('i.lead_unit_id', '=', f.leadUnitId));
  // Both served by indexes: (consultation_id, light, id) and the consultation_id prefix of the list index.
  if (f.light !== undefined) all.push(eb('i.light', '=', f.light));
  if (f.overdueOn !== undefined) all.push(overdueOn(f.overdueOn));
  if (f.text) all.push(eb.or([containsText(dialect, eb.ref('i.title'), f.text), containsText(dialect, eb.ref('i.content'), f.text)]));
  return eb.and(all);
}

/** The list's filters as the API takes them (zItemListQuery without its paging). */
export type ItemListFilters = Omit<ItemListQuery, 'cursor' | 'limit'>;

/** From the API's query to the filter: `overdue=true` means overdue today. */
export function itemFilterOf(q: ItemListFilters, today: string): ItemFilter {
  return {
    category: q.category,
    domain: q.domain,
    status: q.status,
    leadUnitId: q.leadUnitId,
    light: q.light,
    overdueOn: q.overdue ? today : undefined,
    text: q.q,
  };
}
