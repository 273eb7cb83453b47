import { insertUser } from '../../modules/users/users.repo.js';
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
  // 上下联动: the two sides of the province–city consultation; last, so earlier users keep their ids.
  { username: 'province.coord', displayName: '省科技厅联络员（演示）', org: 'sichuan.kjt', roles: ['host_coordinator'] },
  { username: 'guangyuan.coord', displayName: '广元市人民政府联络员（演示）', org: 'guangyuan.gov', roles: ['partner_coordinator'] },
];

export type UserIds = Record<string, number>;

export async function seedUsers(db: Kysely<Database>, orgs: OrgIds, password: string, now: string, cost: PasswordHashCost): Promise<UserIds> {
  const hash = await hashPassword(password, cost);
  const ids: UserIds = {};
  for (const u of DEMO_USERS) {
    ids[u.username] = await insertUser(db, { username: u.username, displayName: u.displayName, orgId: orgs[u.org], passwordHash: hash, roles: u.roles, now });
  }
  return ids;
}
