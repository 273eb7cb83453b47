import type { Actor } from '../../platform/actor.js';
import { grantsWith, isUnder, sideWith } from '../../platform/access.js';
import type { Party } from '../consultations/consultations.policy.js';

/** The lead unit asks to close its item: a reporter of the unit, or the partner's coordinator on its behalf. */
export function canRequestCompletion(actor: Actor, parties: Party[], leadUnitPath: string | null): boolean {
  if (leadUnitPath && isUnder(actor.orgPath, leadUnitPath) && grantsWith(actor, 'completion.request').length > 0) return true;
  return sideWith(actor, parties, 'completion.request') === 'partner';
}

/** The host verifies and closes (销号): a host coordinator on the host side. */
export function canReviewCompletion(actor: Actor, parties: Party[]): boolean {
  return sideWith(actor, parties, 'completion.review') === 'host';
}
