import type { ConsultationStatus } from '../../../domain/consultations.js';
import type { Actor } from '../../platform/actor.js';
import { AppError, forbidden } from '../../platform/errors.js';
import { canEditItems, sideOf, type Party } from '../consultations/consultations.policy.js';

/**
 * Why the caller may not save a version of the list, or null: the endpoint throws it and the
 * consultation's `can.saveVersions` is its absence. A closed consultation's list no longer changes,
 * so there is nothing new to save.
 */
export function saveVersionRefusal(actor: Actor, parties: Party[], status: ConsultationStatus): AppError | null {
  if (!sideOf(actor, parties) || !canEditItems(actor, parties)) return forbidden('只有会商双方的联络员可以确认清单');
  if (status === 'closed') return new AppError('CONSULTATION_LOCKED', '会商已结束，不能再保存清单版本');
  return null;
}
