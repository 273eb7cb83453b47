import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import { can, isUnder, orgInLine } from '../../platform/access.js';
import type { Db, Tx } from '../../platform/db.js';

/**
 * Projects and programmes belong to a host organisation. They are visible where the caller's
 * organisation is at, under or above that host (as consultations are), or where the caller can
 * see one of their linked items; `linked` is the subquery of such item ids for the row.
 */
export function hostInScope<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, hostPath: Expression<string>, hostId: Expression<number>, actor: Actor): Expression<SqlBool> {
  return orgInLine(eb, hostPath, hostId, actor);
}

/** Items in a consultation the caller may see (a party at, under or above the caller's organisation). */
export function visibleItemIds(db: Db | Tx, actor: Actor) {
  return db
    .selectFrom('items as vi')
    .innerJoin('consultation_parties as vp', 'vp.consultation_id', 'vi.consultation_id')
    .innerJoin('organisations as vo', 'vo.id', 'vp.org_id')
    .select('vi.id')
    .where('vi.deleted_at', 'is', null)
    .where((w) => orgInLine(w, w.ref('vo.path'), w.ref('vp.org_id'), actor));
}

/**
 * The same rule as visibleItemIds for one project, given the consultations listed for the caller
 * (found once by the caller's scope rule): its linked items that are in one of them.
 */
export function linkedItemsIn(db: Db | Tx, projectId: Expression<number>, consultationIds: number[]) {
  return db
    .selectFrom('project_items as vpi')
    .innerJoin('items as vi', 'vi.id', 'vpi.item_id')
    .select('vpi.item_id')
    .where('vpi.project_id', '=', projectId)
    .where('vi.deleted_at', 'is', null)
    .where('vi.consultation_id', 'in', consultationIds);
}

/** Creating and editing: a host coordinator at or under the owning host organisation. */
export function canEditHosted(actor: Actor, hostPath: string): boolean {
  return isUnder(actor.orgPath, hostPath) && can(actor, 'project.write');
}
