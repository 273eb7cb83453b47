import { randomInt } from 'node:crypto';
import { isAdminRole } from '../../../domain/roles.js';
import { RECOVERY_CODE_COUNT, TOTP_ISSUER, type TwoFactorStatus } from '../../../domain/two-factor.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { fieldDigest, fieldDigests, openField, sealField } from '../../platform/field-crypto.js';
import { newTotpSecret, otpauthUri, verifyTotp } from '../../platform/totp.js';

// No 0/O, 1/I/L: a code copied from paper must not be misread.
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

const recoveryText = (userId: number, code: string) => `recovery:${userId}:${code.toUpperCase().replace(/-/g, '')}`;

function recoveryDigest(userId: number, code: string): string {
  return fieldDigest(recoveryText(userId, code));
}

function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** Replaces the account's recovery codes with a fresh set; the plain codes exist only in the answer. */
async function issueRecoveryCodes(tx: Tx, userId: number, now: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await tx
    .insertInto('recovery_codes')
    .values(codes.map((c) => ({ user_id: userId, code_hash: recoveryDigest(userId, c), created_at: now, used_at: null })))
    .execute();
  return codes;
}

export interface SecondFactorRow {
  id: number;
  totp_secret: string | null;
  totp_last_step: number | null;
}

/**
 * Checks and spends a second-factor code: a TOTP code (its step is recorded, so it cannot be
 * replayed, even by a request racing this one) or an unused recovery code. Null when neither.
 */
export async function consumeSecondFactor(conn: Db | Tx, user: SecondFactorRow, code: string, now: Date): Promise<'totp' | 'recovery' | null> {
  if (!user.totp_secret) return null;
  const clean = code.trim();
  if (/^\d{6}$/.test(clean)) {
    const step = verifyTotp(openField(user.totp_secret), clean, now, user.totp_last_step);
    if (step === null) return null;
    const res = await conn
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', user.id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1 ? 'totp' : null;
  }
  const res = await conn
    .updateTable('recovery_codes')
    .set({ used_at: now.toISOString() })
    .where('user_id', '=', user.id)
    .where('code_hash', 'in', fieldDigests(recoveryText(user.id, clean)))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1 ? 'recovery' : null;
}

function isAdmin(actor: Actor): boolean {
  return actor.roles.some((r) => isAdminRole(r.role));
}

async function secondFactorRow(conn: Db | Tx, userId: number) {
  return conn
    .selectFrom('users')
    .select(['id', 'username', 'totp_secret', 'totp_pending_secret', 'totp_enabled_at', 'totp_last_step'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

export async function twoFactorStatus(deps: Deps, actor: Actor): Promise<TwoFactorStatus> {
  const row = await secondFactorRow(deps.db, actor.userId);
  const left = await deps.db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', actor.userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    enabled: !!row.totp_secret,
    enabledAt: row.totp_enabled_at,
    required: isAdmin(actor),
    recoveryCodesLeft: Number(left.n),
    pending: !row.totp_secret && !!row.totp_pending_secret,
  };
}

/** Starts (or restarts) enrolment with a new secret; nothing changes for logins until it is confirmed. */
export async function setupTwoFactor(deps: Deps, ctx: RequestContext) {
  const row = await secondFactorRow(deps.db, ctx.actor.userId);
  if (row.totp_secret) throw new AppError('TWO_FACTOR_ALREADY_ENABLED', '两步验证已启用；如需更换设备，请先关闭再重新启用');
  const secret = newTotpSecret();
  await deps.db
    .updateTable('users')
    .set({ totp_pending_secret: sealField(secret) })
    .where('id', '=', row.id)
    .execute();
  return { secret, otpauthUri: otpauthUri(TOTP_ISSUER, row.username, secret) };
}

function endOtherSessions(tx: Tx, ctx: RequestContext, now: string, reason: string) {
  let q = tx.updateTable('sessions').set({ ended_at: now, end_reason: reason }).where('user_id', '=', ctx.actor.userId).where('ended_at', 'is', null);
  if (ctx.actor.sessionId) q = q.where('id', '!=', ctx.actor.sessionId);
  return q.execute();
}

/** Confirms enrolment with a first code of the new secret; answers the recovery codes, once. */
export async function enableTwoFactor(deps: Deps, ctx: RequestContext, code: string) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const row = await secondFactorRow(tx, ctx.actor.userId);
    if (row.totp_secret) throw new AppError('TWO_FACTOR_ALREADY_ENABLED', '两步验证已启用');
    if (!row.totp_pending_secret) throw new AppError('TWO_FACTOR_NOT_ENABLED', '请先生成密钥并添加到验证器应用');
    const step = verifyTotp(openField(row.totp_pending_secret), code, now, null);
    if (step === null) {
      throw new AppError('TWO_FACTOR_CODE_INVALID', '验证码不正确，请核对手机时间后输入验证器应用当前显示的 6 位数字', [{ field: 'body.code', message: '验证码不正确' }]);
    }
    const at = now.toISOString();
    await tx
      .updateTable('users')
      .set({ totp_secret: row.totp_pending_secret, totp_pending_secret: null, totp_enabled_at: at, totp_last_step: step, updated_at: at })
      .where('id', '=', row.id)
      .execute();
    const recoveryCodes = await issueRecoveryCodes(tx, row.id, at);
    // Whoever was signed in with the password alone is out: from now on a login takes both factors.
    await endOtherSessions(tx, ctx, at, 'two_factor_changed');
    await recordAudit(tx, ctx, at, { action: 'user.two_factor_enable', entityType: 'user', entityId: row.id });
    return { recoveryCodes };
  });
}

async function requireCurrentCode(tx: Tx, userId: number, code: string, now: Date) {
  const row = await secondFactorRow(tx, userId);
  if (!row.totp_secret) throw new AppError('TWO_FACTOR_NOT_ENABLED', '两步验证未启用');
  if (!(await consumeSecondFactor(tx, row, code, now))) {
    throw new AppError('TWO_FACTOR_CODE_INVALID', '验证码或恢复码不正确', [{ field: 'body.code', message: '验证码或恢复码不正确' }]);
  }
  return row;
}

/** Switches optional two-factor login off, proven with a current code; an administrator's stays on. */
export async function disableTwoFactor(deps: Deps, ctx: RequestContext, code: string): Promise<void> {
  if (isAdmin(ctx.actor)) throw new AppError('TWO_FACTOR_MANDATORY', '管理员账号必须启用两步验证，不能关闭');
  const now = deps.clock.now();
  // The code is spent in the change's own transaction: refused, it stays unspent; accepted, it cannot sign in too.
  await deps.db.transaction().execute(async (tx) => {
    const row = await requireCurrentCode(tx, ctx.actor.userId, code, now);
    const at = now.toISOString();
    await clearTwoFactor(tx, row.id, at);
    await endOtherSessions(tx, ctx, at, 'two_factor_changed');
    await recordAudit(tx, ctx, at, { action: 'user.two_factor_disable', entityType: 'user', entityId: row.id });
  });
}

export async function regenerateRecoveryCodes(deps: Deps, ctx: RequestContext, code: string) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const row = await requireCurrentCode(tx, ctx.actor.userId, code, now);
    const recoveryCodes = await issueRecoveryCodes(tx, row.id, now.toISOString());
    await recordAudit(tx, ctx, now.toISOString(), { action: 'user.recovery_codes', entityType: 'user', entityId: row.id });
    return { recoveryCodes };
  });
}

/** Two-factor login off and every trace of its secrets gone (a reset, or its owner switching it off). */
export async function clearTwoFactor(tx: Tx | Db, userId: number, now: string): Promise<void> {
  await tx
    .updateTable('users')
    .set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: now })
    .where('id', '=', userId)
    .execute();
  await tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
}
