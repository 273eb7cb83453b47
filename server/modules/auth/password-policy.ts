import { passwordProblems } from '../../../domain/users.js';
import { verifyPassword } from '../../platform/crypto.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { passwordPolicy, type PasswordPolicy } from '../../platform/parameters.js';

/** users.must_change_password: why the next login may do nothing but change the password. */
export const MUST_CHANGE = { no: 0, setByOther: 1, expired: 2 } as const;

// The most the policy can ask to remember; older hashes are dropped as new ones arrive.
const HISTORY_KEPT = 24;

/** The policy's composition rules for a password about to be set; `field` names it in the 422. */
export async function assertPasswordAllowed(deps: Pick<Deps, 'db' | 'config'>, password: string, username: string | undefined, field: string): Promise<PasswordPolicy> {
  const policy = await passwordPolicy(deps);
  const problem = passwordProblems(password, policy, username);
  if (problem) throw new AppError('WEAK_PASSWORD', problem, [{ field, message: problem }]);
  return policy;
}

/**
 * Refuses a password the account has had among its last `policy.history` (the current one always
 * counts, whatever the policy): argon2 hashes are salted, so each is verified, not compared.
 */
export async function assertNotReused(conn: Db | Tx, policy: PasswordPolicy, userId: number, currentHash: string, password: string, field: string): Promise<void> {
  const earlier =
    policy.history > 1
      ? await conn
          .selectFrom('password_history')
          .select('password_hash')
          .where('user_id', '=', userId)
          .orderBy('id', 'desc')
          .limit(policy.history - 1)
          .execute()
      : [];
  for (const hash of [currentHash, ...earlier.map((r) => r.password_hash)]) {
    if (await verifyPassword(hash, password)) {
      const message = policy.history > 1 ? `新密码不能与最近 ${policy.history} 次使用过的密码相同` : '新密码不能与原密码相同';
      throw new AppError('PASSWORD_REUSED', message, [{ field, message }]);
    }
  }
}

/** Keeps the hash being replaced, so the policy can refuse it later; in the caller's transaction. */
export async function rememberPassword(tx: Tx | Db, userId: number, replacedHash: string, now: string): Promise<void> {
  await tx.insertInto('password_history').values({ user_id: userId, password_hash: replacedHash, created_at: now }).execute();
  const keep = await tx
    .selectFrom('password_history')
    .select('id')
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(1)
    .offset(HISTORY_KEPT - 1)
    .executeTakeFirst();
  if (keep) await tx.deleteFrom('password_history').where('user_id', '=', userId).where('id', '<', keep.id).execute();
}

export function passwordExpired(policy: Pick<PasswordPolicy, 'expiryDays'>, changedAt: string | null, now: Date): boolean {
  if (policy.expiryDays <= 0 || !changedAt) return false;
  return Date.parse(changedAt) + policy.expiryDays * 86_400_000 <= now.getTime();
}
