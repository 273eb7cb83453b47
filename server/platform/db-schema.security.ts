import type { Generated } from 'kysely';

// Sessions, tokens, the login log, two-factor recovery codes, password history and the audit log:
// the tables of who may do what and what they did.

export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ended_at: string | null;
  end_reason: string | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface LoginLogTable {
  id: Generated<number>;
  at: string;
  username: string;
  user_id: number | null;
  ip: string | null;
  user_agent: string | null;
  success: number;
  reason: string | null;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  /** SM3 of the user id and the normalised code: the code itself is shown once and never stored. */
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface PasswordHistoryTable {
  id: Generated<number>;
  user_id: number;
  /** A password the account had before (argon2id), kept so the policy can refuse its reuse. */
  password_hash: string;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  username: string | null;
  org_id: number | null;
  action: string;
  entity_type: string;
  entity_id: number | null;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
  request_id: string | null;
  /** HMAC-SM3 link of the audit chain (server/platform/audit-chain.ts); null only before sealing. */
  chain_hmac: string | null;
  /** Which of the chain's lanes (audit_chain ids) the row links into. */
  chain_lane: Generated<number>;
  /**
   * The head of the next lane when this row's lane was taken (audit-chain.ts), covered by this row's
   * link; null for rows logged before witnesses, or when that lane had no row yet.
   */
  witness_id: number | string | null;
  witness_hmac: string | null;
}

/**
 * One row per lane of the audit chain (ids 1..AUDIT_LANES): the lane's head, and its anchor from the
 * retention purge. Row 1 also counts the rows purged and carries the purge's flag.
 */
export interface AuditChainTable {
  id: number;
  head_id: number | string | null;
  head_hmac: string | null;
  anchor_id: number | string | null;
  anchor_hmac: string | null;
  purged: number | string;
  purging: number;
}
