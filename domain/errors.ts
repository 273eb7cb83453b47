/** One catalog of error codes with their HTTP status; server and web both read it. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_CURSOR: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  SESSION_EXPIRED: 401,
  SESSION_TERMINATED: 401,
  CSRF_INVALID: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  ITEM_VERSION_CONFLICT: 409,
  DUPLICATE: 409,
  INVALID_TRANSITION: 409,
  CONSULTATION_LOCKED: 409,
  CONSULTATION_NOT_NEGOTIATING: 409,
  ITEMS_NOT_AGREED: 409,
  ITEM_AGREED_LOCKED: 409,
  ITEM_NOT_ADOPTED: 409,
  CHANGE_REQUEST_DECIDED: 409,
  OWN_CHANGE_REQUEST: 403,
  NOT_CHANGE_REQUEST_AUTHOR: 403,
  ITEM_CLOSED: 409,
  /** 上下联动: the parent is not in a consultation one level up of the child's (same division line). */
  ITEM_LINK_LEVEL: 422,
  /** 上下联动: the item already breaks down another parent; unlink it there first. */
  ITEM_ALREADY_LINKED: 409,
  /** 上下联动: the link would make an item its own ancestor. */
  ITEM_LINK_CYCLE: 422,
  PERIOD_NOT_OWED: 422,
  REPORT_NOT_IN_REVIEW: 409,
  OWN_REPORT_REVIEW: 403,
  REASON_REQUIRED: 422,
  EXTENSION_TOO_LATE: 422,
  ORG_HAS_CHILDREN: 409,
  /** A row other rows still point at (a foreign key): the specific checks missed a use; refused, never a 500. */
  STILL_REFERENCED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  UNKNOWN_UNIT: 422,
  UNKNOWN_DOMAIN: 422,
  WEAK_PASSWORD: 422,
  ACCOUNT_DISABLED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  /** The password was right; the account's second factor (a TOTP or recovery code) is asked for next. */
  TWO_FACTOR_REQUIRED: 401,
  /** An administrator without two-factor login may do nothing but enrol it. */
  TWO_FACTOR_ENROLMENT_REQUIRED: 403,
  /** A code given to change the account's own two-factor settings was wrong. */
  TWO_FACTOR_CODE_INVALID: 422,
  TWO_FACTOR_NOT_ENABLED: 409,
  TWO_FACTOR_ALREADY_ENABLED: 409,
  /** An administrator's two-factor login cannot be switched off. */
  TWO_FACTOR_MANDATORY: 409,
  /** The new password is one of the last ones the policy remembers. */
  PASSWORD_REUSED: 422,
  UNKNOWN_INDICATOR: 422,
  INDICATOR_VALUE_INVALID: 422,
  INDICATOR_NOTE_REQUIRED: 422,
  INDICATOR_YEAR_INVALID: 422,
  /** 三员分立: an administrator's account is not another administrator's to manage. */
  ADMIN_ACCOUNT_PROTECTED: 403,
  JOB_RUNNING: 409,
  RATE_LIMITED: 429,
  LEDGER_NOT_XLSX: 415,
  LEDGER_CORRUPT: 422,
  LEDGER_ENCRYPTED: 422,
  LEDGER_EMPTY_FILE: 422,
  LEDGER_TOO_LARGE: 413,
  LEDGER_ZIP_BOMB: 413,
  LEDGER_TOO_MANY_ROWS: 413,
  LEDGER_NO_LEDGER_SHEET: 422,
  LEDGER_SHEET_NOT_FOUND: 422,
  LEDGER_NOT_READY: 422,
  LEDGER_IMPORT_DONE: 409,
  ITEM_NOT_RED: 409,
  NOTICE_NOT_PENDING: 409,
  NOTICE_NOT_SIGNED: 409,
  NOTICE_ANSWERED: 409,
  COMPLETION_PENDING: 409,
  COMPLETION_NOT_PENDING: 409,
  EVIDENCE_REQUIRED: 422,
  EVIDENCE_UNAVAILABLE: 422,
  RESPONSE_DUE_INVALID: 422,
  REMINDER_NOT_ALLOWED: 409,
  WEBHOOK_HOST_NOT_ALLOWED: 422,
  /** A sealed field failed its MAC or names a key that is not configured: refused, never shown as garbage. */
  SEALED_FIELD_INVALID: 500,
  INTERNAL: 500,
  /** The database cannot be reached or is restarting, or no PostgreSQL primary is reachable (a failover in progress): nothing is wrong with the request; try again shortly. */
  DATABASE_UNAVAILABLE: 503,
  /** PostgreSQL broke a deadlock or a serialisation conflict with another writer by rolling this transaction back: nothing was written; the same request may simply be sent again. */
  WRITE_CONTENDED: 409,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}
