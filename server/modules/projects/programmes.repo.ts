import { rollUpProgress, type Programme } from '../../../domain/programmes.js';
import type { Actor } from '../../platform/actor.js';
import type { Db, Tx } from '../../platform/db.js';
import { canEditHosted, hostInScope, visibleItemIds } from './projects.policy.js';
import { linkedItem } from './projects.repo.js';
import type { ProgrammeItem } from '../../../domain/programmes.js';

type Conn = Db | Tx;

const COLUMNS = ['g.id', 'g.host_org_id', 'g.name', 'g.year', 'g.description', 'g.sort_order', 'g.version', 'ho.name as host_name', 'ho.path as host_path'] as const;

/** Programmes the caller may see: the host in scope, or an assigned item the caller can see. */
function visible(db: Conn, actor: Actor) {
  return db
    .selectFrom('programmes as g')
    .innerJoin('organisations as ho', 'ho.id', 'g.host_org_id')
    .select(COLUMNS)
    .where((eb) =>
      eb.or([
        hostInScope(eb, eb.ref('ho.path'), eb.ref('g.host_org_id'), actor),
        eb.exists(eb.selectFrom('programme_items as vgi').select('vgi.item_id').whereRef('vgi.programme_id', '=', 'g.id').where('vgi.item_id', 'in', visibleItemIds(db, actor))),
      ]),
    );
}

export async function findVisible(db: Conn, actor: Actor, id: number) {
  return visible(db, actor).where('g.id', '=', id).executeTakeFirst();
}

export type ProgrammeRow = NonNullable<Awaited<ReturnType<typeof findVisible>>>;

/** Programmes of a consultation: the host's of that year, and any holding one of its items. */
export async function listVisible(db: Conn, actor: Actor, f: { year?: number; consultation?: { id: number; hostOrgId: number; year: number } }) {
  let q = visible(db, actor);
  if (f.year) q = q.where('g.year', '=', f.year);
  const c = f.consultation;
  if (c) {
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('g.host_org_id', '=', c.hostOrgId), eb('g.year', '=', c.year)]),
        eb.exists(
          eb
            .selectFrom('programme_items as cgi')
            .innerJoin('items as ci', 'ci.id', 'cgi.item_id')
            .select('cgi.item_id')
            .whereRef('cgi.programme_id', '=', 'g.id')
            .where('ci.consultation_id', '=', c.id)
            .where('ci.deleted_at', 'is', null),
        ),
      ]),
    );
  }
  return q.orderBy('g.year', 'desc').orderBy('g.sort_order').orderBy('g.id').limit(200).execute();
}

export type AssignedItem = ProgrammeItem;

/** Assigned items the caller can see, of several programmes, in one query. */
export async function itemsOf(db: Conn, actor: Actor, programmeIds: number[], consultationId?: number): Promise<Map<number, AssignedItem[]>> {
  const out = new Map<number, AssignedItem[]>();
  if (!programmeIds.length) return out;
  let q = db
    .selectFrom('programme_items as gi')
    .innerJoin('items as i', 'i.id', 'gi.item_id')
    .select(['gi.programme_id', 'gi.weight', 'i.id', 'i.title', 'i.category', 'i.consultation_id', 'i.progress', 'i.status', 'i.light', 'i.light_reasons_json'])
    .where('gi.programme_id', 'in', programmeIds)
    .where('i.id', 'in', visibleItemIds(db, actor));
  if (consultationId !== undefined) q = q.where('i.consultation_id', '=', consultationId);
  const rows = await q.orderBy('i.consultation_id').orderBy('i.category').orderBy('i.sort_order').orderBy('i.id').execute();
  for (const r of rows) {
    const list = out.get(r.programme_id) ?? [];
    list.push({ ...linkedItem(r), weight: r.weight });
    out.set(r.programme_id, list);
  }
  return out;
}

export function presentProgramme(r: ProgrammeRow, items: AssignedItem[], actor: Actor): Programme {
  return {
    id: r.id,
    hostOrg: { id: r.host_org_id, name: r.host_name },
    name: r.name,
    year: r.year,
    description: r.description,
    progress: rollUpProgress(items.map((i) => ({ progress: i.progress, weight: i.weight, cancelled: i.status === 'cancelled' }))),
    items,
    canEdit: canEditHosted(actor, r.host_path),
    version: r.version,
  };
}

export async function assignmentOf(db: Conn, itemId: number) {
  return db.selectFrom('programme_items').select(['programme_id', 'weight']).where('item_id', '=', itemId).executeTakeFirst();
}

/** The programme of an item, whoever may see it: needed to check who may take it out again. */
export async function programmeHostPath(db: Conn, programmeId: number) {
  const r = await db.selectFrom('programmes as g').innerJoin('organisations as ho', 'ho.id', 'g.host_org_id').select('ho.path').where('g.id', '=', programmeId).executeTakeFirst();
  return r?.path ?? null;
}
