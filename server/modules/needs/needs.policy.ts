import type { Actor } from '../../platform/actor.js';
import { sideWith } from '../../platform/access.js';
import type { Party } from '../consultations/consultations.policy.js';

/** Needs come from the county: a partner coordinator sitting on a partner side of this consultation. */
export function canSubmitNeed(actor: Actor, parties: Party[]): boolean {
  return sideWith(actor, parties, 'need.submit') === 'partner';
}

/** The bureau sorts them: a host coordinator on the host side triages and converts. */
export function canTriageNeed(actor: Actor, parties: Party[]): boolean {
  return sideWith(actor, parties, 'need.triage') === 'host';
}
