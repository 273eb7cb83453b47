import type { Actor } from '../../platform/actor.js';
import { canAt, grantsWith, sideWith } from '../../platform/access.js';
import type { Party } from '../consultations/consultations.policy.js';

/** A reporter (填报员) of this organisation: the role is granted for the unit itself. */
export function isReporterOf(actor: Actor, orgId: number | null): boolean {
  return canAt(actor, 'report.write', orgId);
}

/** Host coordinator on the host side: the one who sets how the consultation is supervised. */
export function isHostCoordinator(actor: Actor, parties: Party[]): boolean {
  return sideWith(actor, parties, 'supervision.configure') === 'host';
}

/** Milestones are the plan of the work: both coordinators and the lead unit's reporters keep them. */
export function canWriteMilestones(actor: Actor, parties: Party[], leadUnitId: number | null): boolean {
  return sideWith(actor, parties, 'milestone.write') !== null || canAt(actor, 'milestone.write', leadUnitId);
}

/** The lead unit owes the report: its reporters write it, or the county's coordinator on its behalf. */
export function canWriteReport(actor: Actor, parties: Party[], leadUnitId: number | null): boolean {
  return isReporterOf(actor, leadUnitId) || sideWith(actor, parties, 'report.write') === 'partner';
}

/** A cooperating unit's reporter adds that unit's part; returns the unit it speaks for. */
export function contributingOrg(actor: Actor, coUnitIds: number[]): number | null {
  const g = grantsWith(actor, 'report.contribute').find((x) => coUnitIds.includes(x.orgId));
  return g ? g.orgId : null;
}

export function canReviewReport(actor: Actor, parties: Party[]): boolean {
  return sideWith(actor, parties, 'report.review') === 'host';
}
