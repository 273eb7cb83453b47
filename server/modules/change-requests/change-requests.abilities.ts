import type { ChangeRequestAbilities, ChangeRequestStatus } from '../../../domain/change-requests.js';
import type { ConsultationStatus } from '../../../domain/consultations.js';
import type { Side } from '../../../domain/negotiation.js';
import type { Actor } from '../../platform/actor.js';
import { AppError, forbidden } from '../../platform/errors.js';
import { canEditItems, sideOf, type Party } from '../consultations/consultations.policy.js';

/*
 * Each rule answers "why not?" with the error its endpoint throws, or null when the action is
 * allowed. The endpoints throw that answer; the `can` flags sent to the web are its absence, so a
 * button is shown exactly to those the server will let press it.
 */

/** Only a coordinator of one side files, decides or withdraws a change request. */
function notCoordinator(actor: Actor, parties: Party[]): AppError | null {
  return sideOf(actor, parties) && canEditItems(actor, parties) ? null : forbidden('只有会商双方的联络员可以提出或审批调整申请');
}

function notAdopted(status: ConsultationStatus): AppError | null {
  if (status === 'draft' || status === 'negotiating') return new AppError('ITEM_NOT_ADOPTED', '清单尚未议定，议定前请直接修改事项');
  if (status === 'closed') return new AppError('CONSULTATION_LOCKED', '会商已结束，不能再调整清单');
  return null;
}

export function fileRefusal(actor: Actor, parties: Party[], status: ConsultationStatus): AppError | null {
  return notCoordinator(actor, parties) ?? notAdopted(status);
}

interface RequestState {
  side: Side;
  status: ChangeRequestStatus;
  createdBy: number;
}

/** The other side's coordinator decides a pending request of an adopted, open list. */
export function decideRefusal(actor: Actor, parties: Party[], status: ConsultationStatus, cr: RequestState): AppError | null {
  const denied = notCoordinator(actor, parties);
  if (denied) return denied;
  if (sideOf(actor, parties) === cr.side) return new AppError('OWN_CHANGE_REQUEST', '本方提出的调整申请须由对方联络员审批');
  if (cr.status !== 'pending') return new AppError('CHANGE_REQUEST_DECIDED', '该调整申请已处理，不能重复审批');
  return notAdopted(status);
}

/** Its author takes a pending request back while the list is open. */
export function withdrawRefusal(actor: Actor, parties: Party[], status: ConsultationStatus, cr: RequestState): AppError | null {
  const denied = notCoordinator(actor, parties);
  if (denied) return denied;
  if (cr.createdBy !== actor.userId) return new AppError('NOT_CHANGE_REQUEST_AUTHOR', '只有提出人可以撤回调整申请');
  if (cr.status !== 'pending') return new AppError('CHANGE_REQUEST_DECIDED', '该调整申请已处理或已撤回，不能撤回');
  return notAdopted(status);
}

export function changeRequestAbilities(actor: Actor, parties: Party[], status: ConsultationStatus, cr: RequestState): ChangeRequestAbilities {
  return { decide: decideRefusal(actor, parties, status, cr) === null, withdraw: withdrawRefusal(actor, parties, status, cr) === null };
}
