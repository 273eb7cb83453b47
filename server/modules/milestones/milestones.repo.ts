import type { Milestone } from '../../../domain/milestones.js';
import type { Db, Tx } from '../../platform/db.js';

type Conn = Db | Tx;

const COLUMNS = ['id', 'item_id', 'title', 'due_on', 'done_on', 'sort_order', 'version', 'created_at', 'updated_at'] as const;

export async function listMilestoneRows(db: Conn, itemId: number) {
  return db.selectFrom('item_milestones').select(COLUMNS).where('item_id', '=', itemId).orderBy('due_on').orderBy('id').execute();
}

export async function getMilestoneRow(db: Conn, id: number) {
  return db.selectFrom('item_milestones').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export type MilestoneRow = NonNullable<Awaited<ReturnType<typeof getMilestoneRow>>>;

export async function countMilestones(db: Conn, itemId: number): Promise<number> {
  const r = await db
    .selectFrom('item_milestones')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('item_id', '=', itemId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertMilestone(db: Conn, itemId: number, v: { title: string; dueOn: string; doneOn: string | null; sortOrder: number }, userId: number, now: string) {
  const r = await db
    .insertInto('item_milestones')
    .values({ item_id: itemId, title: v.title, due_on: v.dueOn, done_on: v.doneOn, sort_order: v.sortOrder, version: 1, created_by: userId, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Writes only when the row still has the version the caller edited; false means someone else won. */
export async function updateMilestoneGuarded(db: Conn, id: number, version: number, v: { title: string; dueOn: string; doneOn: string | null }, now: string) {
  const r = await db
    .updateTable('item_milestones')
    .set({ title: v.title, due_on: v.dueOn, done_on: v.doneOn, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteMilestoneGuarded(db: Conn, id: number, version: number) {
  const r = await db.deleteFrom('item_milestones').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export function presentMilestone(r: MilestoneRow): Milestone {
  return {
    id: r.id,
    itemId: r.item_id,
    title: r.title,
    dueOn: r.due_on,
    doneOn: r.done_on,
    sortOrder: r.sort_order,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export const milestoneAuditView = (m: Milestone) => ({ itemId: m.itemId, title: m.title, dueOn: m.dueOn, doneOn: m.doneOn });
