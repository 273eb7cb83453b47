import { describe, expect, it } from 'vitest';
import { BUSINESS_ROLES, ADMIN_ROLES, permissionsOf, type Role } from '../../domain/roles.js';
import { canComment } from '../modules/comments/comments.policy.js';
import { canRequestCompletion, canReviewCompletion } from '../modules/completion/completion.policy.js';
import { canEditItems, canUpdateConsultation, sideOf, type Party } from '../modules/consultations/consultations.policy.js';
import { canWriteMeeting } from '../modules/meetings/meetings.policy.js';
import { canSubmitNeed, canTriageNeed } from '../modules/needs/needs.policy.js';
import { canDraftNotice, canSignNotice, inLeadUnit } from '../modules/notices/notices.policy.js';
import { canRemind } from '../modules/notifications/reminders.policy.js';
import { adminScopePath } from '../modules/organisations/organisations.policy.js';
import { canEditHosted } from '../modules/projects/projects.policy.js';
import { canReviewReport, canWriteMilestones, canWriteReport, contributingOrg, isHostCoordinator } from '../modules/reports/reports.policy.js';
import { permissionScope, sideWith } from './access.js';
import type { Actor } from './actor.js';
import { AppError } from './errors.js';

// A city (/1/) whose bureau (/1/2/, with an office /1/2/3/) hosts a county (/1/5/); the item's lead
// unit is a county office (/1/5/7/), another (/1/5/8/) cooperates; /1/9/ is another county.
const ORGS = { city: [1, '/1/'], bureau: [2, '/1/2/'], office: [3, '/1/2/3/'], county: [5, '/1/5/'], lead: [7, '/1/5/7/'], co: [8, '/1/5/8/'], other: [9, '/1/9/'] } as const;
type Org = keyof typeof ORGS;
const parties: Party[] = [
  { orgId: 2, orgName: '市科技局', orgPath: '/1/2/', side: 'host' },
  { orgId: 5, orgName: '县政府', orgPath: '/1/5/', side: 'partner' },
];
const LEAD = { id: 7, path: '/1/5/7/' };

function actor(at: Org, grants: [Role, Org][]): Actor {
  const roles = grants.map(([role, org]) => ({ role, orgId: ORGS[org][0], orgPath: ORGS[org][1] }));
  return {
    userId: 1,
    username: 'u',
    displayName: 'U',
    orgId: ORGS[at][0],
    orgName: at,
    orgPath: ORGS[at][1],
    roles,
    permissions: permissionsOf(roles.map((r) => r.role)),
    via: 'session',
    sessionId: null,
  };
}

/**
 * The rules as they were written with role names, before every policy asked for a permission. The
 * permission map must keep each of them exactly, for any mix of roles and wherever they are granted.
 */
const has = (a: Actor, role: Role) => a.roles.some((r) => r.role === role);
const side = (a: Actor) => sideOf(a, parties);
const byRole: Record<string, (a: Actor) => boolean> = {
  editItems: (a) => (side(a) === 'host' && has(a, 'host_coordinator')) || (side(a) === 'partner' && has(a, 'partner_coordinator')),
  updateConsultation: (a) => side(a) === 'host' && has(a, 'host_coordinator'),
  comment: (a) => side(a) !== null && BUSINESS_ROLES.some((r) => r !== 'viewer' && has(a, r)),
  submitNeed: (a) => side(a) === 'partner' && has(a, 'partner_coordinator'),
  triageNeed: (a) => side(a) === 'host' && has(a, 'host_coordinator'),
  writeMeeting: (a) => side(a) === 'host' && has(a, 'host_coordinator'),
  draftNotice: (a) => side(a) === 'host' && has(a, 'host_coordinator'),
  signNotice: (a) => a.roles.some((r) => r.role === 'leader' && (r.orgPath.startsWith('/1/2/') || r.orgPath === '/1/')),
  respondNotice: (a) => a.orgPath.startsWith(LEAD.path) && (has(a, 'unit_reporter') || has(a, 'leader')),
  requestCompletion: (a) => (a.orgPath.startsWith(LEAD.path) && has(a, 'unit_reporter')) || (side(a) === 'partner' && has(a, 'partner_coordinator')),
  reviewCompletion: (a) => side(a) === 'host' && has(a, 'host_coordinator'),
  writeReport: (a) => a.roles.some((r) => r.role === 'unit_reporter' && r.orgId === LEAD.id) || (side(a) === 'partner' && has(a, 'partner_coordinator')),
  contribute: (a) => a.roles.some((r) => r.role === 'unit_reporter' && r.orgId === 8),
  writeMilestones: (a) =>
    (side(a) === 'host' && has(a, 'host_coordinator')) ||
    (side(a) === 'partner' && has(a, 'partner_coordinator')) ||
    a.roles.some((r) => r.role === 'unit_reporter' && r.orgId === LEAD.id),
  reviewReport: (a) => side(a) === 'host' && has(a, 'host_coordinator'),
  configureSupervision: (a) => side(a) === 'host' && has(a, 'host_coordinator'),
  remind: (a) => side(a) === 'host' && has(a, 'host_coordinator'),
  editHosted: (a) => a.orgPath.startsWith('/1/2/') && has(a, 'host_coordinator'),
};
const byPermission: Record<keyof typeof byRole, (a: Actor) => boolean> = {
  editItems: (a) => canEditItems(a, parties),
  updateConsultation: (a) => canUpdateConsultation(a, parties),
  comment: (a) => canComment(a, parties),
  submitNeed: (a) => canSubmitNeed(a, parties),
  triageNeed: (a) => canTriageNeed(a, parties),
  writeMeeting: (a) => canWriteMeeting(a, parties),
  draftNotice: (a) => canDraftNotice(a, parties),
  signNotice: (a) => canSignNotice(a, parties),
  respondNotice: (a) => inLeadUnit(a, LEAD.path),
  requestCompletion: (a) => canRequestCompletion(a, parties, LEAD.path),
  reviewCompletion: (a) => canReviewCompletion(a, parties),
  writeReport: (a) => canWriteReport(a, parties, LEAD.id),
  contribute: (a) => contributingOrg(a, [8]) === 8,
  writeMilestones: (a) => canWriteMilestones(a, parties, LEAD.id),
  reviewReport: (a) => canReviewReport(a, parties),
  configureSupervision: (a) => isHostCoordinator(a, parties),
  remind: (a) => canRemind(a, parties),
  editHosted: (a) => canEditHosted(a, '/1/2/'),
};

function* subsets<T>(xs: readonly T[]): Generator<T[]> {
  for (let mask = 0; mask < 1 << xs.length; mask++) yield xs.filter((_, i) => mask & (1 << i));
}
const SEATS = Object.keys(ORGS) as Org[];

describe('policies decide by permission, and each role may do what it did by name', () => {
  it('agrees with the role-name rules for every mix of business roles, granted at the own organisation or anywhere else', () => {
    let cases = 0;
    for (const at of SEATS) {
      for (const roles of subsets(BUSINESS_ROLES)) {
        // The same roles granted at the user's own organisation, and granted at each other organisation.
        for (const grantAt of SEATS) {
          const a = actor(
            at,
            roles.map((r) => [r, grantAt]),
          );
          for (const d of Object.keys(byRole)) {
            expect(byPermission[d]!(a), `${d}: ${roles.join('+') || '(none)'} of ${at} granted at ${grantAt}`).toBe(byRole[d]!(a));
            cases++;
          }
        }
      }
    }
    expect(cases).toBe(SEATS.length * 2 ** BUSINESS_ROLES.length * SEATS.length * Object.keys(byRole).length);
  });

  it('lets a coordinator act only on the side whose coordinator the role is', () => {
    expect(sideWith(actor('county', [['partner_coordinator', 'county']]), parties, 'item.write')).toBe('partner');
    expect(sideWith(actor('bureau', [['partner_coordinator', 'bureau']]), parties, 'item.write')).toBeNull();
    expect(sideWith(actor('county', [['host_coordinator', 'county']]), parties, 'item.write')).toBeNull();
    // A reporter holds report.write for a unit, not for the partner side its unit sits on.
    expect(canWriteReport(actor('co', [['unit_reporter', 'co']]), parties, LEAD.id)).toBe(false);
    expect(canWriteReport(actor('co', [['unit_reporter', 'lead']]), parties, LEAD.id)).toBe(true);
  });

  it('scopes each administrator to the subtree of the grant carrying the permission, and refuses the others', () => {
    const sys = actor('city', [['sys_admin', 'city']]);
    const sec = actor('bureau', [['sec_admin', 'bureau']]);
    const audit = actor('city', [['audit_admin', 'city']]);
    expect(adminScopePath(sys, 'user.manage')).toBe('/1/');
    expect(adminScopePath(sys, 'org.manage')).toBe('/1/');
    expect(adminScopePath(sec, 'role.grant')).toBe('/1/2/');
    for (const p of ['user.read', 'user.unlock'] as const) {
      expect(adminScopePath(sys, p)).toBe('/1/');
      expect(adminScopePath(sec, p)).toBe('/1/2/');
    }
    const refused = (a: Actor, p: Parameters<typeof permissionScope>[1]) => {
      try {
        permissionScope(a, p);
        return null;
      } catch (err) {
        return err instanceof AppError ? err.code : err;
      }
    };
    expect(refused(sys, 'role.grant')).toBe('FORBIDDEN');
    expect(refused(sec, 'user.manage')).toBe('FORBIDDEN');
    expect(refused(sec, 'org.manage')).toBe('FORBIDDEN');
    for (const p of ['user.read', 'user.manage', 'user.unlock', 'role.grant', 'org.manage'] as const) expect(refused(audit, p), p).toBe('FORBIDDEN');
    // No business role administers anything.
    for (const r of BUSINESS_ROLES) expect(refused(actor('city', [[r, 'city']]), 'user.read'), r).toBe('FORBIDDEN');
    expect(ADMIN_ROLES.every((r) => !permissionsOf([r]).has('consultation.read'))).toBe(true);
  });
});
