import type { Db, Tx } from '../../platform/db.js';

type Conn = Db | Tx;

/** Consultations whose list was never adopted stay internal even if a publication row exists. */
const NOT_PUBLISHABLE = ['draft', 'negotiating'] as const;

export async function findPublication(db: Conn, consultationId: number) {
  return db.selectFrom('consultation_publications').selectAll().where('consultation_id', '=', consultationId).executeTakeFirst();
}

export type PublicationRow = NonNullable<Awaited<ReturnType<typeof findPublication>>>;

export async function insertPublication(tx: Tx, v: { consultationId: number; publishedAt: string | null; keywords: string[]; userId: number; now: string }) {
  await tx
    .insertInto('consultation_publications')
    .values({ consultation_id: v.consultationId, published_at: v.publishedAt, keywords: JSON.stringify(v.keywords), updated_by: v.userId, updated_at: v.now, version: 1 })
    .execute();
}

/** Applies the change only to the version the caller saw; false when someone else got there first. */
export async function updatePublication(
  tx: Tx,
  v: { consultationId: number; version: number; publishedAt: string | null; keywords: string[]; userId: number; now: string },
): Promise<boolean> {
  const res = await tx
    .updateTable('consultation_publications')
    .set({ published_at: v.publishedAt, keywords: JSON.stringify(v.keywords), updated_by: v.userId, updated_at: v.now, version: v.version + 1 })
    .where('consultation_id', '=', v.consultationId)
    .where('version', '=', v.version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function countItems(db: Conn, consultationId: number): Promise<number> {
  const r = await db
    .selectFrom('items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('consultation_id', '=', consultationId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * What every public answer depends on: which consultations are published, and at which version of
 * their publication. A handful of rows from a tiny table, read on every public request so that a
 * consultation taken down disappears at once, on every app instance, whatever is cached.
 */
export async function publicationStamp(db: Conn): Promise<string> {
  const rows = await db.selectFrom('consultation_publications').select(['consultation_id', 'version']).where('published_at', 'is not', null).orderBy('consultation_id').execute();
  return rows.map((r) => `${r.consultation_id}.${r.version}`).join(',');
}

/** The published consultations (one when `id` is given), newest publication first. */
export async function publishedConsultations(db: Conn, id?: number) {
  let q = db
    .selectFrom('consultations as c')
    .innerJoin('consultation_publications as p', 'p.consultation_id', 'c.id')
    .select(['c.id', 'c.title', 'c.year', 'c.theme', 'c.status', 'c.adopted_on', 'p.published_at', 'p.keywords'])
    .where('p.published_at', 'is not', null)
    .where('c.status', 'not in', NOT_PUBLISHABLE);
  if (id !== undefined) q = q.where('c.id', '=', id);
  const rows = await q.orderBy('p.published_at', 'desc').orderBy('c.id', 'desc').execute();
  return rows.map((r) => ({ ...r, published_at: r.published_at!, keywords: parseKeywords(r.keywords) }));
}

export type PublishedRow = Awaited<ReturnType<typeof publishedConsultations>>[number];

export function parseKeywords(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

/** The organisations on each side, by name only. */
export async function partyNames(db: Conn, ids: number[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('consultation_parties as cp')
    .innerJoin('organisations as o', 'o.id', 'cp.org_id')
    .select(['cp.consultation_id', 'cp.side', 'o.name'])
    .where('cp.consultation_id', 'in', ids)
    .orderBy('o.id')
    .execute();
}

/** Item counts by consultation, category and status: one grouped query for the whole page. */
export async function statusCounts(db: Conn, ids: number[]) {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('items')
    .select((eb) => ['consultation_id', 'category', 'status', eb.fn.countAll<number>().as('n')])
    .where('consultation_id', 'in', ids)
    .where('deleted_at', 'is', null)
    .groupBy(['consultation_id', 'category', 'status'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** The agreed list's public columns; the responsible person, funding and internal notes are not read at all. */
export async function publicItems(db: Conn, consultationId: number) {
  return db
    .selectFrom('items as i')
    .leftJoin('organisations as o', 'o.id', 'i.lead_unit_id')
    .select(['i.id', 'i.category', 'i.title', 'i.content', 'i.domain', 'o.name as lead_unit', 'i.deadline', 'i.ongoing', 'i.status', 'i.progress', 'i.closed_on'])
    .where('i.consultation_id', '=', consultationId)
    .where('i.deleted_at', 'is', null)
    .orderBy('i.category')
    .orderBy('i.sort_order')
    .orderBy('i.id')
    .execute();
}

/** The approved close-out summary of each completed item (the latest, should there be several). */
export async function outcomes(db: Conn, consultationId: number): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('completion_requests as cr')
    .innerJoin('items as i', 'i.id', 'cr.item_id')
    .select(['cr.item_id', 'cr.summary'])
    .where('i.consultation_id', '=', consultationId)
    .where('i.status', '=', 'completed')
    .where('cr.status', '=', 'approved')
    .orderBy('cr.reviewed_at')
    .orderBy('cr.id')
    .execute();
  return new Map(rows.map((r) => [r.item_id, r.summary]));
}

export async function domainLabels(db: Conn): Promise<Map<string, string>> {
  const rows = await db.selectFrom('dict_items').select(['value', 'label']).where('dict_type', '=', 'item_domain').execute();
  return new Map(rows.map((r) => [r.value, r.label]));
}

/** Items closed out, newest first. */
export async function recentCompletions(db: Conn, ids: number[], limit: number) {
  if (!ids.length) return [];
  return db
    .selectFrom('items')
    .select(['id', 'consultation_id', 'title', 'category', 'closed_on'])
    .where('consultation_id', 'in', ids)
    .where('deleted_at', 'is', null)
    .where('status', '=', 'completed')
    .where('closed_on', 'is not', null)
    .orderBy('closed_on', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Progress reports the bureau accepted, newest decision first: only their percent is ever shown. */
export async function recentAcceptedReports(db: Conn, ids: number[], limit: number) {
  if (!ids.length) return [];
  return (
    db
      .selectFrom('progress_reports as r')
      .innerJoin('items as i', 'i.id', 'r.item_id')
      .select(['r.id', 'r.percent', 'r.reviewed_at', 'i.id as item_id', 'i.consultation_id', 'i.title', 'i.category'])
      .where('i.consultation_id', 'in', ids)
      .where('i.deleted_at', 'is', null)
      .where('r.status', '=', 'accepted')
      // "0 % done" is not news.
      .where('r.percent', '>', 0)
      .where('r.reviewed_at', 'is not', null)
      .orderBy('r.reviewed_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(limit)
      .execute()
  );
}
