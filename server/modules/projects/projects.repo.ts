import type { LinkedItem, Milestone, Outcome, Project, ProjectStatus, ProjectType } from '../../../domain/projects.js';
import { yuanToWan } from '../../../domain/items.js';
import type { Actor } from '../../platform/actor.js';
import { containsText, dialectOf } from '../../platform/db-helpers.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Selectable } from 'kysely';
import type { ItemsTable } from '../../platform/db-schema.js';
import { canEditHosted, hostInScope, visibleItemIds } from './projects.policy.js';
import { parseLightReasons } from '../../../domain/lights.js';

type Conn = Db | Tx;

const COLUMNS = [
  'p.id',
  'p.host_org_id',
  'p.name',
  'p.type',
  'p.summary',
  'p.undertakers_json',
  'p.fiscal_yuan',
  'p.self_raised_yuan',
  'p.start_date',
  'p.end_date',
  'p.milestones_json',
  'p.outcomes_json',
  'p.status',
  'p.version',
  'p.created_at',
  'p.updated_at',
  'ho.name as host_name',
  'ho.path as host_path',
] as const;

/** Projects the caller may see: the host in scope, or a linked item the caller can see. */
function visible(db: Conn, actor: Actor) {
  return db
    .selectFrom('projects as p')
    .innerJoin('organisations as ho', 'ho.id', 'p.host_org_id')
    .select(COLUMNS)
    .where((eb) =>
      eb.or([
        hostInScope(eb, eb.ref('ho.path'), eb.ref('p.host_org_id'), actor),
        eb.exists(eb.selectFrom('project_items as vpi').select('vpi.item_id').whereRef('vpi.project_id', '=', 'p.id').where('vpi.item_id', 'in', visibleItemIds(db, actor))),
      ]),
    );
}

export async function findVisible(db: Conn, actor: Actor, id: number) {
  return visible(db, actor).where('p.id', '=', id).executeTakeFirst();
}

export type ProjectRow = NonNullable<Awaited<ReturnType<typeof findVisible>>>;

export async function listVisible(db: Conn, actor: Actor, f: { consultationId?: number; status?: ProjectStatus; q?: string; after?: number; limit: number }) {
  let q = visible(db, actor);
  if (f.status) q = q.where('p.status', '=', f.status);
  const text = f.q;
  if (text) q = q.where((eb) => containsText(dialectOf(db), eb.ref('p.name'), text));
  const cid = f.consultationId;
  if (cid !== undefined) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('project_items as cpi')
          .innerJoin('items as ci', 'ci.id', 'cpi.item_id')
          .select('cpi.item_id')
          .whereRef('cpi.project_id', '=', 'p.id')
          .where('ci.consultation_id', '=', cid)
          .where('ci.deleted_at', 'is', null),
      ),
    );
  }
  if (f.after !== undefined) q = q.where('p.id', '>', f.after);
  return q.orderBy('p.id').limit(f.limit).execute();
}

/** Linked items of several projects that the caller can see, in ledger order, in one query. */
export async function linkedItemsOf(db: Conn, actor: Actor, projectIds: number[]): Promise<Map<number, LinkedItem[]>> {
  const out = new Map<number, LinkedItem[]>();
  if (!projectIds.length) return out;
  const rows = await db
    .selectFrom('project_items as pi')
    .innerJoin('items as i', 'i.id', 'pi.item_id')
    .select(['pi.project_id', 'i.id', 'i.title', 'i.category', 'i.consultation_id', 'i.progress', 'i.status', 'i.light', 'i.light_reasons_json'])
    .where('pi.project_id', 'in', projectIds)
    .where('i.id', 'in', visibleItemIds(db, actor))
    .orderBy('i.consultation_id')
    .orderBy('i.category')
    .orderBy('i.sort_order')
    .orderBy('i.id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.project_id) ?? [];
    list.push(linkedItem(r));
    out.set(r.project_id, list);
  }
  return out;
}

export async function linkedItemIds(db: Conn, projectId: number): Promise<number[]> {
  const rows = await db.selectFrom('project_items').select('item_id').where('project_id', '=', projectId).orderBy('item_id').execute();
  return rows.map((r) => r.item_id);
}

/** Which of these item ids the caller can see (missing and deleted items are left out). */
export async function visibleAmong(db: Conn, actor: Actor, itemIds: number[]): Promise<Set<number>> {
  if (!itemIds.length) return new Set();
  const rows = await db.selectFrom('items as i').select('i.id').where('i.id', 'in', itemIds).where('i.id', 'in', visibleItemIds(db, actor)).execute();
  return new Set(rows.map((r) => r.id));
}

export async function replaceLinks(db: Conn, projectId: number, itemIds: number[]) {
  await db.deleteFrom('project_items').where('project_id', '=', projectId).execute();
  if (itemIds.length) {
    await db
      .insertInto('project_items')
      .values(itemIds.map((item_id) => ({ project_id: projectId, item_id })))
      .execute();
  }
}

export function presentProject(r: ProjectRow, items: LinkedItem[], actor: Actor): Project {
  const fiscal = Number(r.fiscal_yuan);
  const self = Number(r.self_raised_yuan);
  return {
    id: r.id,
    hostOrg: { id: r.host_org_id, name: r.host_name },
    name: r.name,
    type: r.type as ProjectType,
    summary: r.summary,
    undertakers: JSON.parse(r.undertakers_json) as string[],
    fiscalWan: yuanToWan(fiscal),
    selfRaisedWan: yuanToWan(self),
    totalWan: yuanToWan(fiscal + self),
    startDate: r.start_date,
    endDate: r.end_date,
    milestones: JSON.parse(r.milestones_json) as Milestone[],
    outcomes: JSON.parse(r.outcomes_json) as Outcome[],
    status: r.status,
    items,
    canEdit: canEditHosted(actor, r.host_path),
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

type LinkedItemRow = Pick<Selectable<ItemsTable>, 'title' | 'category' | 'consultation_id' | 'progress' | 'status' | 'light' | 'light_reasons_json'> & { id: number };

/** An item as a project or a programme lists it. */
export function linkedItem(r: LinkedItemRow): LinkedItem {
  return {
    id: r.id,
    title: r.title,
    category: r.category,
    consultationId: r.consultation_id,
    progress: r.progress,
    status: r.status,
    light: r.light,
    lightReasons: parseLightReasons(r.light_reasons_json),
  };
}
