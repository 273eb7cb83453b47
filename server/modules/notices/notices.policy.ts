import type { Actor } from '../../platform/actor.js';
import { can, grantsWith, isUnder, sideWith } from '../../platform/access.js';
import type { Party } from '../consultations/consultations.policy.js';

/** The bureau supervises: a host coordinator on the host side drafts and edits notices. */
export function canDraftNotice(actor: Actor, parties: Party[]): boolean {
  return sideWith(actor, parties, 'notice.issue') === 'host';
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
  return grantsWith(actor, 'notice.sign').some((g) => isUnder(g.orgPath, host.orgPath) || g.orgPath === above);
}

/** The lead unit answers: its reporters and its leaders, in the unit or below it. */
export function inLeadUnit(actor: Actor, leadUnitPath: string | null): boolean {
  if (!leadUnitPath || !isUnder(actor.orgPath, leadUnitPath)) return false;
  return can(actor, 'notice.respond');
}
