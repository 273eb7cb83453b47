import { protectedAdminAccount, ROLES, type Role } from '../../../domain/roles.js';
import type { OnlineSession } from '../../../domain/online.js';
import type { RequestContext } from '../../platform/actor.js';
import { isUnder, permissionScope } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import type { Db, Tx } from '../../platform/db.js';
import { pathUnder } from '../../platform/db-helpers.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, notFound } from '../../platform/errors.js';
import { idleMinutes } from '../../platform/parameters.js';
import { rolesOf } from '../users/users.service.js';

/** 在线用户: sessions neither ended, expired nor idle past the limit, of accounts in the administrator's subtree. */
export async function listOnline(deps: Deps, ctx: RequestContext, q: { username?: string }): Promise<OnlineSession[]> {
  const scope = permissionScope(ctx.actor, 'session.manage');
  const now = deps.clock.now();
  const idleMs = (await idleMinutes(deps)) * 60_000;
  let sel = deps.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .select(['s.id', 's.user_id', 's.ip', 's.user_agent', 's.created_at', 's.last_seen_at', 's.expires_at', 'u.username', 'u.display_name', 'o.id as org_id', 'o.name as org_name'])
    .where('s.ended_at', 'is', null)
    .where('s.expires_at', '>', now.toISOString())
    .where('s.last_seen_at', '>', new Date(now.getTime() - idleMs).toISOString())
    .where('u.status', '=', 'active')
    .where((eb) => pathUnder(eb, eb.ref('o.path'), scope));
  if (q.username) sel = sel.where('u.username', '=', q.username);
  const rows = await sel.orderBy('s.last_seen_at', 'desc').execute();
  const roles = await rolesByUser(
    deps.db,
    rows.map((r) => r.user_id),
  );
  return rows.map((r) => {
    const idleEnd = new Date(new Date(r.last_seen_at).getTime() + idleMs).toISOString();
    return {
      id: r.id,
      userId: r.user_id,
      username: r.username,
      displayName: r.display_name,
      org: { id: r.org_id, name: r.org_name },
      ip: r.ip,
      userAgent: r.user_agent,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      endsAt: idleEnd < r.expires_at ? idleEnd : r.expires_at,
      current: r.id === ctx.actor.sessionId,
      canTerminate: !protectedAdminAccount({ id: r.user_id, roles: roles.get(r.user_id) ?? [] }, ctx.actor.userId),
    };
  });
}

/** Each user's roles, as protectedAdminAccount reads them. */
async function rolesByUser(db: Db | Tx, userIds: number[]) {
  const out = new Map<number, { role: Role }[]>();
  for (const r of await rolesOf(db, [...new Set(userIds)])) {
    if ((ROLES as readonly string[]).includes(r.role)) out.set(r.user_id, [...(out.get(r.user_id) ?? []), { role: r.role as Role }]);
  }
  return out;
}

/**
 * 强制下线: the session ends now and its next request is told why. Another administrator's session is
 * refused like every other act on an administrator's account (三员分立).
 */
export async function terminateSession(deps: Deps, ctx: RequestContext, id: string): Promise<{ ok: true }> {
  const scope = permissionScope(ctx.actor, 'session.manage');
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const s = await tx
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .innerJoin('organisations as o', 'o.id', 'u.org_id')
      .select(['s.id', 's.user_id', 's.ended_at', 's.ip', 'u.username', 'o.path'])
      .where('s.id', '=', id)
      .executeTakeFirst();
    if (!s || s.ended_at || !isUnder(s.path, scope)) throw notFound('会话', '会话不存在或已结束');
    const roles = (await rolesByUser(tx, [s.user_id])).get(s.user_id) ?? [];
    if (protectedAdminAccount({ id: s.user_id, roles }, ctx.actor.userId)) {
      throw new AppError('ADMIN_ACCOUNT_PROTECTED', '三员分立：不能强制其他管理员下线');
    }
    await tx.updateTable('sessions').set({ ended_at: now, end_reason: 'forced' }).where('id', '=', id).where('ended_at', 'is', null).execute();
    await recordAudit(tx, ctx, now, { action: 'session.terminate', entityType: 'session', entityId: s.user_id, after: { username: s.username, ip: s.ip } });
    return { ok: true as const };
  });
}
