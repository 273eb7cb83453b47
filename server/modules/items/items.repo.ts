import type { Category, Item, ItemListQuery, ItemStatus } from '../../../domain/items.js';
import { wanToYuan, yuanToWan } from '../../../domain/items.js';
import type { Agreement } from '../../../domain/agreement.js';
import { parseLightReasons } from '../../../domain/lights.js';
import type { Light } from '../../../domain/supervision.js';
import { containsText } from '../../platform/db-helpers.js';
import type { Db, Dialect, Tx } from '../../platform/db.js';

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

export async function getItemRow(db: Conn, id: number) {
  return base(db).where('i.id', '=', id).executeTakeFirst();
}

export type ItemRow = NonNullable<Awaited<ReturnType<typeof getItemRow>>>;

export async function listItemRows(
  db: Conn,
  dialect: Dialect,
  consultationId: number,
  f: Omit<ItemListQuery, 'cursor' | 'limit'> & { after?: [string, number, number]; limit: number; today?: string },
) {
  let q = base(db).where('i.consultation_id', '=', consultationId);
  if (f.category) q = q.where('i.category', '=', f.category);
  if (f.domain) q = q.where('i.domain', '=', f.domain);
  if (f.status) q = q.where('i.status', '=', f.status);
  if (f.leadUnitId) q = q.where('i.lead_unit_id', '=', f.leadUnitId);
  // Both served by indexes: (consultation_id, light, id) and the consultation_id prefix of the list index.
  if (f.light) q = q.where('i.light', '=', f.light);
  if (f.overdue && f.today) q = q.where('i.deadline', '<', f.today).where('i.ongoing', '=', 0).where('i.status', 'not in', ['completed', 'cancelled']);
  const text = f.q;
  if (text) q = q.where((eb) => eb.or([containsText(dialect, eb.ref('i.title'), text), containsText(dialect, eb.ref('i.content'), text)]));
  if (f.after) {
    const [c, s, id] = f.after;
    // Keyset on the index (consultation_id, category, sort_order, id); category codes sort in ledger order.
    q = q.where((eb) =>
      eb.or([
        eb('i.category', '>', c),
        eb.and([eb('i.category', '=', c), eb('i.sort_order', '>', s)]),
        eb.and([eb('i.category', '=', c), eb('i.sort_order', '=', s), eb('i.id', '>', id)]),
      ]),
    );
  }
  return q.orderBy('i.category').orderBy('i.sort_order').orderBy('i.id').limit(f.limit).execute();
}

export async function coUnitsOf(db: Conn, itemIds: number[]) {
  const out = new Map<number, { id: number; name: string }[]>();
  if (!itemIds.length) return out;
  const rows = await db
    .selectFrom('item_co_units as cu')
    .innerJoin('organisations as o', 'o.id', 'cu.org_id')
    .select(['cu.item_id', 'cu.org_id', 'o.name'])
    .where('cu.item_id', 'in', itemIds)
    .orderBy('cu.item_id')
    .orderBy('cu.sort_order')
    .execute();
  for (const r of rows) {
    const list = out.get(r.item_id) ?? [];
    list.push({ id: r.org_id, name: r.name });
    out.set(r.item_id, list);
  }
  return out;
}

/** Both sides' marks for several items, in one query. */
export async function agreementsOf(db: Conn, itemIds: number[]): Promise<Map<number, Agreement>> {
  const out = new Map<number, Agreement>();
  if (!itemIds.length) return out;
  const rows = await db
    .selectFrom('item_agreements as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.item_id', 'a.side', 'a.agreed', 'a.note', 'a.at', 'u.display_name'])
    .where('a.item_id', 'in', itemIds)
    .execute();
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
    lightReasons: parseLightReasons(r.light_reasons_json),
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
