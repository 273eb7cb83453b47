import type { Actor } from '../../platform/actor.js';
import { sideWith } from '../../platform/access.js';
import type { Party } from '../consultations/consultations.policy.js';

/** The bureau keeps the meeting record: a host coordinator on the host side creates and edits it. */
export function canWriteMeeting(actor: Actor, parties: Party[]): boolean {
  return sideWith(actor, parties, 'meeting.write') === 'host';
}
