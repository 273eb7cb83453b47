import { sql } from 'kysely';
import { parameter, passwordPolicy } from '../../platform/parameters.js';
import { type Me } from '../../../domain/users.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { hashPassword, passwordHashCost, randomToken, sm3Hex, verifyPassword } from '../../platform/crypto.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, notFound } from '../../platform/errors.js';
import { loadActor, TOKEN_PREFIX } from '../../platform/session.js';
import { isDemo } from '../settings/settings.service.js';
import { findCredentials, getUser } from '../users/users.service.js';
import { assertNotReused, assertPasswordAllowed, MUST_CHANGE, passwordExpired, rememberPassword } from './password-policy.js';
import { consumeSecondFactor } from './two-factor.service.js';

export interface LoginInput {
  username: string;
  password: string;
  /** The second step: a TOTP or recovery code, for an account with two-factor login. */
  code?: string;
  ip: string;
  userAgent: string | null;
}

// Verifying against a throwaway hash keeps unknown usernames as slow as wrong passwords.
let dummyHash: Promise<string> | null = null;

/**
 * One answer for an unknown name, a wrong password and a locked account (even with the right
 * password): a different one would tell a prober which names exist and which it has locked. The
 * login log keeps the real reason for the administrators.
 */
async function refused(deps: Deps): Promise<AppError> {
  const [max, minutes] = await Promise.all([parameter(deps, 'login.maxFailures'), parameter(deps, 'login.lockMinutes')]);
  return new AppError('INVALID_CREDENTIALS', `用户名或密码错误（连续失败 ${max} 次的账号将锁定 ${minutes} 分钟）`);
}

async function logLogin(deps: Deps, input: LoginInput, userId: number | null, success: boolean, reason: string | null) {
  await deps.db
    .insertInto('login_log')
    .values({
      at: deps.clock.now().toISOString(),
      username: input.username.slice(0, 64),
      user_id: userId,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      success: success ? 1 : 0,
      reason,
    })
    .execute();
}

export async function login(deps: Deps, input: LoginInput) {
  const { db, clock, config } = deps;
  const now = clock.now();
  const user = await findCredentials(db, input.username);
  if (!user) {
    dummyHash ??= hashPassword(randomToken(), passwordHashCost(config));
    await verifyPassword(await dummyHash, input.password);
    await logLogin(deps, input, null, false, 'unknown_user');
    throw await refused(deps);
  }
  const ok = await verifyPassword(user.password_hash, input.password);
  if (user.locked_until && user.locked_until > now.toISOString()) {
    // Verified all the same, and written the same way as a wrong password (the user row and the log
    // in one transaction, the lock left as it is), so a locked account takes as long to answer.
    await recordLocked(deps, input, user.id);
    throw await refused(deps);
  }
  if (!ok) await countFailure(deps, input, user, 'bad_password');
  if (user.status !== 'active') {
    await logLogin(deps, input, user.id, false, 'disabled');
    throw new AppError('ACCOUNT_DISABLED', '账号已停用，请联系系统管理员');
  }
  let secondFactor: 'totp' | 'recovery' | null = null;
  if (user.totp_secret) {
    if (!input.code) {
      // Only a caller who knew the password learns that a code comes next.
      await logLogin(deps, input, user.id, false, 'second_factor_asked');
      throw new AppError('TWO_FACTOR_REQUIRED', '请输入验证器应用中的 6 位动态验证码（或一个恢复码）');
    }
    secondFactor = await consumeSecondFactor(db, user, input.code, now);
    // A wrong code is a wrong credential: it counts toward the lock and is answered the same way.
    if (!secondFactor) await countFailure(deps, input, user, 'bad_second_factor');
  }
  // A password older than the policy allows: the session may do nothing but replace it.
  const expired = user.must_change_password === MUST_CHANGE.no && passwordExpired(await passwordPolicy(deps), user.password_changed_at, now);
  const token = randomToken();
  const csrfToken = randomToken();
  const sessionId = sm3Hex(token);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({
        failed_count: 0,
        locked_until: null,
        last_login_at: now.toISOString(),
        ...(expired ? { must_change_password: MUST_CHANGE.expired } : {}),
      })
      .where('id', '=', user.id)
      .execute();
    await tx
      .insertInto('sessions')
      .values({
        id: sessionId,
        user_id: user.id,
        csrf_token: csrfToken,
        ip: input.ip,
        user_agent: input.userAgent?.slice(0, 300) ?? null,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + config.SESSION_MAX_HOURS * 3600_000).toISOString(),
        ended_at: null,
        end_reason: null,
      })
      .execute();
  });
  // A spent recovery code is worth seeing in the login log: the owner may have lost the authenticator.
  await logLogin(deps, input, user.id, true, secondFactor === 'recovery' ? 'recovery_code' : null);
  const actor = await loadActor(db, user.id, 'session', sessionId);
  if (!actor) throw new AppError('UNAUTHENTICATED', '登录失败');
  return { token, csrfToken, me: await describeMe(deps, actor) };
}

/**
 * A wrong password or second-factor code: one more failure toward the lock, then the same answer as
 * any refusal. A lock that has run out starts a fresh count. The count is read and written by one
 * statement each time, never read first and written back: guesses sent together (to several
 * instances, or to one) would otherwise each write the same count, and never reach the lock.
 */
async function countFailure(deps: Deps, input: LoginInput, user: { id: number }, reason: string): Promise<never> {
  const now = deps.clock.now().toISOString();
  const [max, lockMinutes] = await Promise.all([parameter(deps, 'login.maxFailures'), parameter(deps, 'login.lockMinutes')]);
  await deps.db.transaction().execute(async (tx) => {
    // Not counted while a lock another attempt has just set is running: that lock already answers.
    const counted = await tx
      .updateTable('users')
      .set({ failed_count: sql<number>`case when locked_until is null then failed_count + 1 else 1 end`, locked_until: null })
      .where('id', '=', user.id)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .returning('failed_count')
      .executeTakeFirst();
    let lock = false;
    if (counted && counted.failed_count >= max) {
      // Of the attempts that reached the limit together, the one whose update lands sets the lock.
      const res = await tx
        .updateTable('users')
        .set({ failed_count: 0, locked_until: new Date(Date.parse(now) + lockMinutes * 60_000).toISOString() })
        .where('id', '=', user.id)
        .where('locked_until', 'is', null)
        .where('failed_count', '>=', max)
        .executeTakeFirst();
      lock = Number(res.numUpdatedRows) === 1;
    }
    await logLogin({ ...deps, db: tx }, input, user.id, false, lock ? `${reason}_locked` : reason);
  });
  throw await refused(deps);
}

/**
 * An attempt on a locked account: the user row written (to what it already holds, so a concurrent
 * count is never undone) and the log line, in one transaction, as a counted failure writes them.
 */
async function recordLocked(deps: Deps, input: LoginInput, userId: number) {
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ failed_count: sql<number>`failed_count` })
      .where('id', '=', userId)
      .execute();
    await logLogin({ ...deps, db: tx }, input, userId, false, 'locked');
  });
}

export async function logout(deps: Deps, actor: Actor): Promise<void> {
  if (!actor.sessionId) return;
  await deps.db.updateTable('sessions').set({ ended_at: deps.clock.now().toISOString(), end_reason: 'logout' }).where('id', '=', actor.sessionId).execute();
}

export async function describeMe(deps: Deps, actor: Actor): Promise<Me> {
  const user = await getUser(deps.db, actor.userId);
  if (!user) throw new AppError('UNAUTHENTICATED', '请先登录');
  const policy = await passwordPolicy(deps);
  return {
    ...user,
    permissions: [...actor.permissions].sort(),
    demo: await isDemo(deps.db),
    passwordExpired: actor.passwordExpired ?? false,
    twoFactorEnrolmentRequired: actor.twoFactorEnrolmentRequired ?? false,
    passwordRules: { minLength: policy.minLength, minClasses: policy.minClasses },
  };
}

export async function csrfTokenOf(deps: Deps, actor: Actor): Promise<string | null> {
  if (!actor.sessionId) return null;
  const s = await deps.db.selectFrom('sessions').select('csrf_token').where('id', '=', actor.sessionId).executeTakeFirst();
  return s?.csrf_token ?? null;
}

export async function changePassword(deps: Deps, ctx: RequestContext, oldPassword: string, newPassword: string) {
  const row = await deps.db.selectFrom('users').select(['password_hash']).where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, oldPassword))) throw new AppError('INVALID_CREDENTIALS', '原密码不正确');
  const policy = await assertPasswordAllowed(deps, newPassword, ctx.actor.username, 'body.newPassword');
  await assertNotReused(deps.db, policy, ctx.actor.userId, row.password_hash, newPassword, 'body.newPassword');
  const hash = await hashPassword(newPassword, passwordHashCost(deps.config));
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ password_hash: hash, password_changed_at: now, must_change_password: MUST_CHANGE.no, updated_at: now })
      .where('id', '=', ctx.actor.userId)
      .execute();
    await rememberPassword(tx, ctx.actor.userId, row.password_hash, now);
    // Other sessions of this account end: whoever knew the old password is out.
    let others = tx.updateTable('sessions').set({ ended_at: now, end_reason: 'password_changed' }).where('user_id', '=', ctx.actor.userId).where('ended_at', 'is', null);
    if (ctx.actor.sessionId) others = others.where('id', '!=', ctx.actor.sessionId);
    await others.execute();
    await recordAudit(tx, ctx, now, { action: 'user.password_change', entityType: 'user', entityId: ctx.actor.userId });
  });
}

export async function createToken(deps: Deps, ctx: RequestContext, name: string, expiresInDays?: number) {
  const token = `${TOKEN_PREFIX}${randomToken()}`;
  const now = deps.clock.now();
  const expires = expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000).toISOString() : null;
  return deps.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('api_tokens')
      .values({
        user_id: ctx.actor.userId,
        name,
        token_hash: sm3Hex(token),
        prefix: token.slice(0, 10),
        created_at: now.toISOString(),
        expires_at: expires,
        last_used_at: null,
        revoked_at: null,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, now.toISOString(), { action: 'auth.token_create', entityType: 'api_token', entityId: row.id, after: { name, expiresAt: expires } });
    return { id: row.id, name, token, prefix: token.slice(0, 10), createdAt: now.toISOString(), expiresAt: expires };
  });
}

export async function listTokens(deps: Deps, actor: Actor) {
  const rows = await deps.db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', actor.userId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

export async function revokeToken(deps: Deps, ctx: RequestContext, id: number) {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('user_id', '=', ctx.actor.userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw notFound('令牌', '令牌不存在或已吊销');
    await recordAudit(tx, ctx, now, { action: 'auth.token_revoke', entityType: 'api_token', entityId: id });
  });
}
