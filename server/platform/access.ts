import type { Permission } from '../../domain/roles.js';
import type { Actor } from './actor.js';
import { AppError } from './errors.js';

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new AppError('FORBIDDEN', '当前角色无权执行此操作');
}

/** True when `path` lies in the subtree rooted at `rootPath` (root included). */
export function isUnder(path: string, rootPath: string): boolean {
  return path.startsWith(rootPath);
}
