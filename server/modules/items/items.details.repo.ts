import { sql, type Expression } from 'kysely';
import type { Agreement } from '../../../domain/agreement.js';
import type { Db, Tx } from '../../platform/db.js';
import { reusableQuery } from '../../platform/reusable-query.js';

// The reads that complete a page of items: its cooperating units and its agreement marks.

type Conn = Db | Tx;

const coUnitsQuery = reusableQuery((db, p: { ids: number[] }) =>
  db
    .selectFrom('item_co_units as cu')
    .innerJoin('organisations as o', 'o.id', 'cu.org_id')
    .select(['cu.item_id', 'cu.org_id', 'o.name'])
    .where('cu.item_id', 'in', p.ids)
    .orderBy('cu.item_id')
    .orderBy('cu.sort_order'),
);

export async function coUnitsOf(db: Conn, itemIds: number[]) {
  const out = new Map<number, { id: number; name: string }[]>();
  if (!itemIds.length) return out;
  const rows = await coUnitsQuery.run(db, { ids: itemIds });
  for (const r of rows) {
    const list = out.get(r.item_id) ?? [];
    list.push({ id: r.org_id, name: r.name });
    out.set(r.item_id, list);
  }
  return out;
}

/**
 * Both kinds of rows in one round trip: an agreement row has a side, a co-unit row none (co-units keep
 * their order). For a list of items, or for the item an enclosing query is on (the item page).
 */
export function detailRows(db: Conn, items: number[] | Expression<number>) {
  return db
    .selectFrom('item_co_units as cu')
    .innerJoin('organisations as o', 'o.id', 'cu.org_id')
    .select([
      'cu.item_id',
      'cu.sort_order as ord',
      sql<number | null>`cu.org_id`.as('org_id'),
      'o.name',
      sql<'host' | 'partner' | null>`null`.as('side'),
      sql<number | null>`null`.as('agreed'),
      sql<string | null>`null`.as('note'),
      sql<string | null>`null`.as('at'),
    ])
    .where((eb) => (Array.isArray(items) ? eb('cu.item_id', 'in', items) : eb('cu.item_id', '=', items)))
    .unionAll((eb) =>
      eb
        .selectFrom('item_agreements as a')
        .innerJoin('users as u', 'u.id', 'a.user_id')
        .select([
          'a.item_id',
          sql<number>`-1`.as('ord'),
          sql<number | null>`null`.as('org_id'),
          'u.display_name as name',
          sql<'host' | 'partner' | null>`a.side`.as('side'),
          sql<number | null>`a.agreed`.as('agreed'),
          sql<string | null>`a.note`.as('note'),
          sql<string | null>`a.at`.as('at'),
        ])
        .where((eb) => (Array.isArray(items) ? eb('a.item_id', 'in', items) : eb('a.item_id', '=', items))),
    )
    .orderBy('item_id')
    .orderBy('ord');
}

export type DetailRow = Awaited<ReturnType<ReturnType<typeof detailRows>['execute']>>[number];

const detailsQuery = reusableQuery((db, p: { ids: number[] }) => detailRows(db, p.ids));

/** Co-units and agreement marks by item, from rows in detailRows' order. */
export function collectDetails(rows: DetailRow[]) {
  const co = new Map<number, { id: number; name: string }[]>();
  const agreements = new Map<number, Agreement>();
  for (const r of rows) {
    if (r.side === null) {
      const list = co.get(r.item_id) ?? [];
      list.push({ id: r.org_id!, name: r.name });
      co.set(r.item_id, list);
    } else {
      const a = agreements.get(r.item_id) ?? { host: null, partner: null };
      a[r.side] = { agreed: r.agreed === 1, note: r.note!, by: r.name, at: r.at! };
      agreements.set(r.item_id, a);
    }
  }
  return (id: number) => ({ coUnits: co.get(id) ?? [], agreement: agreements.get(id) ?? { host: null, partner: null } });
}

/** Co-units and agreement marks of a page of items: one query whatever its length. */
export async function detailsOf(db: Conn, itemIds: number[]) {
  return collectDetails(itemIds.length ? await detailsQuery.run(db, { ids: itemIds }) : []);
}
