import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import { ancestorIds } from '../../platform/actor.js';
import { can } from '../../platform/access.js';
import type { Database } from '../../platform/db-schema.js';
import { AppError } from '../../platform/errors.js';

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
    .where((w) => w.or([w('vo.path', 'like', `${actor.orgPath}%`), w('vp.org_id', 'in', ancestorIds(actor.orgPath))]));
}

/**
 * A consultation is visible where the caller's organisation, or one above or below it, is a party:
 * the bureau sees its counties' consultations, a county never sees another county's.
 * This form suits one row: the check runs for that row only.
 */
export function visibleToActor(
  eb: ExpressionBuilder<Database & { c: Database['consultations'] }, 'c'>,
  actor: Actor,
): Expression<SqlBool> {
  return eb.exists(partiesInScope(eb, actor).select('vp.org_id').whereRef('vp.consultation_id', '=', 'c.id'));
}

/** The same rule for lists: the caller's consultations are found once, not once per row scanned. */
export function listedForActor(
  eb: ExpressionBuilder<Database & { c: Database['consultations'] }, 'c'>,
  actor: Actor,
): Expression<SqlBool> {
  return eb('c.id', 'in', partiesInScope(eb, actor).select('vp.consultation_id'));
}

export function assertCanRead(actor: Actor): void {
  // Administrators have no business data; to them consultations do not exist.
  if (!can(actor, 'consultation.read')) throw new AppError('FORBIDDEN', '当前角色不能查看会商');
}

/** The side of the table the caller sits on: under the host, under a partner, or neither. */
export function sideOf(actor: Actor, parties: Party[]): 'host' | 'partner' | null {
  const host = parties.find((p) => p.side === 'host');
  if (host && actor.orgPath.startsWith(host.orgPath)) return 'host';
  if (parties.some((p) => p.side === 'partner' && actor.orgPath.startsWith(p.orgPath))) return 'partner';
  return null;
}

/** Editing the list: a host coordinator on the host side or a partner coordinator on a partner side. */
export function canEditItems(actor: Actor, parties: Party[]): boolean {
  const side = sideOf(actor, parties);
  if (side === 'host') return actor.roles.some((r) => r.role === 'host_coordinator');
  if (side === 'partner') return actor.roles.some((r) => r.role === 'partner_coordinator');
  return false;
}

export function canUpdateConsultation(actor: Actor, parties: Party[]): boolean {
  return sideOf(actor, parties) === 'host' && can(actor, 'consultation.update');
}
