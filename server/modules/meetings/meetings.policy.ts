import type { Actor } from '../../platform/actor.js';
import { hasRole } from '../../platform/actor.js';
import { sideOf, type Party } from '../consultations/consultations.policy.js';

/** The bureau keeps the meeting record: a host coordinator on the host side creates and edits it. */
export function canWriteMeeting(actor: Actor, parties: Party[]): boolean {
  return sideOf(actor, parties) === 'host' && hasRole(actor, 'host_coordinator');
}
