import { z } from 'zod';
import { LIMITS, zIdCursor, zPageQuery, zRefId } from './common.js';
import { ROLES } from './roles.js';

export const USER_STATUSES = ['active', 'disabled'] as const;

/** The composition rules of the password policy (its history and expiry are the server's to check). */
export interface PasswordRules {
  minLength: number;
  /** How many of the four classes (lower, upper, digit, symbol) a password mixes at least. */
  minClasses: number;
}

/** 等保 2.0 practice: at least 10 characters mixing three of the four classes, unless 系统参数 say otherwise. */
export const DEFAULT_PASSWORD_RULES: PasswordRules = { minLength: LIMITS.passwordMin, minClasses: 3 };

const CLASS_NAMES = '大写字母、小写字母、数字、符号';

export function passwordProblems(pw: string, rules: PasswordRules = DEFAULT_PASSWORD_RULES, username?: string): string | null {
  if (pw.length < rules.minLength) return `密码至少 ${rules.minLength} 位`;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
  if (classes < rules.minClasses) return rules.minClasses >= 4 ? `密码须同时包含${CLASS_NAMES}` : `密码须包含${CLASS_NAMES}中的至少${'一二三'[rules.minClasses - 1]}类`;
  // A password built on the account's name is the first thing a guesser tries.
  if (username && username.length >= 3 && pw.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  return null;
}

export const zUsername = z
  .string()
  .trim()
  .min(3)
  .max(LIMITS.usernameMax)
  .regex(/^[a-z][a-z0-9._-]*$/, '用户名须以小写字母开头，只含小写字母、数字、点、下划线或连字符');

/** A TOTP code (6 digits) or a recovery code (10 letters and digits, the hyphen optional). */
export const zSecondFactorCode = z
  .string()
  .trim()
  .min(6)
  .max(20)
  .regex(/^(\d{6}|[A-Za-z0-9]{5}-?[A-Za-z0-9]{5})$/, '请输入 6 位动态验证码或恢复码');

export const zLogin = z.strictObject({
  username: z.string().trim().min(1).max(LIMITS.usernameMax),
  password: z.string().min(1).max(LIMITS.passwordMax),
  /** The second step, for an account with two-factor login: asked for only after a correct password. */
  code: zSecondFactorCode.optional(),
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
  /** Two-factor login (TOTP) is on for the account. */
  twoFactorEnabled: z.boolean(),
  version: z.number(),
});
export type User = z.infer<typeof zUser>;

export const zMe = zUser.extend({
  permissions: z.array(z.string()),
  demo: z.boolean(),
  /** The change is forced because the password is older than the policy allows (not because someone else set it). */
  passwordExpired: z.boolean(),
  /** An administrator without two-factor login: until it is enrolled the account can do nothing else. */
  twoFactorEnrolmentRequired: z.boolean(),
  passwordRules: z.object({ minLength: z.number(), minClasses: z.number() }),
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
  limit: zPageQuery.limit,
  /** Accounts are paged by id. */
  cursor: zIdCursor,
});
