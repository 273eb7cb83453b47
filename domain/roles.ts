import type { Side } from './negotiation.js';

/** The product's roles and the role → permission map, defined once for server and web. */
export const ROLES = ['host_coordinator', 'partner_coordinator', 'unit_reporter', 'leader', 'viewer', 'sys_admin', 'sec_admin', 'audit_admin'] as const;
export type Role = (typeof ROLES)[number];

/** 三员分立: no account may hold two of these. */
export const ADMIN_ROLES = ['sys_admin', 'sec_admin', 'audit_admin'] as const satisfies readonly Role[];
export const BUSINESS_ROLES = ROLES.filter((r) => !(ADMIN_ROLES as readonly Role[]).includes(r));

/**
 * Every decision the server takes about who may act is one of these; policies ask for a permission,
 * never for a role, so what a role may do is read here and nowhere else. Where the permission
 * applies (which consultation, side or unit) is the policy's part.
 */
export const PERMISSIONS = [
  'consultation.read',
  'consultation.create',
  'consultation.update',
  /** Edit, import and negotiate the list; file and decide change requests. */
  'item.write',
  'item.comment',
  'need.submit',
  'need.triage',
  'meeting.write',
  'milestone.write',
  'report.write',
  /** A cooperating unit adds its part to the lead unit's report. */
  'report.contribute',
  'report.review',
  'completion.request',
  'completion.review',
  /** Draft, correct and submit a supervision notice (督办单) for signature. */
  'notice.issue',
  'notice.sign',
  /** Answer a signed notice as its lead unit. */
  'notice.respond',
  'reminder.send',
  'supervision.configure',
  'project.write',
  'org.manage',
  /** See the accounts of the own subtree (both account and grant administrators need to). */
  'user.read',
  /** Create and edit accounts, disable them, reset passwords. */
  'user.manage',
  'user.unlock',
  /** Switch off an ordinary account's two-factor login when its owner lost the authenticator (never another administrator's). */
  'user.two_factor_reset',
  'role.grant',
  'dict.manage',
  'audit.read',
  /** See who is signed in (within the own subtree) and end their sessions (强制下线). */
  'session.manage',
  /** The scheduled jobs: their run log, a manual run, pause and resume. */
  'job.manage',
  /** 系统参数: the typed parameters the server reads (idle timeout, lockout, light defaults, upload limits). */
  'setting.manage',
  /** 通知公告: draft, publish and withdraw the office's notices to its jurisdiction, and see who has read them. */
  'announcement.publish',
  /** County indicators: read those of the own division and below; enter the own county's; review (the city); keep the catalogue, targets and weights. */
  'indicator.read',
  'indicator.enter',
  'indicator.review',
  'indicator.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  host_coordinator: [
    'consultation.read',
    'consultation.create',
    'consultation.update',
    'item.write',
    'item.comment',
    'need.triage',
    'meeting.write',
    'milestone.write',
    'report.review',
    'completion.review',
    'notice.issue',
    'reminder.send',
    'supervision.configure',
    'project.write',
    'announcement.publish',
    'indicator.read',
    'indicator.review',
    'indicator.manage',
  ],
  partner_coordinator: [
    'consultation.read',
    'item.write',
    'item.comment',
    'need.submit',
    'milestone.write',
    'report.write',
    'completion.request',
    'announcement.publish',
    'indicator.read',
    'indicator.enter',
  ],
  unit_reporter: ['consultation.read', 'item.comment', 'milestone.write', 'report.write', 'report.contribute', 'completion.request', 'notice.respond'],
  leader: ['consultation.read', 'item.comment', 'notice.sign', 'notice.respond', 'indicator.read'],
  viewer: ['consultation.read', 'indicator.read'],
  // The three administrators see no business data: accounts/organisations, grants, audit — nothing else each.
  sys_admin: ['org.manage', 'user.read', 'user.manage', 'user.unlock', 'dict.manage', 'job.manage', 'setting.manage', 'announcement.publish'],
  sec_admin: ['user.read', 'user.unlock', 'user.two_factor_reset', 'role.grant', 'session.manage'],
  audit_admin: ['audit.read'],
};

/**
 * The coordinators speak for one side of a consultation's table (市局联络员 for the host, 县联络员
 * for a partner): what their grants permit, they may do only while sitting on that side. Every
 * other role's grants act for the organisation they were granted at.
 */
export const ROLE_SIDE: Partial<Record<Role, Side>> = { host_coordinator: 'host', partner_coordinator: 'partner' };

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) out.add(p);
  return out;
}

export function roleGrants(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isAdminRole(role: Role): boolean {
  return (ADMIN_ROLES as readonly Role[]).includes(role);
}

/**
 * 三员分立: an administrator's account (password, status, organisation, roles) is not another
 * administrator's to manage — otherwise the system administrator could reset the auditor's password
 * and read the audit as them. Such accounts are kept from the server's command line.
 */
export function protectedAdminAccount(target: { id: number; roles: readonly { role: Role }[] }, actorUserId: number): boolean {
  return target.id !== actorUserId && target.roles.some((r) => isAdminRole(r.role));
}

export function adminRoleConflict(roles: readonly Role[]): boolean {
  const admins = roles.filter((r) => (ADMIN_ROLES as readonly Role[]).includes(r));
  if (admins.length > 1) return true;
  // An administrator holds no business role either: the separation would be void otherwise.
  return admins.length === 1 && roles.length > 1;
}
