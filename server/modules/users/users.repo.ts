import type { User } from '../../../domain/users.js';
import type { Role } from '../../../domain/roles.js';
import type { Db, Tx } from '../../platform/db.js';
import { containsText, dialectOf, pathUnder } from '../../platform/db-helpers.js';
import { auditMark, blindIndexNullable, blindIndexes, openNullable, sealNullable } from '../../platform/field-crypto.js';

type Conn = Db | Tx;

const USER_COLUMNS = [
  'u.id',
  'u.username',
  'u.display_name',
  'u.org_id',
  'u.status',
  'u.phone',
  'u.email',
  'u.locked_until',
  'u.last_login_at',
  'u.must_change_password',
  'u.totp_enabled_at',
  'u.version',
  'o.name as org_name',
] as const;

export async function findUserRows(db: Conn, opts: { ids?: number[]; underPath?: string; q?: string; limit?: number; afterId?: number }) {
  let q = db.selectFrom('users as u').innerJoin('organisations as o', 'o.id', 'u.org_id').select(USER_COLUMNS);
  if (opts.ids) q = q.where('u.id', 'in', opts.ids.length ? opts.ids : [-1]);
  if (opts.underPath) {
    const p = opts.underPath;
    q = q.where((eb) => pathUnder(eb, eb.ref('o.path'), p));
  }
  const text = opts.q;
  if (text) {
    const d = dialectOf(db);
    // Phone and e-mail are sealed: found only by the whole value, through their blind index.
    const contact = text.includes('@') ? ('u.email_index' as const) : /^[\d\s+()-]{5,}$/.test(text) ? ('u.phone_index' as const) : null;
    q = q.where((eb) =>
      eb.or([
        containsText(d, eb.ref('u.username'), text),
        containsText(d, eb.ref('u.display_name'), text),
        ...(contact ? [eb(contact, 'in', blindIndexes(contact === 'u.email_index' ? 'email' : 'phone', text))] : []),
      ]),
    );
  }
  if (opts.afterId) q = q.where('u.id', '>', opts.afterId);
  return q
    .orderBy('u.id')
    .limit(opts.limit ?? 1000)
    .execute();
}

export async function rolesOf(db: Conn, userIds: number[]) {
  if (!userIds.length) return [];
  return db
    .selectFrom('user_roles as r')
    .innerJoin('organisations as o', 'o.id', 'r.org_id')
    .select(['r.user_id', 'r.role', 'r.org_id', 'o.name as org_name'])
    .where('r.user_id', 'in', userIds)
    .orderBy('r.user_id')
    .orderBy('r.role')
    .execute();
}

/** Users with their roles, in two queries whatever the count. */
export async function loadUsers(db: Conn, rows: Awaited<ReturnType<typeof findUserRows>>): Promise<User[]> {
  const roles = await rolesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    org: { id: r.org_id, name: r.org_name },
    roles: roles.filter((x) => x.user_id === r.id).map((x) => ({ role: x.role, orgId: x.org_id, orgName: x.org_name })),
    status: r.status as User['status'],
    phone: openNullable(r.phone),
    email: openNullable(r.email),
    lockedUntil: r.locked_until,
    lastLoginAt: r.last_login_at,
    mustChangePassword: r.must_change_password !== 0,
    twoFactorEnabled: !!r.totp_enabled_at,
    version: r.version,
  }));
}

export async function getUser(db: Conn, id: number): Promise<User | null> {
  const rows = await findUserRows(db, { ids: [id] });
  if (!rows.length) return null;
  return (await loadUsers(db, rows))[0];
}

export async function findCredentials(db: Conn, username: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'password_hash', 'status', 'failed_count', 'locked_until', 'org_id', 'must_change_password', 'password_changed_at', 'totp_secret', 'totp_last_step'])
    .where('username', '=', username)
    .executeTakeFirst();
}

/** The columns to write for a new phone and/or e-mail: sealed, each with its blind index. */
export function sealedContact(c: { phone?: string | null; email?: string | null }) {
  return {
    ...(c.phone !== undefined ? { phone: sealNullable(c.phone), phone_index: blindIndexNullable('phone', c.phone) } : {}),
    ...(c.email !== undefined ? { email: sealNullable(c.email), email_index: blindIndexNullable('email', c.email) } : {}),
  };
}

/** A user as the audit log keeps it: the sealed contact fields only as marks, never their values. */
export function userForAudit<T extends { phone: string | null; email: string | null }>(u: T): T {
  return { ...u, phone: auditMark(u.phone), email: auditMark(u.email) };
}

export interface NewUser {
  username: string;
  displayName: string;
  orgId: number;
  passwordHash: string;
  phone?: string | null;
  email?: string | null;
  /** Roles held in the user's own organisation. */
  roles?: readonly Role[];
  /** Someone other than the owner chose the password: it must be changed at the first login. */
  mustChangePassword?: boolean;
  now: string;
}

/**
 * The one insert of a user (and the roles held in their organisation): the API, the CLI, the demo
 * seed and the test kit all create accounts through it, so a new column is set in one place.
 */
export async function insertUser(db: Conn, u: NewUser): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      username: u.username,
      display_name: u.displayName,
      org_id: u.orgId,
      password_hash: u.passwordHash,
      status: 'active',
      ...sealedContact({ phone: u.phone ?? null, email: u.email ?? null }),
      failed_count: 0,
      locked_until: null,
      last_login_at: null,
      password_changed_at: u.now,
      must_change_password: u.mustChangePassword ? 1 : 0,
      version: 1,
      created_at: u.now,
      updated_at: u.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (u.roles?.length) {
    await db
      .insertInto('user_roles')
      .values(u.roles.map((role) => ({ user_id: row.id, role, org_id: u.orgId })))
      .execute();
  }
  return row.id;
}
