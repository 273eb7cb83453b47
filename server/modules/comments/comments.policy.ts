import type { Actor } from '../../platform/actor.js';
import { can } from '../../platform/access.js';
import { sideOf, type Party } from '../consultations/consultations.policy.js';

/**
 * Commenting is negotiation: only people sitting on one side of the table, in a business role that
 * speaks (viewers read along but do not speak).
 */
export function canComment(actor: Actor, parties: Party[]): boolean {
  return can(actor, 'item.comment') && sideOf(actor, parties) !== null;
}
