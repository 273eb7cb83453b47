import { CATEGORIES, ITEM_STATUSES } from '../../../domain/items.js';
import type { ConsultationCounts, ConsultationStatus } from '../../../domain/consultations.js';
import type { Actor } from '../../platform/actor.js';
import { containsText, dialectOf } from '../../platform/db-helpers.js';
import type { Db, Tx } from '../../platform/db.js';
import { reusableQuery } from '../../platform/reusable-query.js';
import { listedForActor, type Party, visibleToActor } from './consultations.policy.js';

type Conn = Db | Tx;

const COLUMNS = ['c.id', 'c.title', 'c.year', 'c.theme', 'c.status', 'c.version', 'c.created_at', 'c.updated_at'] as const;

// Nearly every request about an item or a consultation starts here: built once per shape
// (reusable-query.ts). The visibility rule reads the caller's organisation path alone (the key).
const findVisibleQuery = reusableQuery((db, p: { id: number }, actor: Actor) =>
  db
    .selectFrom('consultations as c')
    .select(COLUMNS)
    .where('c.id', '=', p.id)
    .where((eb) => visibleToActor(eb, actor)),
);

export async function findVisible(db: Conn, actor: Actor, id: number) {
  return (await findVisibleQuery.run(db, { id }, actor, actor.orgPath))[0];
}

export type ConsultationRow = NonNullable<Awaited<ReturnType<typeof findVisible>>>;

export async function listVisible(db: Conn, actor: Actor, f: { status?: ConsultationStatus; year?: number; q?: string; after?: [number, number]; limit: number }) {
  let q = db
    .selectFrom('consultations as c')
    .select(COLUMNS)
    .where((eb) => listedForActor(eb, actor));
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.year) q = q.where('c.year', '=', f.year);
  const text = f.q;
  if (text) {
    const dialect = dialectOf(db);
    q = q.where((eb) => eb.or([containsText(dialect, eb.ref('c.title'), text), containsText(dialect, eb.ref('c.theme'), text)]));
  }
  if (f.after) {
    const [y, id] = f.after;
    q = q.where((eb) => eb.or([eb('c.year', '<', y), eb.and([eb('c.year', '=', y), eb('c.id', '<', id)])]));
  }
  return q.orderBy('c.year', 'desc').orderBy('c.id', 'desc').limit(f.limit).execute();
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

function emptyCounts(): ConsultationCounts {
  return {
    total: 0,
    byCategory: Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as ConsultationCounts['byCategory'],
    byStatus: Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as ConsultationCounts['byStatus'],
    byDomain: {},
    agreed: { total: 0, byCategory: Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as ConsultationCounts['byCategory'] },
  };
}

/** Counts by category, status and domain for several consultations in one grouped query. */
export async function countsOf(db: Conn, ids: number[]): Promise<Map<number, ConsultationCounts>> {
  const out = new Map<number, ConsultationCounts>(ids.map((id) => [id, emptyCounts()]));
  if (!ids.length) return out;
  const rows = await db
    .selectFrom('items')
    .select(['consultation_id', 'category', 'status', 'domain', (eb) => eb.fn.countAll<number>().as('n')])
    .where('consultation_id', 'in', ids)
    .where('deleted_at', 'is', null)
    .groupBy(['consultation_id', 'category', 'status', 'domain'])
    .execute();
  for (const r of rows) {
    const c = out.get(r.consultation_id)!;
    const n = Number(r.n);
    c.total += n;
    c.byCategory[r.category as keyof ConsultationCounts['byCategory']] += n;
    c.byStatus[r.status as keyof ConsultationCounts['byStatus']] += n;
    c.byDomain[r.domain] = (c.byDomain[r.domain] ?? 0) + n;
  }
  const agreed = await db
    .selectFrom('items as i')
    .innerJoin('item_agreements as h', (j) => j.onRef('h.item_id', '=', 'i.id').on('h.side', '=', 'host').on('h.agreed', '=', 1))
    .innerJoin('item_agreements as p', (j) => j.onRef('p.item_id', '=', 'i.id').on('p.side', '=', 'partner').on('p.agreed', '=', 1))
    .select(['i.consultation_id', 'i.category', (eb) => eb.fn.countAll<number>().as('n')])
    .where('i.consultation_id', 'in', ids)
    .where('i.deleted_at', 'is', null)
    .groupBy(['i.consultation_id', 'i.category'])
    .execute();
  for (const r of agreed) {
    const c = out.get(r.consultation_id)!;
    c.agreed.total += Number(r.n);
    c.agreed.byCategory[r.category as keyof ConsultationCounts['byCategory']] += Number(r.n);
  }
  return out;
}

export async function replaceParties(db: Conn, consultationId: number, hostOrgId: number, partnerOrgIds: number[]) {
  await db.deleteFrom('consultation_parties').where('consultation_id', '=', consultationId).execute();
  await db
    .insertInto('consultation_parties')
    .values([
      { consultation_id: consultationId, org_id: hostOrgId, side: 'host' as const },
      ...partnerOrgIds.map((org_id) => ({ consultation_id: consultationId, org_id, side: 'partner' as const })),
    ])
    .execute();
}
