import type { Kysely } from 'kysely';
import type { Role } from '../../../domain/roles.js';
import type { Database } from '../../platform/db-schema.js';
import { hashPassword, type PasswordHashCost } from '../../platform/crypto.js';
import type { OrgIds } from './organisations.seed.js';

/** The demo logins the README names; all share one password, demo mode only. */
export const DEMO_USERS: { username: string; displayName: string; org: string; roles: Role[] }[] = [
  { username: 'city.coord', displayName: '市局联络员（演示）', org: 'bureau', roles: ['host_coordinator'] },
  { username: 'city.leader', displayName: '市局领导（演示）', org: 'bureau', roles: ['leader'] },
  { username: 'wangcang.coord', displayName: '旺苍县联络员（演示）', org: 'wangcang.gov', roles: ['partner_coordinator'] },
  { username: 'wangcang.nyj', displayName: '旺苍县农业农村局承办人（演示）', org: 'wangcang.nyj', roles: ['unit_reporter'] },
  { username: 'cangxi.coord', displayName: '苍溪县联络员（演示）', org: 'cangxi.gov', roles: ['partner_coordinator'] },
  { username: 'sysadmin', displayName: '系统管理员（演示）', org: 'guangyuan', roles: ['sys_admin'] },
  { username: 'secadmin', displayName: '安全管理员（演示）', org: 'guangyuan', roles: ['sec_admin'] },
  { username: 'auditadmin', displayName: '审计管理员（演示）', org: 'guangyuan', roles: ['audit_admin'] },
];

export type UserIds = Record<string, number>;

export async function seedUsers(db: Kysely<Database>, orgs: OrgIds, password: string, now: string, cost: PasswordHashCost): Promise<UserIds> {
  const hash = await hashPassword(password, cost);
  const ids: UserIds = {};
  for (const u of DEMO_USERS) {
    const row = await db
      .insertInto('users')
      .values({
        username: u.username,
        display_name: u.displayName,
        org_id: orgs[u.org],
        password_hash: hash,
        status: 'active',
        phone: null,
        email: null,
        failed_count: 0,
        locked_until: null,
        last_login_at: null,
        password_changed_at: now,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[u.username] = row.id;
    await db
      .insertInto('user_roles')
      .values(u.roles.map((role) => ({ user_id: row.id, role, org_id: orgs[u.org] })))
      .execute();
  }
  return ids;
}
