import { listWasAdopted, type ConsultationDetail, type ConsultationStatus } from '../../../domain/consultations.js';
import type { Side } from '../../../domain/negotiation.js';

/** After adoption the agreed fields change only through a change request. */
export function isAdopted(status: ConsultationStatus): boolean {
  return listWasAdopted(status);
}

/** The side whose coordinator the user is in this consultation, if any: the server says whether they edit the list for their side. */
export function coordinatorSide(c: Pick<ConsultationDetail, 'mySide' | 'can'>): Side | null {
  return c.can.editItems ? c.mySide : null;
}

/** Marking items and confirming adoption: the side's coordinator, during negotiation only. */
export function negotiatingSide(c: Pick<ConsultationDetail, 'mySide' | 'can' | 'status'>): Side | null {
  return c.status === 'negotiating' ? coordinatorSide(c) : null;
}

export { SIDE_SHORT_LABEL, SIDE_CONFIRM_LABEL, VERSION_KIND_LABEL, COMPARED_FIELD_LABEL } from '../../app/labels';
