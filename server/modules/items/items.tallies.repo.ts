import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { CATEGORIES } from '../../../domain/items.js';
import type { Db } from '../../platform/db.js';

/*
 * The live items of a scope counted from the per-consultation tallies the triggers on items keep
 * (migration 0034). Each read is one pass over the scope's tally rows with the counts as sums side
 * by side: grouping those rows by their text columns (category, light, status) cost several times
 * the pass itself. items.tallies.ts reads the columns back.
 */

const some = (ids: number[]) => (ids.length ? ids : [0]);
export const COLOURED = ['green', 'yellow', 'red'] as const;

const sumIf = (cond: RawBuilder<SqlBool>) => sql<number | string>`sum(case when ${cond} then t.n else 0 end)`;
const total = () => sql<number | string>`sum(t.n)`.as('n');
const byLight = () => COLOURED.map((l) => sumIf(sql`t.light = ${l}`).as(`l_${l}`));
const byClosing = () => [sumIf(sql`t.status = 'completed'`).as('completed'), sumIf(sql`t.status = 'cancelled'`).as('cancelled')];

/** Per consultation: n; l_<light> for green, yellow, red; completed, cancelled; c<i> and c<i>_<light> for CATEGORIES[i]. */
export async function sumsByConsultation(db: Db, ids: number[]) {
  return db
    .selectFrom('item_tallies as t')
    .where('t.consultation_id', 'in', some(ids))
    .select([
      't.consultation_id',
      total(),
      ...byLight(),
      ...byClosing(),
      ...CATEGORIES.flatMap((c, i) => [sumIf(sql`t.category = ${c}`).as(`c${i}`), ...COLOURED.map((l) => sumIf(sql`t.category = ${c} and t.light = ${l}`).as(`c${i}_${l}`))]),
    ])
    .groupBy('t.consultation_id')
    .execute();
}

/** Per lead unit (0: none), with its name: n; l_<light> for green, yellow, red; completed, cancelled. */
export async function sumsByUnit(db: Db, ids: number[]) {
  const units = db
    .selectFrom('item_tallies as t')
    .where('t.consultation_id', 'in', some(ids))
    .select(['t.lead_unit_id', total(), ...byLight(), ...byClosing()])
    .groupBy('t.lead_unit_id');
  // Names are joined to the units, not to every tally row before grouping.
  return db.selectFrom(units.as('u')).leftJoin('organisations as lu', 'lu.id', 'u.lead_unit_id').selectAll('u').select('lu.name as lead_unit_name').execute();
}
