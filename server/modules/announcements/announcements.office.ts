import { sql } from 'kysely';
import { ANNOUNCEMENT_AUDIENCE_ORGS_MAX } from '../../../domain/announcements.js';
import type { Role } from '../../../domain/roles.js';
import { roleGrants } from '../../../domain/roles.js';
import type { Actor } from '../../platform/actor.js';
import { ancestorIds } from '../../platform/actor.js';
import { isUnder } from '../../platform/access.js';
import type { Db, Tx } from '../../platform/db.js';
import { pathUnder } from '../../platform/db-helpers.js';
import { AppError, forbidden } from '../../platform/errors.js';

/**
 * Who speaks for an office in 通知公告 and whom it may address. The office is the organisation where
 * the publishing grant was given (a coordinator's too: a notice is the office's, not a side's); its
 * jurisdiction (辖区) is the division that organisation belongs to — the city for the bureau, the
 * county for a county office — so the bureau reaches every county of its city and a county only its own.
 */
export interface Office {
  orgId: number;
  orgPath: string;
}

const DIVISION_KINDS = ['province', 'city', 'county'] as const;

/** The offices the actor publishes for (one per grant carrying announcement.publish). */
export function officesOf(actor: Actor): Office[] {
  const seen = new Map<number, Office>();
  for (const g of actor.roles) if (roleGrants(g.role, 'announcement.publish') && !seen.has(g.orgId)) seen.set(g.orgId, { orgId: g.orgId, orgPath: g.orgPath });
  return [...seen.values()];
}

export function requireOffice(actor: Actor): Office {
  const office = officesOf(actor)[0];
  if (!office) throw forbidden('当前角色无权发布通知公告');
  return office;
}

/** The subtree the office may address: its nearest enclosing division (the office itself when none encloses it). */
export async function jurisdictionOf(db: Db | Tx, office: Office): Promise<{ id: number; path: string; name: string }> {
  const rows = await db.selectFrom('organisations').select(['id', 'path', 'name', 'kind']).where('id', 'in', ancestorIds(office.orgPath)).execute();
  const divisions = rows.filter((r) => (DIVISION_KINDS as readonly string[]).includes(r.kind)).sort((a, b) => b.path.length - a.path.length);
  const own = rows.find((r) => r.id === office.orgId);
  const at = divisions[0] ?? own;
  if (!at) throw forbidden('当前角色无权发布通知公告');
  return { id: at.id, path: at.path, name: at.name };
}

/** The audience's organisations, each checked to lie inside the jurisdiction; unknown or outside ones are named in the error. */
export async function checkedAudienceOrgs(db: Db | Tx, office: Office, orgIds: number[]): Promise<{ id: number; path: string }[]> {
  const ids = [...new Set(orgIds)];
  if (ids.length > ANNOUNCEMENT_AUDIENCE_ORGS_MAX) throw invalidAudience(`发送范围最多 ${ANNOUNCEMENT_AUDIENCE_ORGS_MAX} 个单位`);
  if (!ids.length) return [];
  const area = await jurisdictionOf(db, office);
  const rows = await db.selectFrom('organisations').select(['id', 'path']).where('id', 'in', ids).execute();
  const inside = rows.filter((r) => isUnder(r.path, area.path));
  if (inside.length !== ids.length) throw invalidAudience(`发送范围只能选择${area.name}辖区内的单位`);
  return inside;
}

function invalidAudience(message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ field: 'body.orgIds', message }]);
}

/**
 * Everyone the notice reaches when published: active accounts at or below the audience's
 * organisations (the whole jurisdiction when none are named) holding one of its roles (any when
 * none), the author left out.
 */
export async function recipientIds(tx: Tx, a: { org_id: number; author_id: number; audience_roles: string }, audiencePaths: string[], office: Office): Promise<number[]> {
  const paths = audiencePaths.length ? audiencePaths : [(await jurisdictionOf(tx, office)).path];
  const roles = JSON.parse(a.audience_roles) as Role[];
  let q = tx
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .select('u.id')
    .where('u.status', '=', 'active')
    .where('u.id', '!=', a.author_id)
    .where((eb) => eb.or(paths.map((p) => pathUnder(eb, eb.ref('o.path'), p))));
  if (roles.length) {
    q = q.where((eb) => eb.exists(eb.selectFrom('user_roles as ur').select(sql.lit(1).as('one')).whereRef('ur.user_id', '=', 'u.id').where('ur.role', 'in', roles)));
  }
  return (await q.execute()).map((r) => r.id);
}
