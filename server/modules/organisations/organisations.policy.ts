import type { Permission } from '../../../domain/roles.js';
import type { Actor } from '../../platform/actor.js';
import { isUnder, permissionScope } from '../../platform/access.js';
import { notFound } from '../../platform/errors.js';

/** Administration a system, security or audit administrator does within a subtree of the tree. */
type AdminPermission = Extract<Permission, 'org.manage' | 'user.read' | 'user.manage' | 'user.unlock' | 'user.two_factor_reset' | 'role.grant'>;

/**
 * The subtree an administrator manages with this permission: the organisation the grant carrying it
 * was given at. Without the permission the caller is refused (403) before anything is looked up.
 */
export function adminScopePath(actor: Actor, permission: AdminPermission): string {
  return permissionScope(actor, permission);
}

export function assertInScope(scopePath: string, targetPath: string): void {
  // Outside the admin's subtree looks the same as absent.
  if (!isUnder(targetPath, scopePath)) throw notFound('组织', '组织不存在或不在管理范围内');
}
