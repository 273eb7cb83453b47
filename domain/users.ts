import { z } from 'zod';
import { LIMITS, zPageQuery, zRefId } from './common.js';
import { ROLES } from './roles.js';

export const USER_STATUSES = ['active', 'disabled'] as const;

/** 等保 2.0: passwords mix at least three of: lower, upper, digit, symbol. */
export function passwordProblems(pw: string): string | null {
  if (pw.length < LIMITS.passwordMin) return `密码至少 ${LIMITS.passwordMin} 位`;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三类';
  return null;
}

export const zUsername = z
  .string()
  .trim()
  .min(3)
  .max(LIMITS.usernameMax)
  .regex(/^[a-z][a-z0-9._-]*$/, '用户名须以小写字母开头，只含小写字母、数字、点、下划线或连字符');

export const zLogin = z.strictObject({
  username: z.string().trim().min(1).max(LIMITS.usernameMax),
  password: z.string().min(1).max(LIMITS.passwordMax),
});

export const zRoleGrant = z.object({ role: z.enum(ROLES), orgId: zRefId.optional() });

export const zUserCreate = z.strictObject({
  username: zUsername,
  displayName: z.string().trim().min(1).max(LIMITS.nameMax),
  orgId: zRefId,
  password: z.string().min(1).max(LIMITS.passwordMax),
  phone: z.string().trim().max(30).nullish(),
  email: z.email().max(200).nullish(),
});

export const zUserUpdate = z.strictObject({
  displayName: z.string().trim().min(1).max(LIMITS.nameMax).optional(),
  orgId: zRefId.optional(),
  phone: z.string().trim().max(30).nullish(),
  email: z.email().max(200).nullish(),
  status: z.enum(USER_STATUSES).optional(),
  version: zRefId,
});

export const zUserRoles = z.strictObject({
  roles: z.array(zRoleGrant).max(20),
  version: zRefId,
});

export const zPasswordReset = z.strictObject({ password: z.string().min(1).max(LIMITS.passwordMax) });
export const zPasswordChange = z.strictObject({
  oldPassword: z.string().min(1).max(LIMITS.passwordMax),
  newPassword: z.string().min(1).max(LIMITS.passwordMax),
});

export const zUser = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  org: z.object({ id: z.number(), name: z.string() }),
  roles: z.array(z.object({ role: z.enum(ROLES), orgId: z.number(), orgName: z.string() })),
  status: z.enum(USER_STATUSES),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  /** The password was set by someone else (a reset, a new account): until it is changed the account can do nothing else. */
  mustChangePassword: z.boolean(),
  version: z.number(),
});
export type User = z.infer<typeof zUser>;

export const zMe = zUser.extend({
  permissions: z.array(z.string()),
  demo: z.boolean(),
});
export type Me = z.infer<typeof zMe>;

export const zTokenCreate = z.strictObject({
  name: z.string().trim().min(1).max(LIMITS.nameMax),
  expiresInDays: z.number().int().min(1).max(366).optional(),
});

export const zLoginResponse = z.object({ user: zMe, csrfToken: z.string() });
/** The signed-in user and, for a session (not a bearer token), the CSRF token to send with changes. */
export const zMeResponse = zMe.extend({ csrfToken: z.string().nullable() });

export const zToken = z.object({
  id: z.number(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof zToken>;
/** A new token: the secret itself is in this answer only. */
export const zCreatedToken = zToken.omit({ lastUsedAt: true, revokedAt: true }).extend({ token: z.string() });

export const zUserListQuery = z.strictObject({
  q: z.string().trim().min(1).max(50).optional(),
  ...zPageQuery,
});
