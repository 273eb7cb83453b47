/** Closed set of audit actions; every change is recorded under one of these names. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.logout',
  'auth.token_create',
  'auth.token_revoke',
  'org.create',
  'org.update',
  'org.delete',
  'user.create',
  'user.update',
  'user.roles',
  'user.password_reset',
  'user.unlock',
  'user.password_change',
  'dict.create',
  'dict.update',
  'consultation.create',
  'consultation.update',
  'item.create',
  'item.update',
  'item.delete',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
