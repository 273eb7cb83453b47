import type { ItemStatus } from '../../../domain/items.js';
import type { Light } from '../../../domain/supervision.js';
import type { Actor } from '../../platform/actor.js';
import { ancestorIds } from '../../platform/actor.js';
import type { Db, Tx } from '../../platform/db.js';
import { listedForActor, type Party, visibleToActor } from '../consultations/consultations.policy.js';
import { reusableQuery } from '../../platform/reusable-query.js';
import { visibilityKey } from '../consultations/consultations.policy.js';

type Conn = Db | Tx;

// The item page reads its links on every view: built once per shape (reusable-query.ts).
const parentQuery = reusableQuery((db, p: { id: number }) =>
  db
    .selectFrom('items as ch')
    .leftJoin('items as p', (j) => j.onRef('p.id', '=', 'ch.parent_item_id').on('p.deleted_at', 'is', null))
    .leftJoin('consultations as pc', 'pc.id', 'p.consultation_id')
    .select(['ch.parent_item_id', 'p.id as parent_id', 'p.title as parent_title', 'p.consultation_id as parent_consultation_id', 'pc.title as parent_consultation_title'])
    .where('ch.id', '=', p.id)
    .where('ch.deleted_at', 'is', null),
);

/** The item's own link and its parent's summary, in one query (a deleted parent is no parent). */
export async function parentOf(db: Conn, id: number) {
  return (await parentQuery.run(db, { id }))[0];
}

export interface ChildRow {
  id: number;
  title: string;
  consultation_id: number;
  consultation_title: string;
  status: ItemStatus;
  light: Light;
  progress: number;
  version: number;
}

const childrenQuery = reusableQuery((db, p: { parentId: number }, actor: Actor) =>
  db
    .selectFrom('items as i')
    .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
    .select(['i.id', 'i.title', 'i.consultation_id', 'c.title as consultation_title', 'i.status', 'i.light', 'i.progress', 'i.version'])
    .where('i.parent_item_id', '=', p.parentId)
    .where('i.deleted_at', 'is', null)
    .where((eb) => visibleToActor(eb, actor))
    .orderBy('c.id')
    .orderBy('i.category')
    .orderBy('i.sort_order')
    .orderBy('i.id'),
);

/**
 * The live children of an item that the caller may see, read afresh on every request: a county's
 * change to its item shows on the parent at once. Ordered by consultation, then by ledger order.
 */
export async function childrenOf(db: Conn, parentId: number, actor: Actor): Promise<ChildRow[]> {
  // The visibility rule reads the caller's organisation and scope paths alone (the key).
  return childrenQuery.run(db, { parentId }, actor, visibilityKey(actor));
}

const partiesQuery = reusableQuery((db, p: { ids: number[] }) =>
  db
    .selectFrom('consultation_parties as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select(['p.consultation_id', 'p.org_id', 'p.side', 'o.name', 'o.path'])
    .where('p.consultation_id', 'in', p.ids)
    .orderBy('p.side')
    .orderBy('o.sort_order')
    .orderBy('o.id'),
);

/** Every party of these consultations, by consultation, in one query. */
export async function partiesOf(db: Conn, ids: number[]): Promise<Map<number, Party[]>> {
  const out = new Map<number, Party[]>();
  if (!ids.length) return out;
  const rows = await partiesQuery.run(db, { ids });
  for (const r of rows) {
    const list = out.get(r.consultation_id) ?? [];
    list.push({ orgId: r.org_id, orgName: r.name, orgPath: r.path, side: r.side });
    out.set(r.consultation_id, list);
  }
  return out;
}

export interface OrgNode {
  id: number;
  parent_id: number | null;
  kind: string;
}

/** The organisations on these paths (each organisation and all above it), by id. */
export async function orgsOnPaths(db: Conn, paths: string[]): Promise<Map<number, OrgNode>> {
  const ids = [...new Set(paths.flatMap(ancestorIds))];
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'parent_id', 'kind']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** The consultations the caller sees that are not closed: where an item may be broken down to. */
export async function openConsultationsOf(db: Conn, actor: Actor) {
  return db
    .selectFrom('consultations as c')
    .select(['c.id', 'c.title', 'c.year', 'c.status'])
    .where((eb) => listedForActor(eb, actor))
    .where('c.status', '!=', 'closed')
    .orderBy('c.year', 'desc')
    .orderBy('c.id')
    .execute();
}

/** The parent link of one item, read on the way up a chain (cycle check). */
export async function parentIdOf(db: Conn, id: number): Promise<number | null> {
  const row = await db.selectFrom('items').select('parent_item_id').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return row?.parent_item_id ?? null;
}
