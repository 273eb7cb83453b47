import type { Actor } from '../../platform/actor.js';
import { hasRole } from '../../platform/actor.js';
import { sideOf, type Party } from '../consultations/consultations.policy.js';

/** The lead unit asks to close its item: a reporter of the unit, or the partner's coordinator on its behalf. */
export function canRequestCompletion(actor: Actor, parties: Party[], leadUnitPath: string | null): boolean {
  if (leadUnitPath && actor.orgPath.startsWith(leadUnitPath) && hasRole(actor, 'unit_reporter')) return true;
  return sideOf(actor, parties) === 'partner' && hasRole(actor, 'partner_coordinator');
}

/** The host verifies and closes (销号): a host coordinator on the host side. */
export function canReviewCompletion(actor: Actor, parties: Party[]): boolean {
  return sideOf(actor, parties) === 'host' && hasRole(actor, 'host_coordinator');
}
