/**
 * The one way a policy decides who may act: by permission (domain/roles.ts), never by role name,
 * plus the scope rules every policy shares — organisation subtrees, and the side of a
 * consultation's table. Domain policies (`<domain>.policy.ts`) combine these with their rows.
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Side } from '../../domain/negotiation.js';
import { ROLE_SIDE, roleGrants, type Permission } from '../../domain/roles.js';
import type { Actor } from './actor.js';
import { ancestorIds } from './actor.js';
import { likePatternOf } from './db-helpers.js';
import { forbidden } from './errors.js';

export type Grant = Actor['roles'][number];

/** A seat at a consultation's table: an organisation and the side it sits on. */
export interface Seat {
  side: Side;
  orgPath: string;
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw forbidden('当前角色无权执行此操作');
}

/** True when `path` lies in the subtree rooted at `rootPath` (root included). */
export function isUnder(path: string, rootPath: string): boolean {
  return path.startsWith(rootPath);
}

/**
 * The grants that carry `permission` for the organisation they were granted at, in grant order. A
 * coordinator's grant is left out: it speaks for a side of the table (see `sideWith`), not for a unit.
 */
export function grantsWith(actor: Actor, permission: Permission): Grant[] {
  return actor.roles.filter((g) => ROLE_SIDE[g.role] === undefined && roleGrants(g.role, permission));
}

/** A grant carrying `permission` given at exactly this organisation (e.g. the reporter of a unit). */
export function canAt(actor: Actor, permission: Permission, orgId: number | null): boolean {
  return orgId !== null && grantsWith(actor, permission).some((g) => g.orgId === orgId);
}

/**
 * The subtree in which the actor holds `permission`: where the grant carrying it was given. Without
 * such a grant the caller is refused outright, as an administrator missing the permission should be.
 */
export function permissionScope(actor: Actor, permission: Permission): string {
  const grant = grantsWith(actor, permission)[0];
  if (!grant) throw forbidden('当前角色无权执行此操作');
  return grant.orgPath;
}

/** The side of the table the actor sits on: under the host, under a partner, or neither. */
export function sideOf(actor: Actor, seats: readonly Seat[]): Side | null {
  const host = seats.find((p) => p.side === 'host');
  if (host && isUnder(actor.orgPath, host.orgPath)) return 'host';
  if (seats.some((p) => p.side === 'partner' && isUnder(actor.orgPath, p.orgPath))) return 'partner';
  return null;
}

/**
 * The side on which the actor may do `permission` here: the side they sit on, when a grant of that
 * side's coordinator carries it. A county coordinator working in the bureau decides nothing for the host.
 */
export function sideWith(actor: Actor, seats: readonly Seat[], permission: Permission): Side | null {
  const side = sideOf(actor, seats);
  if (!side) return null;
  return actor.roles.some((g) => ROLE_SIDE[g.role] === side && roleGrants(g.role, permission)) ? side : null;
}

/** The subtree the actor reads (see `Actor.scopePath`). */
export function scopeRoot(actor: Actor): string {
  return actor.scopePath ?? actor.orgPath;
}

/**
 * SQL: the organisation (its path and id) is in the actor's line — in the subtree the actor reads,
 * or above the actor's organisation. This is the scope of everything a business user sees: the
 * bureau sees its counties', a county sees the bureau's, a county never sees another county's, and
 * the province's department sees every city's and county's.
 */
export function orgInLine<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, orgPath: Expression<string>, orgId: Expression<number>, actor: Actor): Expression<SqlBool> {
  return eb.or([eb(orgPath, 'like', likePatternOf(`${scopeRoot(actor)}%`)), eb(orgId, 'in', ancestorIds(actor.orgPath))]);
}
