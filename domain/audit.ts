import { z } from 'zod';
import { zDate, zIdCursor, zPageQuery, zId } from './common.js';

/** Closed set of audit actions; every change is recorded under one of these names. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.logout',
  'auth.token_create',
  'auth.token_revoke',
  'org.create',
  'org.update',
  'org.delete',
  'user.create',
  'user.update',
  'user.roles',
  'user.password_reset',
  'user.unlock',
  'user.password_change',
  'user.two_factor_enable',
  'user.two_factor_disable',
  'user.two_factor_reset',
  'user.recovery_codes',
  'dict.create',
  'dict.update',
  'consultation.create',
  'consultation.update',
  'item.create',
  'item.update',
  'item.delete',
  'item.agreement',
  'item.link',
  'version.create',
  'consultation.adoption_confirm',
  'consultation.adopt',
  'comment.create',
  'attachment.create',
  'attachment.delete',
  'project.create',
  'project.update',
  'programme.create',
  'programme.assign',
  'need.create',
  'need.triage',
  'need.convert',
  'change_request.create',
  'change_request.decide',
  'change_request.withdraw',
  'meeting.create',
  'meeting.update',
  'meeting.delete',
  'ledger.upload',
  'ledger.import',
  'notice.create',
  'notice.update',
  'notice.sign',
  'notice.send_back',
  'notice.respond',
  'completion.request',
  'completion.approve',
  'completion.return',
  'milestone.create',
  'milestone.update',
  'milestone.delete',
  'report.submit',
  'report.revise',
  'report.review',
  'report.contribute',
  'consultation.supervision_settings',
  'consultation.publish',
  'consultation.unpublish',
  'reminder.create',
  'notification.read',
  'org.webhooks_update',
  'org.webhook_test',
  'user.email_update',
  'indicator.sheet_save',
  'indicator.sheet_submit',
  'indicator.sheet_review',
  'indicator.sheet_import',
  'indicator.catalogue_update',
  'indicator.settings_update',
  'session.terminate',
  'job.run',
  'job.pause',
  'job.resume',
  'parameter.update',
  'announcement.create',
  'announcement.update',
  'announcement.delete',
  'announcement.publish',
  'announcement.withdraw',
  'saved_filter.share',
  'saved_filter.unshare',
  'assessment.weights_update',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Closed set of the kinds of object an audit row is about; the log's filter offers exactly these. */
export const AUDIT_ENTITY_TYPES = [
  'item',
  'consultation',
  'organisation',
  'user',
  'dict_item',
  'api_token',
  'need',
  'meeting',
  'change_request',
  'report',
  'milestone',
  'supervision_notice',
  'completion_request',
  'reminder',
  'item_comment',
  'attachment',
  'ledger_import',
  'project',
  'programme',
  'notification',
  'indicator_sheet',
  'indicator',
  'session',
  'job',
  'parameter',
  'announcement',
  'saved_filter',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/** Audit rows are paged by id, so the cursor is one (a plain number, not an opaque string). */
const zLogPage = {
  limit: zPageQuery.limit,
  cursor: zIdCursor,
};

export const zAuditQuery = z.strictObject({
  action: z.enum(AUDIT_ACTIONS).optional(),
  entityType: z.enum(AUDIT_ENTITY_TYPES).optional(),
  entityId: zId.optional(),
  username: z.string().max(64).optional(),
  /** China-time days, inclusive. */
  from: zDate.optional(),
  to: zDate.optional(),
  ...zLogPage,
});
/** The export takes the list's filters and no page: every matching row up to the cap, newest first. */
export const zAuditExportQuery = zAuditQuery.omit({ limit: true, cursor: true });
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

export const zAuditEntry = z.object({
  id: z.number(),
  at: z.string(),
  userId: z.number().nullable(),
  username: z.string().nullable(),
  orgId: z.number().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.number().nullable(),
  /**
   * What a reader calls the object (事项's title, a report's item and period, a notice's number), as
   * it is now; from the row's own snapshot when the object is gone; null when neither says.
   */
  entityTitle: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof zAuditEntry>;

export const zLoginLogQuery = z.strictObject({
  username: z.string().max(64).optional(),
  success: z.enum(['true', 'false']).optional(),
  ...zLogPage,
});

export const zLoginEntry = z.object({
  id: z.number(),
  at: z.string(),
  username: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  success: z.boolean(),
  reason: z.string().nullable(),
});
export type LoginEntry = z.infer<typeof zLoginEntry>;

/** The audit chain as the audit administrator's page shows it: checked link by link on request. */
export const zAuditChain = z.object({
  ok: z.boolean(),
  rows: z.number(),
  purged: z.number(),
  firstBroken: z.object({ id: z.number().nullable(), reason: z.string() }).nullable(),
  /** The last row whose link held, and how many did: the part of the log still fit as evidence. */
  verifiedThroughId: z.number().nullable(),
  verifiedRows: z.number(),
  headId: z.number().nullable(),
  oldestAt: z.string().nullable(),
  retentionDays: z.number(),
  checkedAt: z.string(),
});
export type AuditChain = z.infer<typeof zAuditChain>;
