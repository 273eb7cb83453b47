/** The product's roles and the role → permission map, defined once for server and web. */
export const ROLES = [
  'host_coordinator',
  'partner_coordinator',
  'unit_reporter',
  'leader',
  'viewer',
  'sys_admin',
  'sec_admin',
  'audit_admin',
] as const;
export type Role = (typeof ROLES)[number];

/** 三员分立: no account may hold two of these. */
export const ADMIN_ROLES = ['sys_admin', 'sec_admin', 'audit_admin'] as const satisfies readonly Role[];
export const BUSINESS_ROLES = ROLES.filter((r) => !(ADMIN_ROLES as readonly Role[]).includes(r));

export const PERMISSIONS = [
  'consultation.read',
  'consultation.create',
  'consultation.update',
  'item.write',
  'item.comment',
  'org.manage',
  'user.manage',
  'role.grant',
  'dict.manage',
  'audit.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  host_coordinator: ['consultation.read', 'consultation.create', 'consultation.update', 'item.write', 'item.comment'],
  partner_coordinator: ['consultation.read', 'item.write', 'item.comment'],
  unit_reporter: ['consultation.read', 'item.comment'],
  leader: ['consultation.read', 'item.comment'],
  viewer: ['consultation.read'],
  // The three administrators see no business data: accounts/organisations, grants, audit — nothing else each.
  sys_admin: ['org.manage', 'user.manage', 'dict.manage'],
  sec_admin: ['role.grant'],
  audit_admin: ['audit.read'],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) out.add(p);
  return out;
}

export function adminRoleConflict(roles: readonly Role[]): boolean {
  const admins = roles.filter((r) => (ADMIN_ROLES as readonly Role[]).includes(r));
  if (admins.length > 1) return true;
  // An administrator holds no business role either: the separation would be void otherwise.
  return admins.length === 1 && roles.length > 1;
}
