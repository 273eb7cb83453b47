import type { Permission, Role } from '../../domain/roles.js';

/** Who is making the request, resolved once by the auth plugin. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  orgId: number;
  orgName: string;
  /** Materialised path of the user's organisation, "/1/4/9/". */
  orgPath: string;
  roles: { role: Role; orgId: number; orgPath: string }[];
  permissions: Set<Permission>;
  via: 'session' | 'token';
  sessionId: string | null;
  /** The password is one someone else set: the request may only change it (or sign out). */
  mustChangePassword?: boolean;
  /** …and the reason is its age (the policy's expiry), not that someone else chose it. */
  passwordExpired?: boolean;
  /** An administrator without two-factor login: the request may only enrol it (or sign out). */
  twoFactorEnrolmentRequired?: boolean;
}

/** What every audited change needs to know about its request. */
export interface RequestContext {
  actor: Actor;
  ip: string;
  requestId: string;
}

export function ancestorIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}
