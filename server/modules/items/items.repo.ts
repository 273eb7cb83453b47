import type { Category, Item, ItemListQuery, ItemStatus } from '../../../domain/items.js';
import { wanToYuan, yuanToWan } from '../../../domain/items.js';
import type { Agreement } from '../../../domain/agreement.js';
import { parseLightReasons, type LightReason } from '../../../domain/lights.js';
import type { Light } from '../../../domain/supervision.js';
import { containsText } from '../../platform/db-helpers.js';
import type { Db, Dialect, Tx } from '../../platform/db.js';
import type { Actor } from '../../platform/actor.js';
import { reusableQuery } from '../../platform/reusable-query.js';
import { visibleToActor } from '../consultations/consultations.policy.js';

type Conn = Db | Tx;

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

function base(db: Conn) {
  return db
    .selectFrom('items as i')
    .leftJoin('organisations as lu', 'lu.id', 'i.lead_unit_id')
    .select(COLUMNS)
    .where('i.deleted_at', 'is', null);
}

const itemRowQuery = reusableQuery((db, p: { id: number }) => base(db).where('i.id', '=', p.id));

export async function getItemRow(db: Conn, id: number) {
  return (await itemRowQuery.run(db, { id }))[0];
}

export type ItemRow = NonNullable<Awaited<ReturnType<typeof getItemRow>>>;

type ListFilter = Omit<ItemListQuery, 'cursor' | 'limit'> & { after?: [string, number, number]; limit: number; today?: string };

/** The list's conditions as plain parameters, so the unsearched list can be built once and reused. */
interface ListParams {
  consultationId: number;
  category?: string;
  domain?: string;
  status?: string;
  leadUnitId?: number;
  light?: string;
  overdueOn?: string;
  afterCategory?: string;
  afterSort?: number;
  afterId?: number;
  limit: number;
}

function listQuery(db: Conn, p: ListParams, visibleTo?: Actor, search?: { dialect: Dialect; text: string }) {
  let q = base(db).where('i.consultation_id', '=', p.consultationId);
  if (visibleTo) {
    // The consultation is the outer loop (one row by key), so its visibility check runs once, not per item.
    q = q.innerJoin('consultations as c', 'c.id', 'i.consultation_id').where('c.id', '=', p.consultationId).where((eb) => visibleToActor(eb, visibleTo));
  }
  if (p.category !== undefined) q = q.where('i.category', '=', p.category);
  if (p.domain !== undefined) q = q.where('i.domain', '=', p.domain);
  if (p.status !== undefined) q = q.where('i.status', '=', p.status);
  if (p.leadUnitId !== undefined) q = q.where('i.lead_unit_id', '=', p.leadUnitId);
  // Both served by indexes: (consultation_id, light, id) and the consultation_id prefix of the list index.
  if (p.light !== undefined) q = q.where('i.light', '=', p.light);
  if (p.overdueOn !== undefined) q = q.where('i.deadline', '<', p.overdueOn).where('i.ongoing', '=', 0).where('i.status', 'not in', ['completed', 'cancelled']);
  if (search) q = q.where((eb) => eb.or([containsText(search.dialect, eb.ref('i.title'), search.text), containsText(search.dialect, eb.ref('i.content'), search.text)]));
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
export async function listItemRows(db: Conn, dialect: Dialect, consultationId: number, f: ListFilter, visibleTo?: Actor): Promise<ItemRow[]> {
  const p: ListParams = {
    consultationId,
    category: f.category,
    domain: f.domain,
    status: f.status,
    leadUnitId: f.leadUnitId,
    light: f.light,
    overdueOn: f.overdue && f.today ? f.today : undefined,
    afterCategory: f.after?.[0],
    afterSort: f.after?.[1],
    afterId: f.after?.[2],
    limit: f.limit,
  };
  // A search pattern is new text each time: nothing to reuse.
  if (f.q) return listQuery(db, p, visibleTo, { dialect, text: f.q }).execute();
  // The visibility rule reads the caller's organisation path alone (items.repo.test.ts holds it to that).
  return listQueryReused.run(db, p, visibleTo, visibleTo ? `visible:${visibleTo.orgPath}` : 'all');
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
  // The visibility rule reads the caller's organisation path alone (items.repo.test.ts holds it to that).
  return (await visibleConsultationQuery.run(db, { id }, actor, actor.orgPath)).length > 0;
}

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

const agreementsQuery = reusableQuery((db, p: { ids: number[] }) =>
  db
    .selectFrom('item_agreements as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.item_id', 'a.side', 'a.agreed', 'a.note', 'a.at', 'u.display_name'])
    .where('a.item_id', 'in', p.ids),
);

/** Both sides' marks for several items, in one query. */
export async function agreementsOf(db: Conn, itemIds: number[]): Promise<Map<number, Agreement>> {
  const out = new Map<number, Agreement>();
  if (!itemIds.length) return out;
  const rows = await agreementsQuery.run(db, { ids: itemIds });
  for (const r of rows) {
    const a = out.get(r.item_id) ?? { host: null, partner: null };
    a[r.side] = { agreed: r.agreed === 1, note: r.note, by: r.display_name, at: r.at };
    out.set(r.item_id, a);
  }
  return out;
}

/** Co-units and agreement marks of a page of items: two queries whatever its length. */
export async function detailsOf(db: Conn, itemIds: number[]) {
  const [co, agreements] = await Promise.all([coUnitsOf(db, itemIds), agreementsOf(db, itemIds)]);
  return (id: number) => ({ coUnits: co.get(id) ?? [], agreement: agreements.get(id) ?? { host: null, partner: null } });
}

/**
 * The stored reasons text repeats across items (most say "on track") and is parsed on every list,
 * so each distinct text is parsed and checked once. The arrays are shared: callers only read them.
 */
const reasonsByText = new Map<string, readonly LightReason[]>();
function lightReasonsOf(json: string | null): LightReason[] {
  if (!json) return [];
  let reasons = reasonsByText.get(json);
  if (!reasons) {
    reasons = Object.freeze(parseLightReasons(json).map((r) => Object.freeze(r)));
    if (reasonsByText.size >= 2000) reasonsByText.clear();
    reasonsByText.set(json, reasons);
  }
  return reasons as LightReason[];
}

export function presentItem(r: ItemRow, details: { coUnits: { id: number; name: string }[]; agreement: Agreement }): Item {
  const { coUnits, agreement } = details;
  return {
    id: r.id,
    consultationId: r.consultation_id,
    title: r.title,
    content: r.content,
    category: r.category as Category,
    domain: r.domain,
    leadUnit: r.lead_unit_name ?? null,
    leadUnitId: r.lead_unit_id,
    coUnits: coUnits.map((u) => u.name),
    coUnitIds: coUnits.map((u) => u.id),
    responsible: r.responsible,
    deadline: r.deadline,
    ongoing: r.ongoing === 1,
    fundingWan: r.funding_yuan === null ? null : yuanToWan(Number(r.funding_yuan)),
    status: r.status as ItemStatus,
    progress: r.progress,
    sortOrder: r.sort_order,
    version: r.version,
    agreement,
    light: r.light as Light,
    lightReasons: lightReasonsOf(r.light_reasons_json),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
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

export async function nextSortOrder(db: Conn, consultationId: number, category: string): Promise<number> {
  const r = await db
    .selectFrom('items')
    .select((eb) => eb.fn.max('sort_order').as('m'))
    .where('consultation_id', '=', consultationId)
    .where('category', '=', category)
    .executeTakeFirst();
  return r?.m === null || r?.m === undefined ? 1 : Number(r.m) + 1;
}

/**
 * Inserts one item with its cooperating units: the single place a new item's row is written, whether
 * it comes from the list editor, an approved change request or a converted need.
 */
export async function insertItem(
  db: Conn,
  v: {
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
    sortOrder?: number;
    createdBy: number;
    now: string;
  },
): Promise<number> {
  const inserted = await db
    .insertInto('items')
    .values({
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
      sort_order: v.sortOrder ?? (await nextSortOrder(db, v.consultationId, v.category)),
      version: 1,
      created_by: v.createdBy,
      created_at: v.now,
      updated_at: v.now,
      deleted_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceCoUnits(db, inserted.id, v.coUnitIds);
  return inserted.id;
}
