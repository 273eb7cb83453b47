import type { Actor } from '../../platform/actor.js';
import { hasRole } from '../../platform/actor.js';
import { sideOf, type Party } from '../consultations/consultations.policy.js';

/** A reporter (填报员) of this organisation: the role is granted for the unit itself. */
export function isReporterOf(actor: Actor, orgId: number | null): boolean {
  return orgId !== null && actor.roles.some((r) => r.role === 'unit_reporter' && r.orgId === orgId);
}

/** Host coordinator on the host side. */
export function isHostCoordinator(actor: Actor, parties: Party[]): boolean {
  return sideOf(actor, parties) === 'host' && hasRole(actor, 'host_coordinator');
}

function isPartnerCoordinator(actor: Actor, parties: Party[]): boolean {
  return sideOf(actor, parties) === 'partner' && hasRole(actor, 'partner_coordinator');
}

/** Milestones are the plan of the work: both coordinators and the lead unit's reporters keep them. */
export function canWriteMilestones(actor: Actor, parties: Party[], leadUnitId: number | null): boolean {
  return isHostCoordinator(actor, parties) || isPartnerCoordinator(actor, parties) || isReporterOf(actor, leadUnitId);
}

/** The lead unit owes the report: its reporters write it, or the county's coordinator on its behalf. */
export function canWriteReport(actor: Actor, parties: Party[], leadUnitId: number | null): boolean {
  return isReporterOf(actor, leadUnitId) || isPartnerCoordinator(actor, parties);
}

/** A cooperating unit's reporter adds that unit's part; returns the unit it speaks for. */
export function contributingOrg(actor: Actor, coUnitIds: number[]): number | null {
  const r = actor.roles.find((x) => x.role === 'unit_reporter' && coUnitIds.includes(x.orgId));
  return r ? r.orgId : null;
}

export function canReviewReport(actor: Actor, parties: Party[]): boolean {
  return isHostCoordinator(actor, parties);
}
