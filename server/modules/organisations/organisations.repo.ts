import type { Org, OrgKind } from '../../../domain/organisations.js';
import type { Db, Tx } from '../../platform/db.js';
import { pathUnder } from '../../platform/db-helpers.js';

type Conn = Db | Tx;

const COLUMNS = ['id', 'parent_id', 'name', 'short_name', 'kind', 'division_code', 'path', 'sort_order', 'version'] as const;

export type OrgRow = Awaited<ReturnType<typeof getOrgRow>> & object;

export function presentOrg(r: NonNullable<OrgRow>): Org {
  return {
    id: r.id,
    parentId: r.parent_id,
    name: r.name,
    shortName: r.short_name,
    kind: r.kind,
    divisionCode: r.division_code,
    sortOrder: r.sort_order,
    version: r.version,
  };
}

export async function getOrgRow(db: Conn, id: number) {
  return db.selectFrom('organisations').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function listOrgRows(db: Conn, underPath?: string) {
  let q = db.selectFrom('organisations').select(COLUMNS);
  if (underPath) q = q.where((eb) => pathUnder(eb, eb.ref('path'), underPath));
  return q.orderBy('path').orderBy('sort_order').execute();
}

export async function orgsByIds(db: Conn, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('organisations').select(COLUMNS).where('id', 'in', ids).execute();
}

/** Organisations whose name or short name is exactly one of `names`. */
export async function orgsByNames(db: Conn, names: string[]) {
  if (!names.length) return [];
  return db
    .selectFrom('organisations')
    .select(COLUMNS)
    .where((eb) => eb.or([eb('name', 'in', names), eb('short_name', 'in', names)]))
    .execute();
}

export async function insertOrg(
  db: Conn,
  v: { parentId: number | null; parentPath: string; name: string; shortName: string | null; kind: OrgKind; divisionCode: string | null; sortOrder: number; now: string },
) {
  const row = await db
    .insertInto('organisations')
    .values({
      parent_id: v.parentId,
      name: v.name,
      short_name: v.shortName,
      kind: v.kind,
      division_code: v.divisionCode,
      path: '',
      sort_order: v.sortOrder,
      version: 1,
      created_at: v.now,
      updated_at: v.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${v.parentPath}${row.id}/`;
  await db.updateTable('organisations').set({ path }).where('id', '=', row.id).execute();
  return row.id;
}

/** Moves a subtree: every descendant's path gets the new prefix. */
export async function rewriteSubtreePaths(db: Conn, oldPath: string, newPath: string) {
  const rows = await listOrgRows(db, oldPath);
  for (const r of rows) {
    await db
      .updateTable('organisations')
      .set({ path: newPath + r.path.slice(oldPath.length) })
      .where('id', '=', r.id)
      .execute();
  }
}

export async function orgUsage(db: Conn, id: number) {
  const [children, users, parties, items] = await Promise.all([
    db
      .selectFrom('organisations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('parent_id', '=', id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('consultation_parties')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => eb.or([eb('lead_unit_id', '=', id), eb('id', 'in', eb.selectFrom('item_co_units').select('item_id').where('org_id', '=', id))]))
      .executeTakeFirstOrThrow(),
  ]);
  return { children: Number(children.n), users: Number(users.n), parties: Number(parties.n), items: Number(items.n) };
}
