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
  /**
   * The subtree whose business the actor reads: its own organisation's, except that the government
   * or a department of a province or city reads the whole division (省科技厅 every city's and
   * county's consultations, 市科技局 the city's). Absent means the organisation's own.
   */
  scopePath?: string;
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

/** Kinds of organisation that are divisions (行政区划) rather than units. */
export const DIVISION_KINDS = ['province', 'city', 'county'] as const;
/** Divisions whose own units read the whole division; a county's units read only their own subtree. */
const WIDE_DIVISIONS: readonly string[] = ['province', 'city'];
const DIVISION_UNITS: readonly string[] = ['government', 'department'];

/** The scope rule of `Actor.scopePath`, from the organisation's kind and its parent's. */
export function scopePathOf(org: { path: string; kind: string }, parent: { path: string; kind: string } | null): string {
  return parent && DIVISION_UNITS.includes(org.kind) && WIDE_DIVISIONS.includes(parent.kind) ? parent.path : org.path;
}

export function ancestorIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}
