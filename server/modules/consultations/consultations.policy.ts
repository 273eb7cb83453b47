import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import { ancestorIds } from '../../platform/actor.js';
import type { Actor } from '../../platform/actor.js';
import { can, orgInLine, scopeRoot, sideOf, sideWith } from '../../platform/access.js';
import type { Database } from '../../platform/db-schema.js';
import { forbidden } from '../../platform/errors.js';

export { sideOf };

export interface Party {
  orgId: number;
  orgName: string;
  orgPath: string;
  side: 'host' | 'partner';
}

function partiesInScope(eb: ExpressionBuilder<Database & { c: Database['consultations'] }, 'c'>, actor: Actor) {
  return eb
    .selectFrom('consultation_parties as vp')
    .innerJoin('organisations as vo', 'vo.id', 'vp.org_id')
    .where((w) => orgInLine(w, w.ref('vo.path'), w.ref('vp.org_id'), actor));
}

/** What visibleToActor reads of a caller (its organisation and scope paths): a built check may be shared by this key. */
export function visibilityKey(actor: Actor): string {
  return `${actor.orgPath}|${scopeRoot(actor)}`;
}

/**
 * A consultation is visible where the caller's organisation, or one above or below it, is a party:
 * the bureau sees its counties' consultations, a county never sees another county's.
 * This form suits one row: the check runs for that row only.
 */
export function visibleToActor(eb: ExpressionBuilder<Database & { c: Database['consultations'] }, 'c'>, actor: Actor): Expression<SqlBool> {
  return eb.exists(partiesInScope(eb, actor).select('vp.org_id').whereRef('vp.consultation_id', '=', 'c.id'));
}

/**
 * The same rule for lists: the caller's consultations are found once, not once per row scanned.
 * The subtree is walked down from its root by parent (an index search per level) rather than
 * matched by path prefix, which no index serves on either database: the cost follows the caller's
 * scope, not every party of every consultation in the country.
 */
export function listedForActor(eb: ExpressionBuilder<Database & { c: Database['consultations'] }, 'c'>, actor: Actor): Expression<SqlBool> {
  return eb('c.id', 'in', consultationIdsInScope(actor));
}

/** The ids of the consultations in the caller's scope, as a subquery (the list form of the rule above). */
export function consultationIdsInScope(actor: Actor) {
  const root = ancestorIds(scopeRoot(actor)).at(-1) ?? 0;
  const above = ancestorIds(actor.orgPath);
  return sql<number>`(with recursive sub(id) as (select ${sql.lit(root)} union all select so.id from organisations so inner join sub on so.parent_id = sub.id)
    select sp.consultation_id from consultation_parties sp
    where sp.org_id in (select id from sub union all select ao.id from organisations ao where ao.id in (${sql.join(above.length ? above : [0])})))`;
}

export function assertCanRead(actor: Actor): void {
  // Administrators have no business data; to them consultations do not exist.
  if (!can(actor, 'consultation.read')) throw forbidden('当前角色不能查看会商');
}

/** Editing the list: the coordinator of the side the caller sits on (host coordinator for the host, partner coordinator for a partner). */
export function canEditItems(actor: Actor, parties: Party[]): boolean {
  return sideWith(actor, parties, 'item.write') !== null;
}

export function canUpdateConsultation(actor: Actor, parties: Party[]): boolean {
  return sideWith(actor, parties, 'consultation.update') === 'host';
}
