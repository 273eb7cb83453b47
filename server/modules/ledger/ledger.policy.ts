import type { Actor } from '../../platform/actor.js';
import { AppError, forbidden } from '../../platform/errors.js';
import { canEditItems, type Party } from '../consultations/consultations.policy.js';

/** Importing a ledger edits the list: the coordinators of either side, while the consultation is not closed. */
export function assertCanImport(actor: Actor, parties: Party[], status: string): void {
  if (!canEditItems(actor, parties)) throw forbidden('只有会商双方的联络员可以导入台账');
  if (status === 'closed') throw new AppError('CONSULTATION_LOCKED', '会商已结束，不能再导入台账');
}
