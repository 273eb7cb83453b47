import type { FilterPage } from '../../../domain/saved-filters.js';
import type { Db, Tx } from '../../platform/db.js';

const columns = ['f.id', 'f.owner_id', 'f.org_id', 'f.page', 'f.consultation_id', 'f.name', 'f.filters_json', 'f.shared', 'f.updated_at', 'u.display_name as owner_name'] as const;

function base(db: Db | Tx) {
  return db.selectFrom('saved_filters as f').innerJoin('users as u', 'u.id', 'f.owner_id').select(columns);
}
export type SavedFilterRow = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

/** The caller's own filters of a page and those shared in the caller's organisation, in one query. */
export function listFor(db: Db | Tx, userId: number, orgId: number, page: FilterPage, consultationId: number | null): Promise<SavedFilterRow[]> {
  return base(db)
    .where('f.page', '=', page)
    .where((eb) => (consultationId === null ? eb('f.consultation_id', 'is', null) : eb('f.consultation_id', '=', consultationId)))
    .where((eb) => eb.or([eb('f.owner_id', '=', userId), eb.and([eb('f.org_id', '=', orgId), eb('f.shared', '=', 1)])]))
    .orderBy('f.name')
    .orderBy('f.id')
    .execute();
}

export function getRow(db: Db | Tx, id: number): Promise<SavedFilterRow | undefined> {
  return base(db).where('f.id', '=', id).executeTakeFirst();
}

export async function countOwned(db: Db | Tx, userId: number, page: FilterPage): Promise<number> {
  const r = await db
    .selectFrom('saved_filters')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('owner_id', '=', userId)
    .where('page', '=', page)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insert(
  tx: Tx,
  v: { ownerId: number; orgId: number; page: FilterPage; consultationId: number | null; name: string; filtersJson: string; shared: boolean; now: string },
): Promise<number> {
  const r = await tx
    .insertInto('saved_filters')
    .values({
      owner_id: v.ownerId,
      org_id: v.orgId,
      page: v.page,
      consultation_id: v.consultationId,
      name: v.name,
      filters_json: v.filtersJson,
      shared: v.shared ? 1 : 0,
      created_at: v.now,
      updated_at: v.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function update(tx: Tx, id: number, v: { name?: string; shared?: boolean; orgId: number; now: string }): Promise<void> {
  await tx
    .updateTable('saved_filters')
    .set({
      ...(v.name !== undefined ? { name: v.name } : {}),
      ...(v.shared !== undefined ? { shared: v.shared ? 1 : 0 } : {}),
      // Shared with the organisation the owner belongs to now, not the one at saving time.
      org_id: v.orgId,
      updated_at: v.now,
    })
    .where('id', '=', id)
    .execute();
}

export async function remove(tx: Tx, id: number): Promise<void> {
  await tx.deleteFrom('saved_filters').where('id', '=', id).execute();
}
