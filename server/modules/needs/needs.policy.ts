import type { Actor } from '../../platform/actor.js';
import { hasRole } from '../../platform/actor.js';
import { sideOf, type Party } from '../consultations/consultations.policy.js';

/** Needs come from the county: a partner coordinator sitting on a partner side of this consultation. */
export function canSubmitNeed(actor: Actor, parties: Party[]): boolean {
  return sideOf(actor, parties) === 'partner' && hasRole(actor, 'partner_coordinator');
}

/** The bureau sorts them: a host coordinator on the host side triages and converts. */
export function canTriageNeed(actor: Actor, parties: Party[]): boolean {
  return sideOf(actor, parties) === 'host' && hasRole(actor, 'host_coordinator');
}
