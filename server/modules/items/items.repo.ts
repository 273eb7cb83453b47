import type { Category, ItemStatus } from '../../../domain/items.js';
import { wanToYuan } from '../../../domain/items.js';
import type { Light } from '../../../domain/supervision.js';
import { dialectOf, insertRows } from '../../platform/db-helpers.js';
import { sql, type Updateable } from 'kysely';
import type { Db, Tx } from '../../platform/db.js';
import type { Database, ItemsTable } from '../../platform/db-schema.js';
import type { Actor } from '../../platform/actor.js';
import { reusableQuery } from '../../platform/reusable-query.js';
import { visibilityKey, visibleToActor } from '../consultations/consultations.policy.js';
import { itemFilter, type ItemFilter } from './items.filters.js';
import * as search from '../search/search.index.js';

type Conn = Db | Tx;

// How a row reads in the API (items.present.ts), handed on so callers keep one import for items.
export { presentItem } from './items.present.js';
// A page's co-units and agreement marks (items.details.repo.ts), likewise.
export { coUnitsOf, detailsOf } from './items.details.repo.js';

const COLUMNS = [
  'i.id',
  'i.consultation_id',
  'i.title',
  'i.content',
  'i.category',
  'i.domain',
  'i.lead_unit_id',
  'i.responsible',
  'i.deadline',
  'i.ongoing',
  'i.funding_yuan',
  'i.status',
  'i.progress',
  'i.sort_order',
  'i.version',
  'i.created_at',
  'i.updated_at',
  'i.light',
  'i.light_reasons_json',
  'lu.name as lead_unit_name',
] as const;

/** Live items with their lead unit's name: what every read of items starts from. */
export function base(db: Conn) {
  return db.selectFrom('items as i').leftJoin('organisations as lu', 'lu.id', 'i.lead_unit_id').select(COLUMNS).where('i.deleted_at', 'is', null);
}

const itemRowQuery = reusableQuery((db, p: { id: number }) => base(db).where('i.id', '=', p.id));

export async function getItemRow(db: Conn, id: number) {
  return (await itemRowQuery.run(db, { id }))[0];
}

export type ItemRow = NonNullable<Awaited<ReturnType<typeof getItemRow>>>;

type ListFilter = Omit<ItemFilter, 'text'> & { text?: string; after?: [Category, number, number]; limit: number };

/** The list's conditions as plain parameters, so the unsearched list can be built once and reused. */
interface ListParams extends Omit<ItemFilter, 'text'> {
  consultationId: number;
  afterCategory?: Category;
  afterSort?: number;
  afterId?: number;
  limit: number;
}

function listQuery(db: Conn, p: ListParams, visibleTo?: Actor, text?: string) {
  let q = base(db).where('i.consultation_id', '=', p.consultationId);
  if (visibleTo) {
    // The consultation is the outer loop (one row by key), so its visibility check runs once, not per item.
    q = q
      .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
      .where('c.id', '=', p.consultationId)
      .where((eb) => visibleToActor(eb, visibleTo));
  }
  const { consultationId: _c, afterCategory: _ac, afterSort: _as, afterId: _ai, limit: _l, ...filter } = p;
  q = q.where((eb) => itemFilter(eb, dialectOf(db), { ...filter, text }));
  if (p.afterCategory !== undefined && p.afterSort !== undefined && p.afterId !== undefined) {
    const [c, s, id] = [p.afterCategory, p.afterSort, p.afterId];
    // Keyset on the index (consultation_id, category, sort_order, id); category codes sort in ledger order.
    q = q.where((eb) =>
      eb.or([
        eb('i.category', '>', c),
        eb.and([eb('i.category', '=', c), eb('i.sort_order', '>', s)]),
        eb.and([eb('i.category', '=', c), eb('i.sort_order', '=', s), eb('i.id', '>', id)]),
      ]),
    );
  }
  return q.orderBy('i.category').orderBy('i.sort_order').orderBy('i.id').limit(p.limit);
}

const listQueryReused = reusableQuery((db, p: ListParams, visibleTo: Actor | undefined) => listQuery(db, p, visibleTo));

/**
 * One page of a consultation's items. With `visibleTo`, only if that caller may see the
 * consultation: an empty page then means out of scope or no matching items (consultationVisible tells).
 */
export async function listItemRows(db: Conn, consultationId: number, f: ListFilter, visibleTo?: Actor): Promise<ItemRow[]> {
  const p: ListParams = {
    consultationId,
    category: f.category,
    domain: f.domain,
    status: f.status,
    leadUnitId: f.leadUnitId,
    light: f.light,
    overdueOn: f.overdueOn,
    afterCategory: f.after?.[0],
    afterSort: f.after?.[1],
    afterId: f.after?.[2],
    limit: f.limit,
  };
  // A search pattern is new text each time: nothing to reuse.
  if (f.text) return listQuery(db, p, visibleTo, f.text).execute();
  // The visibility rule reads the caller's organisation and scope paths alone (items.repo.test.ts holds it to that).
  return listQueryReused.run(db, p, visibleTo, visibleTo ? `visible:${visibilityKey(visibleTo)}` : 'all');
}

/**
 * Whether the consultation exists and the caller may see it, by the consultations policy, as one
 * indexed query; the list and the single item need nothing else of it.
 */
const visibleConsultationQuery = reusableQuery((db, p: { id: number }, actor: Actor) =>
  db
    .selectFrom('consultations as c')
    .select('c.id')
    .where('c.id', '=', p.id)
    .where((eb) => visibleToActor(eb, actor)),
);

export async function consultationVisible(db: Conn, actor: Actor, id: number): Promise<boolean> {
  // The visibility rule reads the caller's organisation and scope paths alone (items.repo.test.ts holds it to that).
  return (await visibleConsultationQuery.run(db, { id }, actor, visibilityKey(actor))).length > 0;
}

export async function replaceCoUnits(db: Conn, itemId: number, orgIds: number[]) {
  await db.deleteFrom('item_co_units').where('item_id', '=', itemId).execute();
  if (orgIds.length) {
    await db
      .insertInto('item_co_units')
      .values(orgIds.map((org_id, i) => ({ item_id: itemId, org_id, sort_order: i })))
      .execute();
  }
}

async function nextSortOrder(db: Conn, consultationId: number, category: Category): Promise<number> {
  const r = await db
    .selectFrom('items')
    .select((eb) => eb.fn.max('sort_order').as('m'))
    .where('consultation_id', '=', consultationId)
    .where('category', '=', category)
    .executeTakeFirst();
  return r?.m === null || r?.m === undefined ? 1 : Number(r.m) + 1;
}

/** Rows per statement in the bulk reads and writes: well below either database's bound-parameter limit. */
const CHUNK = 500;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

// The writes below are the items command's (items.command.ts); nothing else calls them.

export interface NewItemRow {
  consultationId: number;
  title: string;
  content: string;
  category: Category;
  domain: string;
  leadUnitId: number | null;
  coUnitIds: number[];
  responsible: string;
  deadline: string | null;
  ongoing: boolean;
  fundingWan: number | null;
  status: ItemStatus;
  progress: number;
  progressNote?: string | null;
  sortOrder?: number;
  createdBy: number;
  now: string;
  /** The light and punctuality the row starts with (the items command computes them). */
  lights: InitialLights;
}

/** What insertItems wrote: the rows as a read would return them, in the order given, and each row's co-units. */
export interface InsertedItems {
  rows: ItemRow[];
  coUnits: Map<number, { id: number; name: string }[]>;
}

/**
 * Inserts items with their cooperating units and search entries, a few hundred rows per statement,
 * and hands back the rows as stored (built from what was written and the units' names, not read
 * back), in the order given. Items without a sort order go to the end of their category, in the
 * order given.
 */
export async function insertItems(db: Conn, values: NewItemRow[]): Promise<InsertedItems> {
  if (!values.length) return { rows: [], coUnits: new Map() };
  const next = new Map<string, number>();
  const rows = [];
  for (const v of values) {
    let sortOrder = v.sortOrder;
    if (sortOrder === undefined) {
      const key = `${v.consultationId}\u0000${v.category}`;
      sortOrder = next.get(key) ?? (await nextSortOrder(db, v.consultationId, v.category));
      next.set(key, sortOrder + 1);
    }
    rows.push({
      consultation_id: v.consultationId,
      title: v.title,
      content: v.content,
      category: v.category,
      domain: v.domain,
      lead_unit_id: v.leadUnitId,
      responsible: v.responsible,
      deadline: v.deadline,
      ongoing: v.ongoing ? 1 : 0,
      funding_yuan: v.fundingWan === null ? null : wanToYuan(v.fundingWan),
      status: v.status,
      progress: v.progress,
      sort_order: sortOrder,
      version: 1,
      created_by: v.createdBy,
      created_at: v.now,
      updated_at: v.now,
      deleted_at: null,
      progress_note: v.progressNote ?? null,
      ...v.lights,
    });
  }
  const ids: number[] = [];
  const columns = Object.keys(rows[0]!);
  for (const part of chunks(rows)) {
    // Rows are numbered in the order given; the answer's order is not promised.
    const inserted = await insertRows<Database, { id: number }>(db, 'items', columns, part, sql`returning id`);
    ids.push(...inserted.map((r) => Number(r.id)).sort((a, b) => a - b));
  }
  const coUnitRows = values.flatMap((v, i) => v.coUnitIds.map((org_id, n) => ({ item_id: ids[i], org_id, sort_order: n })));
  for (const part of chunks(coUnitRows)) await insertRows<Database>(db, 'item_co_units', ['item_id', 'org_id', 'sort_order'], part);

  const names = new Map<number, string>();
  const orgIds = [...new Set(values.flatMap((v) => [...(v.leadUnitId === null ? [] : [v.leadUnitId]), ...v.coUnitIds]))];
  for (const part of chunks(orgIds)) for (const o of await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', part).execute()) names.set(o.id, o.name);
  const coUnits = new Map<number, { id: number; name: string }[]>();
  const stored: ItemRow[] = rows.map((r, i) => {
    const id = ids[i]!;
    const co = values[i]!.coUnitIds;
    const named = co.map((orgId) => ({ id: orgId, name: names.get(orgId)! }));
    if (named.length) coUnits.set(id, named);
    return {
      id,
      consultation_id: r.consultation_id,
      title: r.title,
      content: r.content,
      category: r.category,
      domain: r.domain,
      lead_unit_id: r.lead_unit_id,
      responsible: r.responsible,
      deadline: r.deadline,
      ongoing: r.ongoing,
      funding_yuan: r.funding_yuan,
      status: r.status,
      progress: r.progress,
      sort_order: r.sort_order,
      version: r.version,
      created_at: r.created_at,
      updated_at: r.updated_at,
      light: r.light ?? 'none',
      light_reasons_json: r.light_reasons_json ?? '[]',
      lead_unit_name: r.lead_unit_id === null ? null : (names.get(r.lead_unit_id) ?? null),
    };
  });
  await search.indexNewItems(
    db,
    stored.map((r, i) => ({
      id: r.id,
      consultationId: r.consultation_id,
      title: r.title,
      content: r.content,
      domain: r.domain,
      responsible: r.responsible,
      progressNote: values[i]!.progressNote ?? null,
      updatedAt: r.updated_at,
    })),
  );
  return { rows: stored, coUnits };
}

/** The columns a writer sets besides the item's fields: the ledger's progress note and the close-out day. */
export async function itemBookkeeping(db: Conn, id: number) {
  return db.selectFrom('items').select(['progress_note', 'closed_on']).where('id', '=', id).executeTakeFirstOrThrow();
}

type ItemColumns = Partial<
  Pick<
    Updateable<ItemsTable>,
    | 'title'
    | 'content'
    | 'category'
    | 'domain'
    | 'lead_unit_id'
    | 'responsible'
    | 'deadline'
    | 'ongoing'
    | 'funding_yuan'
    | 'status'
    | 'progress'
    | 'sort_order'
    | 'progress_note'
    | 'closed_on'
  >
>;

/** Writes the columns only while the row is still at `version`; returns whether it was. */
export async function updateItemGuarded(tx: Tx, id: number, version: number, columns: ItemColumns, now: string): Promise<boolean> {
  const res = await tx
    .updateTable('items')
    .set({ ...columns, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return false;
  await search.indexItem(tx, id);
  return true;
}

export async function softDeleteItem(tx: Tx, id: number, version: number, now: string): Promise<boolean> {
  const res = await tx
    .updateTable('items')
    .set({ deleted_at: now, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return false;
  await search.dropItem(tx, id);
  return true;
}

/** A write that changes nothing takes the row lock on both databases. */
export async function lockItemRow(tx: Tx, id: number): Promise<void> {
  await tx
    .updateTable('items')
    .set((eb) => ({ version: eb.ref('version') }))
    .where('id', '=', id)
    .execute();
}

/** The light, and the punctuality when the same refresh changed it too: one row write, not two. */
/** The columns a refresh writes, in the order of the VALUES rows below. */
const STORED = [
  ['light', 'text'],
  ['light_reasons_json', 'text'],
  ['punct_on_time', 'integer'],
  ['punct_late', 'integer'],
  ['punct_missing', 'integer'],
  ['punct_pending', 'integer'],
  ['punct_period', 'text'],
  ['punct_state', 'text'],
  ['punct_due', 'text'],
  ['punct_from', 'text'],
  ['punct_until', 'text'],
  ['punct_basis', 'text'],
  ['punct_closed', 'text'],
] as const;

/** A new row's stored light and punctuality. */
export type InitialLights = Omit<StoredRefresh, 'id' | 'light'> & { light: Light };

export type StoredRefresh = { id: number } & {
  [K in (typeof STORED)[number][0]]: K extends 'light' | 'light_reasons_json' ? string : K extends `punct_${'on_time' | 'late' | 'missing' | 'pending'}` ? number : string | null;
};

/**
 * Writes the lights and punctuality of many items, one UPDATE … FROM (VALUES …) per chunk rather
 * than one statement per item: the nightly sweep rewrites most live items when a period ends.
 * VALUES columns are column1, column2, … on both databases; PostgreSQL types untyped parameters in
 * VALUES as text, hence the casts.
 */
export async function storeRefreshed(tx: Conn, rows: readonly StoredRefresh[]): Promise<void> {
  for (const chunk of chunks(rows)) {
    const values = sql.join(chunk.map((r) => sql`(${sql.join([r.id, ...STORED.map(([col]) => r[col])])})`));
    const sets = sql.join(STORED.map(([col, type], n) => sql`${sql.ref(col)} = cast(${sql.ref(`v.column${n + 2}`)} as ${sql.raw(type)})`));
    await sql`update items set ${sets} from (values ${values}) as v where items.id = cast(v.column1 as integer)`.execute(tx);
  }
}

export async function deleteAgreements(tx: Tx, itemId: number): Promise<void> {
  await tx.deleteFrom('item_agreements').where('item_id', '=', itemId).execute();
}

export async function deleteConfirmations(tx: Tx, consultationId: number): Promise<void> {
  await tx.deleteFrom('adoption_confirmations').where('consultation_id', '=', consultationId).execute();
}

/** 上下联动: sets the link at the version the writer read; false when someone else wrote first. */
export async function setParentGuarded(tx: Tx, id: number, version: number, parentId: number | null, now: string): Promise<boolean> {
  const res = await tx
    .updateTable('items')
    .set({ parent_item_id: parentId, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** 上下联动: a new item's link, written in the transaction that created it (its version stays 1). */
export async function setParentOfNew(tx: Tx, id: number, parentId: number): Promise<void> {
  await tx.updateTable('items').set({ parent_item_id: parentId }).where('id', '=', id).execute();
}
