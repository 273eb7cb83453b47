import type { Actor } from '../../platform/actor.js';
import { hasRole } from '../../platform/actor.js';
import { sideOf, type Party } from '../consultations/consultations.policy.js';

/** The bureau supervises: a host coordinator on the host side drafts and edits notices. */
export function canDraftNotice(actor: Actor, parties: Party[]): boolean {
  return sideOf(actor, parties) === 'host' && hasRole(actor, 'host_coordinator');
}

function parentPath(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts.length > 1 ? `/${parts.slice(0, -1).join('/')}/` : path;
}

/**
 * A notice goes out in the host's name, so only a leader of the host organisation signs it: a leader
 * role held in the host itself or one of its offices, or in the organisation directly above it
 * (the city government's leader in charge). A leader anywhere else — a county, another bureau — may not.
 */
export function canSignNotice(actor: Actor, parties: Party[]): boolean {
  const host = parties.find((p) => p.side === 'host');
  if (!host) return false;
  const above = parentPath(host.orgPath);
  return actor.roles.some((r) => r.role === 'leader' && (r.orgPath.startsWith(host.orgPath) || r.orgPath === above));
}

/** The lead unit answers: its reporters and its leaders, in the unit or below it. */
export function inLeadUnit(actor: Actor, leadUnitPath: string | null): boolean {
  if (!leadUnitPath || !actor.orgPath.startsWith(leadUnitPath)) return false;
  return hasRole(actor, 'unit_reporter') || hasRole(actor, 'leader');
}
