import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';

/** The subtree a system administrator manages: the organisation the role was granted at. */
export function adminScopePath(actor: Actor, role: 'sys_admin' | 'sec_admin' | 'audit_admin'): string {
  const grant = actor.roles.find((r) => r.role === role);
  if (!grant) throw new AppError('FORBIDDEN', '当前角色无权执行此操作');
  return grant.orgPath;
}

export function assertInScope(scopePath: string, targetPath: string): void {
  // Outside the admin's subtree looks the same as absent.
  if (!targetPath.startsWith(scopePath)) throw new AppError('NOT_FOUND', '组织不存在或不在管理范围内');
}
