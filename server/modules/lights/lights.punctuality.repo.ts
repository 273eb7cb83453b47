import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { LIVE_CONSULTATION_STATUSES } from '../../../domain/consultations.js';
import { CLOSED_ITEM_STATUSES } from '../../../domain/items.js';
import type { Db } from '../../platform/db.js';

/*
 * The stored punctuality read in bulk (lights.service.ts writes it). Every query takes the
 * consultation ids the caller chose from its scope and reads items joined to their consultation as
 * `i` and `c`, so the stored values are only trusted while they hold for `today` and were computed
 * from the consultation's current settings and the item's current closing (built here in SQL).
 */

const some = (ids: number[]) => (ids.length ? ids : [0]);

/**
 * Each consultation's punctualityBasis in SQL, computed once per consultation (a materialised CTE):
 * built per item row, or per item × consultation pair in a nested loop, it cost PostgreSQL several
 * times the rest of the tally.
 */
const consultationBases = (db: Db, ids: number[]) =>
  db
    .selectFrom('consultations')
    .select([
      'id',
      sql<string>`(case when status in (${sql.join([...LIVE_CONSULTATION_STATUSES])}) then coalesce(adopted_on, '') else '' end)
        || '|' || report_cycle || '|' || cast(report_due_days as varchar(10))`.as('basis'),
    ])
    .where('id', 'in', some(ids));

/** Whether an item's stored values are the ones the live tally would give today (punctualityClosing in SQL for the closing). */
const freshOn = (today: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`(i.punct_from <= ${today} and i.punct_until > ${today} and i.punct_basis = c.basis
    and i.punct_closed = coalesce(i.closed_on, case when i.status in (${sql.join([...CLOSED_ITEM_STATUSES])}) then 'u' else '' end))`;
/** 1 when fresh, 0 otherwise (also when never computed: the comparisons with null are not true). */
const freshFlag = (today: string) => sql<number>`case when ${freshOn(today)} then 1 else 0 end`;

/** Items that can owe reports: live, not cancelled (cancelled ones count for no unit's rate); `c` carries the basis. */
const owing = (db: Db, ids: number[]) =>
  db
    .with(
      (cte) => cte('c').materialized(),
      () => consultationBases(db, ids),
    )
    .selectFrom('items as i')
    .innerJoin('c', 'c.id', 'i.consultation_id')
    .where('i.consultation_id', 'in', some(ids))
    .where('i.deleted_at', 'is', null)
    .where('i.status', '<>', 'cancelled');

/**
 * The fresh items' stored counts by lead unit and current-period state in one grouped query, with
 * how many items in each group are stale (the caller tallies those live). Read from the
 * per-consultation sums the database keeps (migration 0035), not from every item: each sum's row
 * carries the day range, settings and closing check of its items, so freshness is decided per row
 * exactly as freshOn decides it per item. Lead unit 0 is none; state '' is none.
 */
export async function storedTally(db: Db, ids: number[], today: string) {
  const fresh = sql<number>`case when t.valid_from <= ${today} and t.valid_until > ${today} and t.basis = c.basis and t.ok = 1 then 1 else 0 end`;
  const rows = await db
    .with(
      (cte) => cte('c').materialized(),
      () => consultationBases(db, ids),
    )
    .selectFrom('item_punctuality_tallies as t')
    .innerJoin('c', 'c.id', 't.consultation_id')
    .where('t.consultation_id', 'in', some(ids))
    .select((eb) => [
      't.lead_unit_id',
      't.state',
      eb.fn.sum<number>(sql`${fresh} * t.n`).as('fresh'),
      eb.fn.sum<number>(sql`${fresh} * t.on_time`).as('on_time'),
      eb.fn.sum<number>(sql`${fresh} * t.late`).as('late'),
      eb.fn.sum<number>(sql`${fresh} * t.missing`).as('missing'),
      eb.fn.sum<number>(sql`${fresh} * t.pending`).as('pending'),
      eb.fn.sum<number>('t.n').as('n'),
    ])
    .groupBy(['t.lead_unit_id', 't.state'])
    .execute();
  return rows.map((r) => ({
    leadUnitId: r.lead_unit_id === 0 ? null : r.lead_unit_id,
    state: r.state === '' ? null : r.state,
    fresh: Number(r.fresh),
    stale: Number(r.n) - Number(r.fresh),
    onTime: Number(r.on_time),
    late: Number(r.late),
    missing: Number(r.missing),
    pending: Number(r.pending),
  }));
}

/** What a row of the current period's report list shows of its item. */
const ROW_COLUMNS = ['i.id', 'i.consultation_id', 'i.title', 'i.status', 'i.closed_on', 'i.light', 'i.light_reasons_json', 'i.lead_unit_id'] as const;

/** The next (due day, id) of live items with a current-period slot, after a cursor: read from the (consultation, due day, id) index alone. */
function dueAfter(db: Db, ids: number[], after: [string, number] | undefined, limit: number) {
  return db
    .selectFrom('items as i')
    .select(['i.id', 'i.punct_due'])
    .where('i.consultation_id', 'in', some(ids))
    .where('i.deleted_at', 'is', null)
    .where('i.punct_due', 'is not', null)
    .$if(after !== undefined, (q) => q.where((eb) => eb(eb.refTuple('i.punct_due', 'i.id'), '>', eb.tuple(after![0], after![1]))))
    .orderBy('i.punct_due')
    .orderBy('i.id')
    .limit(limit)
    .execute();
}

/**
 * One page of the fresh items that owe a report for the current period, by (due day, id), after a
 * cursor. The next candidates come from the index alone, and only their rows are read to keep the
 * fresh, owing ones: PostgreSQL cannot estimate the freshness test, and asked for the page in one
 * query it read and tested every item of a province's 282 consultations before sorting. After the
 * nightly sweep nearly every candidate is fresh, so one round is the rule. `minBatch`: the fewest
 * candidates a round reads (64; a test sets it lower to cross rounds on a small list).
 */
export async function storedCurrentRows(db: Db, ids: number[], today: string, page: { after?: [string, number]; limit: number; minBatch?: number }) {
  const out = [];
  let after = page.after;
  for (;;) {
    const batch = Math.max(2 * (page.limit - out.length), page.minBatch ?? 64);
    const candidates = await dueAfter(db, ids, after, batch);
    if (!candidates.length) break;
    const rows = await owing(db, ids)
      .leftJoin('organisations as lu', 'lu.id', 'i.lead_unit_id')
      .select([...ROW_COLUMNS, 'i.punct_period', 'i.punct_state', 'i.punct_due', 'lu.name as lead_unit_name'])
      .where(
        'i.id',
        'in',
        candidates.map((c) => c.id),
      )
      .where(freshOn(today))
      .orderBy('i.punct_due')
      .orderBy('i.id')
      .execute();
    out.push(...rows.slice(0, page.limit - out.length));
    if (out.length >= page.limit || candidates.length < batch) break;
    const last = candidates[candidates.length - 1];
    after = [last.punct_due!, last.id];
  }
  return out;
}

/** The stale items (changed since, or never computed) with what the live tally needs; none once the sweep has run. */
export async function staleItems(db: Db, ids: number[], today: string) {
  return owing(db, ids)
    .leftJoin('organisations as lu', 'lu.id', 'i.lead_unit_id')
    .select([...ROW_COLUMNS, 'lu.name as lead_unit_name'])
    .where(sql<SqlBool>`${freshFlag(today)} = 0`)
    .execute();
}

/** The reports of those stale items, joined rather than listed by id. */
export async function staleReports(db: Db, ids: number[], today: string) {
  return owing(db, ids)
    .innerJoin('progress_reports as r', 'r.item_id', 'i.id')
    .select(['r.item_id', 'r.period', 'r.status', 'r.first_submitted_at'])
    .where(sql<SqlBool>`${freshFlag(today)} = 0`)
    .execute();
}
