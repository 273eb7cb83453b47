import type { Actor } from '../../platform/actor.js';
import { sideWith, type Seat } from '../../platform/access.js';

/** A host coordinator on the host side reminds by hand. */
export function canRemind(actor: Actor, parties: readonly Seat[]): boolean {
  return sideWith(actor, parties, 'reminder.send') === 'host';
}
