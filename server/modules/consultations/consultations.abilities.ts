import type { ConsultationAbilities, ConsultationStatus } from '../../../domain/consultations.js';
import { fileRefusal } from '../change-requests/change-requests.abilities.js';
import { saveVersionRefusal } from '../negotiation/negotiation.abilities.js';
import type { Actor } from '../../platform/actor.js';
import { canComment } from '../comments/comments.policy.js';
import { canWriteMeeting } from '../meetings/meetings.policy.js';
import { canSubmitNeed, canTriageNeed } from '../needs/needs.policy.js';
import { canRemind } from '../notifications/reminders.policy.js';
import { isHostCoordinator } from '../reports/reports.policy.js';
import { canEditItems, canUpdateConsultation, type Party } from './consultations.policy.js';

/**
 * The `can` of a consultation response: each flag is the very policy its endpoint enforces, so the
 * web shows an action exactly to those the server will let do it.
 */
export function consultationAbilities(actor: Actor, parties: Party[], status: ConsultationStatus): ConsultationAbilities {
  return {
    update: canUpdateConsultation(actor, parties),
    editItems: canEditItems(actor, parties),
    comment: canComment(actor, parties),
    submitNeeds: canSubmitNeed(actor, parties),
    triageNeeds: canTriageNeed(actor, parties),
    writeMeetings: canWriteMeeting(actor, parties),
    configureSupervision: isHostCoordinator(actor, parties),
    remind: canRemind(actor, parties),
    fileChangeRequests: fileRefusal(actor, parties, status) === null,
    saveVersions: saveVersionRefusal(actor, parties, status) === null,
  };
}
