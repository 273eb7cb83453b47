import type { ConsultationDetail, ConsultationStatus } from '../../../domain/consultations.js';
import type { Side } from '../../../domain/negotiation.js';
import type { Me } from '../../../domain/users.js';

/** After adoption the agreed fields change only through a change request. */
export function isAdopted(status: ConsultationStatus): boolean {
  return status === 'adopted' || status === 'implementing' || status === 'closed';
}

const COORDINATOR_OF: Record<Side, 'host_coordinator' | 'partner_coordinator'> = {
  host: 'host_coordinator',
  partner: 'partner_coordinator',
};

/** The side whose coordinator the user is in this consultation, if any. */
export function coordinatorSide(me: Me, c: Pick<ConsultationDetail, 'mySide'>): Side | null {
  const side = c.mySide;
  if (!side) return null;
  return me.roles.some((r) => r.role === COORDINATOR_OF[side]) ? side : null;
}

/** Marking items and confirming adoption: the side's coordinator, during negotiation only. */
export function negotiatingSide(me: Me, c: Pick<ConsultationDetail, 'mySide' | 'status'>): Side | null {
  return c.status === 'negotiating' ? coordinatorSide(me, c) : null;
}

export { SIDE_SHORT_LABEL, SIDE_CONFIRM_LABEL, VERSION_KIND_LABEL, COMPARED_FIELD_LABEL } from '../../../domain/labels.js';
