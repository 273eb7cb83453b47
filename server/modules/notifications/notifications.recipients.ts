/** Who is told about what: the people behind each role on an item, found by their role grants. */
import { sql } from 'kysely';
import type { Role } from '../../../domain/roles.js';
import type { Db, Tx } from '../../platform/db.js';

type Conn = Db | Tx;

/** Active users holding `role` at the party's organisation or below it (a host coordinator of the bureau, say). */
export async function roleHoldersOfSide(db: Conn, consultationId: number, side: 'host' | 'partner', role: Role, underOrgPath?: string): Promise<number[]> {
  let q = db
    .selectFrom('user_roles as ur')
    .innerJoin('users as u', 'u.id', 'ur.user_id')
    .innerJoin('organisations as ro', 'ro.id', 'ur.org_id')
    .innerJoin('consultation_parties as p', (j) => j.on('p.consultation_id', '=', consultationId).on('p.side', '=', side))
    .innerJoin('organisations as po', 'po.id', 'p.org_id')
    .select('ur.user_id')
    .distinct()
    .where('ur.role', '=', role)
    .where('u.status', '=', 'active')
    .where(sql<boolean>`ro.path like po.path || '%'`);
  // Of several partners, only the one the item's lead unit belongs to.
  if (underOrgPath) q = q.where(sql<boolean>`${underOrgPath} like po.path || '%'`);
  return (await q.execute()).map((r) => r.user_id);
}

/** Reporters (承办人) granted at the lead unit itself: a county government's lead does not reach every department. */
export async function unitReporters(db: Conn, orgId: number | null): Promise<number[]> {
  if (orgId === null) return [];
  const rows = await db
    .selectFrom('user_roles as ur')
    .innerJoin('users as u', 'u.id', 'ur.user_id')
    .select('ur.user_id')
    .distinct()
    .where('ur.role', '=', 'unit_reporter')
    .where('ur.org_id', '=', orgId)
    .where('u.status', '=', 'active')
    .execute();
  return rows.map((r) => r.user_id);
}

export interface ItemContext {
  id: number;
  consultationId: number;
  title: string;
  leadUnitId: number | null;
  leadUnitPath: string | null;
  consultationTitle: string;
}

export async function itemContext(db: Conn, itemId: number): Promise<ItemContext | null> {
  const r = await db
    .selectFrom('items as i')
    .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
    .leftJoin('organisations as lu', 'lu.id', 'i.lead_unit_id')
    .select(['i.id', 'i.consultation_id', 'i.title', 'i.lead_unit_id', 'lu.path as lead_path', 'c.title as c_title'])
    .where('i.id', '=', itemId)
    .executeTakeFirst();
  return r ? { id: r.id, consultationId: r.consultation_id, title: r.title, leadUnitId: r.lead_unit_id, leadUnitPath: r.lead_path, consultationTitle: r.c_title } : null;
}

/**
 * The people who answer for an item: its lead unit's reporters, and the partner coordinators who
 * report for the county side — those of the partner the lead unit belongs to, or, for a unit outside
 * every partner's subtree (a bureau office on a 市局直接支持 item, a county party department beside
 * the county government), every partner's coordinators.
 */
export async function responsibleFor(db: Conn, item: ItemContext): Promise<number[]> {
  const reporters = await unitReporters(db, item.leadUnitId);
  const coordinators = await itemPartnerCoordinators(db, item);
  return [...new Set([...reporters, ...coordinators])];
}

/** The partner coordinators who speak for an item: those of its lead unit's partner, or every partner's when it has none. */
export async function itemPartnerCoordinators(db: Conn, item: ItemContext): Promise<number[]> {
  const partners = await db
    .selectFrom('consultation_parties as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select('o.path')
    .where('p.consultation_id', '=', item.consultationId)
    .where('p.side', '=', 'partner')
    .execute();
  const lead = item.leadUnitPath;
  const own = lead ? partners.find((p) => lead.startsWith(p.path)) : undefined;
  return roleHoldersOfSide(db, item.consultationId, 'partner', 'partner_coordinator', own?.path);
}

/** The coordinators of one side; on the partner side, only those answering for the item when there is one. */
export async function sideCoordinators(db: Conn, consultationId: number, side: 'host' | 'partner', item: ItemContext | null): Promise<number[]> {
  if (side === 'host') return hostCoordinators(db, consultationId);
  return item ? itemPartnerCoordinators(db, item) : partnerCoordinators(db, consultationId);
}

/** Reporters granted at the lead unit of any live item of the list: everyone who will report on it. */
export async function leadUnitReportersOf(db: Conn, consultationId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('user_roles as ur')
    .innerJoin('users as u', 'u.id', 'ur.user_id')
    .select('ur.user_id')
    .distinct()
    .where('ur.role', '=', 'unit_reporter')
    .where('u.status', '=', 'active')
    .where('ur.org_id', 'in', (q) =>
      q
        .selectFrom('items as i')
        .select('i.lead_unit_id')
        .where('i.consultation_id', '=', consultationId)
        .where('i.deleted_at', 'is', null)
        .where('i.status', '!=', 'cancelled')
        .where('i.lead_unit_id', 'is not', null),
    )
    .execute();
  return rows.map((r) => r.user_id);
}

export async function consultationTitle(db: Conn, consultationId: number): Promise<string | null> {
  const r = await db.selectFrom('consultations').select('title').where('id', '=', consultationId).executeTakeFirst();
  return r?.title ?? null;
}

export const hostCoordinators = (db: Conn, consultationId: number) => roleHoldersOfSide(db, consultationId, 'host', 'host_coordinator');
export const hostLeaders = (db: Conn, consultationId: number) => roleHoldersOfSide(db, consultationId, 'host', 'leader');
export const partnerCoordinators = (db: Conn, consultationId: number, underOrgPath?: string) =>
  roleHoldersOfSide(db, consultationId, 'partner', 'partner_coordinator', underOrgPath);
