import { isAdminRole, protectedAdminAccount, type Role } from '../../../domain/roles.js';
import type { RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { hashPassword, passwordHashCost } from '../../platform/crypto.js';
import { isUniqueViolation } from '../../platform/db-helpers.js';
import type { Deps } from '../../platform/deps.js';
import type { Tx } from '../../platform/db.js';
import { AppError, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import { adminScopePath, assertInScope } from '../organisations/organisations.policy.js';
import { getOrgRow } from '../organisations/organisations.service.js';
import { assertPasswordAllowed, rememberPassword } from '../auth/password-policy.js';
import { clearTwoFactor } from '../auth/two-factor.service.js';
import * as repo from './users.repo.js';

/** For other modules writing a user's phone or e-mail: sealed, with its blind index. */
export const sealedContact = repo.sealedContact;

// Account administration (user.manage) belongs to the system administrator, role grants (role.grant) to
// the security administrator; both see (user.read) and unlock (user.unlock) the accounts of their subtree.

export async function listUsers(deps: Deps, ctx: RequestContext, q: { q?: string; limit: number; cursor?: string }) {
  const scope = adminScopePath(ctx.actor, 'user.read');
  const afterId = q.cursor ? Number(q.cursor) : undefined;
  const rows = await repo.findUserRows(deps.db, { underPath: scope, q: q.q, limit: q.limit + 1, afterId });
  const page = rows.slice(0, q.limit);
  return { data: await repo.loadUsers(deps.db, page), nextCursor: rows.length > q.limit ? String(page[page.length - 1].id) : null };
}

async function scopedUser(deps: Deps, tx: Tx, scope: string, id: number) {
  const row = await tx
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.org_id', 'u.status', 'u.version', 'o.path'])
    .where('u.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('用户', '用户不存在或不在管理范围内');
  assertInScope(scope, row.path);
  const roles = await tx.selectFrom('user_roles').select('role').where('user_id', '=', id).execute();
  return { ...row, roles };
}

const ADMIN_ACCOUNT_MESSAGE = '三员分立：管理员账号不能由其他管理员修改、停用、解锁、重置密码或授权，请在服务器上用 npx huishang user 命令维护';

function assertNotOtherAdmin(ctx: RequestContext, target: { id: number; roles: { role: Role }[] }) {
  if (protectedAdminAccount(target, ctx.actor.userId)) throw new AppError('ADMIN_ACCOUNT_PROTECTED', ADMIN_ACCOUNT_MESSAGE);
}

export async function getUserInScope(deps: Deps, ctx: RequestContext, id: number) {
  const scope = adminScopePath(ctx.actor, 'user.read');
  return deps.db.transaction().execute(async (tx) => {
    await scopedUser(deps, tx, scope, id);
    return (await repo.getUser(tx, id))!;
  });
}

async function orgInScope(tx: Tx, scope: string, orgId: number) {
  const org = await getOrgRow(tx, orgId);
  if (!org) throw notFound('组织', '组织不存在');
  assertInScope(scope, org.path);
  return org;
}

export async function createUser(
  deps: Deps,
  ctx: RequestContext,
  input: { username: string; displayName: string; orgId: number; password: string; phone?: string | null; email?: string | null },
) {
  const scope = adminScopePath(ctx.actor, 'user.manage');
  await assertPasswordAllowed(deps, input.password, input.username, 'body.password');
  const hash = await hashPassword(input.password, passwordHashCost(deps.config));
  const now = deps.clock.now().toISOString();
  try {
    return await deps.db.transaction().execute(async (tx) => {
      await orgInScope(tx, scope, input.orgId);
      const id = await repo.insertUser(tx, {
        username: input.username,
        displayName: input.displayName,
        orgId: input.orgId,
        passwordHash: hash,
        phone: input.phone,
        email: input.email,
        // The administrator chose this password, so it is theirs as much as the new user's.
        mustChangePassword: true,
        now,
      });
      const user = (await repo.getUser(tx, id))!;
      const { roles: _r, ...after } = user;
      await recordAudit(tx, ctx, now, { action: 'user.create', entityType: 'user', entityId: id, after: repo.userForAudit(after) });
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('DUPLICATE', `用户名 ${input.username} 已被使用`, [{ field: 'body.username', message: '已被使用' }]);
    throw err;
  }
}

export async function updateUser(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  input: { displayName?: string; orgId?: number; phone?: string | null; email?: string | null; status?: 'active' | 'disabled'; version: number },
) {
  const scope = adminScopePath(ctx.actor, 'user.manage');
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const row = await scopedUser(deps, tx, scope, id);
    assertNotOtherAdmin(ctx, row);
    if (row.version !== input.version) throw versionConflict();
    if (id === ctx.actor.userId && input.orgId !== undefined && input.orgId !== row.org_id) {
      // An administrator's scope follows its organisation: moving itself would widen it.
      throw new AppError('ADMIN_ACCOUNT_PROTECTED', '不能调整自己账号的所属组织');
    }
    if (input.orgId !== undefined) await orgInScope(tx, scope, input.orgId);
    if (input.status === 'disabled' && id === ctx.actor.userId) throw new AppError('UNPROCESSABLE', '不能停用自己的账号');
    const before = (await repo.getUser(tx, id))!;
    const res = await tx
      .updateTable('users')
      .set({
        display_name: input.displayName ?? row.display_name,
        org_id: input.orgId ?? row.org_id,
        ...repo.sealedContact({ phone: input.phone, email: input.email }),
        status: input.status ?? row.status,
        version: row.version + 1,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw versionConflict();
    if (input.status === 'disabled') {
      await tx.updateTable('sessions').set({ ended_at: now, end_reason: 'disabled' }).where('user_id', '=', id).where('ended_at', 'is', null).execute();
    }
    const after = (await repo.getUser(tx, id))!;
    await recordAudit(tx, ctx, now, { action: 'user.update', entityType: 'user', entityId: id, before: repo.userForAudit(before), after: repo.userForAudit(after) });
    return after;
  });
}

export async function setRoles(deps: Deps, ctx: RequestContext, id: number, input: { roles: { role: Role; orgId?: number }[]; version: number }) {
  const scope = adminScopePath(ctx.actor, 'role.grant');
  if (id === ctx.actor.userId) throw forbidden('不能给自己授予或收回角色');
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const row = await scopedUser(deps, tx, scope, id);
    assertNotOtherAdmin(ctx, row);
    if (input.roles.some((r) => isAdminRole(r.role))) {
      // Granting an administrator role through the web would let one administrator appoint another
      // (the security administrator making the system administrator an auditor, say).
      throw new AppError('ADMIN_ACCOUNT_PROTECTED', '三员分立：管理员角色只能在服务器上用 npx huishang user 命令授予或收回');
    }
    if (row.version !== input.version) throw versionConflict();
    const wanted = input.roles.map((r) => ({ role: r.role, orgId: r.orgId ?? row.org_id }));
    for (const r of wanted) await orgInScope(tx, scope, r.orgId);
    const before = (await repo.getUser(tx, id))!;
    await tx.deleteFrom('user_roles').where('user_id', '=', id).execute();
    const unique = [...new Map(wanted.map((r) => [`${r.role}:${r.orgId}`, r])).values()];
    if (unique.length) {
      await tx
        .insertInto('user_roles')
        .values(unique.map((r) => ({ user_id: id, role: r.role, org_id: r.orgId })))
        .execute();
    }
    await tx
      .updateTable('users')
      .set({ version: row.version + 1, updated_at: now })
      .where('id', '=', id)
      .execute();
    const after = (await repo.getUser(tx, id))!;
    await recordAudit(tx, ctx, now, { action: 'user.roles', entityType: 'user', entityId: id, before: { roles: before.roles }, after: { roles: after.roles } });
    return after;
  });
}

export async function resetPassword(deps: Deps, ctx: RequestContext, id: number, password: string) {
  const scope = adminScopePath(ctx.actor, 'user.manage');
  const target = await deps.db.selectFrom('users').select(['username', 'password_hash']).where('id', '=', id).executeTakeFirst();
  // The composition rules only: the owner must change a reset password at once, and the history is theirs to keep.
  await assertPasswordAllowed(deps, password, target?.username, 'body.password');
  const hash = await hashPassword(password, passwordHashCost(deps.config));
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    const row = await scopedUser(deps, tx, scope, id);
    assertNotOtherAdmin(ctx, row);
    if (id === ctx.actor.userId) throw new AppError('UNPROCESSABLE', '不能重置自己的密码，请在“修改密码”中修改');
    if (target) await rememberPassword(tx, id, target.password_hash, now);
    await tx
      .updateTable('users')
      .set({ password_hash: hash, password_changed_at: now, must_change_password: 1, failed_count: 0, locked_until: null, updated_at: now })
      .where('id', '=', id)
      .execute();
    await tx.updateTable('sessions').set({ ended_at: now, end_reason: 'password_reset' }).where('user_id', '=', id).where('ended_at', 'is', null).execute();
    await recordAudit(tx, ctx, now, { action: 'user.password_reset', entityType: 'user', entityId: id });
  });
}

export async function unlockUser(deps: Deps, ctx: RequestContext, id: number) {
  const scope = adminScopePath(ctx.actor, 'user.unlock');
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    assertNotOtherAdmin(ctx, await scopedUser(deps, tx, scope, id));
    await tx.updateTable('users').set({ failed_count: 0, locked_until: null, updated_at: now }).where('id', '=', id).execute();
    await recordAudit(tx, ctx, now, { action: 'user.unlock', entityType: 'user', entityId: id });
    return (await repo.getUser(tx, id))!;
  });
}

/**
 * Switches off an ordinary account's two-factor login when its owner lost the authenticator and the
 * recovery codes; they sign in with the password and may enrol again. Never another administrator's
 * (三员分立: the security administrator could otherwise strip the auditor's second factor), nor one's own.
 */
export async function resetTwoFactor(deps: Deps, ctx: RequestContext, id: number) {
  const scope = adminScopePath(ctx.actor, 'user.two_factor_reset');
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const row = await scopedUser(deps, tx, scope, id);
    assertNotOtherAdmin(ctx, row);
    if (id === ctx.actor.userId) throw new AppError('UNPROCESSABLE', '不能重置自己的两步验证，请在个人中心中操作');
    const before = (await repo.getUser(tx, id))!;
    if (!before.twoFactorEnabled) throw new AppError('TWO_FACTOR_NOT_ENABLED', '该账号未启用两步验证');
    await clearTwoFactor(tx, id, now);
    await tx.updateTable('sessions').set({ ended_at: now, end_reason: 'two_factor_reset' }).where('user_id', '=', id).where('ended_at', 'is', null).execute();
    await recordAudit(tx, ctx, now, { action: 'user.two_factor_reset', entityType: 'user', entityId: id, before: { twoFactorEnabled: true }, after: { twoFactorEnabled: false } });
    return (await repo.getUser(tx, id))!;
  });
}

// What other modules read here: the module's public face (its repo stays private to it).
export { findCredentials, getUser, rolesOf } from './users.repo.js';
