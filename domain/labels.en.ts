import type * as zh from './labels.js';
import type { FINALITY_LABEL as ZH_FINALITY, SUBMISSION_STATUS_LABEL as ZH_SUBMISSION, TARGET_LEVEL_LABEL as ZH_TARGET } from './indicators.js';
import type { JOB_LABEL as ZH_JOB } from './jobs.js';
import type { DOCUMENT_KIND_LABEL as ZH_DOCUMENT_KIND, FILE_SOURCE_LABEL as ZH_FILE_SOURCE } from './documents.js';
import type { FIELD_LABEL as ZH_LEDGER_FIELD } from './ledger-parse.js';

/**
 * English beside domain/labels.ts, table for table and key for key (the types hold them together:
 * a new code in a Chinese table without its English fails the typecheck). The web shows these when
 * its user chose English; official documents and ledgers stay in Chinese.
 */
type Same<T> = Record<keyof T, string>;

export const PROJECT_TYPE_LABEL: Same<typeof zh.PROJECT_TYPE_LABEL> = {
  rd: 'R&D',
  demonstration: 'Demonstration',
  platform: 'Platform building',
  transfer: 'Technology transfer',
  talent: 'Talent services',
  other: 'Other',
};

export const PROJECT_STATUS_LABEL: Same<typeof zh.PROJECT_STATUS_LABEL> = {
  proposed: 'Proposed',
  approved: 'Approved',
  in_progress: 'In progress',
  completed: 'Accepted on completion',
  terminated: 'Terminated',
};

export const OUTCOME_KIND_LABEL: Same<typeof zh.OUTCOME_KIND_LABEL> = {
  patents: 'Patents',
  new_products: 'New products',
  new_techniques: 'New techniques and processes',
  standards: 'Standards',
  revenue_wan: 'New output value (10k yuan)',
  jobs: 'Jobs created',
};

export const CATEGORY_LABEL: Same<typeof zh.CATEGORY_LABEL> = {
  direct_support: 'Supported directly by the bureau',
  joint_promotion: 'Pushed forward jointly',
  joint_pursuit: 'Sought jointly from above',
};

export const CATEGORY_SECTION_LABEL: Same<typeof zh.CATEGORY_SECTION_LABEL> = {
  direct_support: 'Items supported directly by the bureau',
  joint_promotion: 'Items pushed forward jointly',
  joint_pursuit: 'Items sought jointly from above',
};

export const ITEM_STATUS_LABEL: Same<typeof zh.ITEM_STATUS_LABEL> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  delayed: 'Behind schedule',
  cancelled: 'Cancelled',
};

export const CONSULTATION_STATUS_LABEL: Same<typeof zh.CONSULTATION_STATUS_LABEL> = {
  draft: 'In preparation',
  negotiating: 'Negotiating',
  adopted: 'Adopted',
  implementing: 'Implementing',
  closed: 'Closed',
};

export const ROLE_LABEL: Same<typeof zh.ROLE_LABEL> = {
  host_coordinator: 'Bureau coordinator',
  partner_coordinator: 'County coordinator',
  unit_reporter: 'Unit reporter',
  leader: 'Leader',
  viewer: 'Viewer',
  sys_admin: 'System administrator',
  sec_admin: 'Security administrator',
  audit_admin: 'Audit administrator',
};

export const ORG_KIND_LABEL: Same<typeof zh.ORG_KIND_LABEL> = {
  province: 'Province',
  city: 'City (prefecture)',
  county: 'County (city, district)',
  government: "People's government",
  department: 'Department',
  other: 'Other',
};

export const AUDIT_ENTITY_TYPE_LABEL: Same<typeof zh.AUDIT_ENTITY_TYPE_LABEL> = {
  item: 'Item',
  consultation: 'Consultation',
  organisation: 'Organisation',
  user: 'User',
  dict_item: 'Dictionary entry',
  api_token: 'API token',
  need: 'Need',
  meeting: 'Meeting',
  change_request: 'Change request',
  report: 'Progress report',
  milestone: 'Milestone',
  supervision_notice: 'Supervision notice',
  completion_request: 'Close-out request',
  reminder: 'Reminder',
  item_comment: 'Item discussion',
  attachment: 'Attachment',
  ledger_import: 'Ledger import',
  project: 'Project',
  programme: 'Programme',
  notification: 'Notification',
  indicator_sheet: 'Indicator return',
  session: 'Session',
  job: 'Scheduled job',
  parameter: 'System parameter',
  indicator: 'Indicator',
  announcement: 'Announcement',
  saved_filter: 'Saved filter',
};

export const SIDE_LABEL: Same<typeof zh.SIDE_LABEL> = { host: 'Host (city bureau)', partner: 'Partner (county)' };

export const AUDIT_ACTION_LABEL: Same<typeof zh.AUDIT_ACTION_LABEL> = {
  'auth.login': 'Sign in',
  'auth.logout': 'Sign out',
  'auth.token_create': 'Create API token',
  'auth.token_revoke': 'Revoke API token',
  'org.create': 'Add organisation',
  'org.update': 'Edit organisation',
  'org.delete': 'Delete organisation',
  'user.create': 'Add user',
  'user.update': 'Edit user',
  'user.roles': 'Grant roles',
  'user.password_reset': 'Reset password',
  'user.unlock': 'Unlock account',
  'user.password_change': 'Change password',
  'user.two_factor_enable': 'Turn on two-factor login',
  'user.two_factor_disable': 'Turn off two-factor login',
  'user.two_factor_reset': 'Reset two-factor login',
  'user.recovery_codes': 'Regenerate recovery codes',
  'dict.create': 'Add dictionary entry',
  'dict.update': 'Edit dictionary entry',
  'consultation.create': 'Create consultation',
  'consultation.update': 'Edit consultation',
  'item.create': 'Add item',
  'item.update': 'Edit item',
  'item.delete': 'Delete item',
  'item.agreement': 'Confirm item',
  'item.link': 'Change parent item',
  'version.create': 'Save list version',
  'consultation.adoption_confirm': 'Confirm adoption',
  'consultation.adopt': 'Adopt list',
  'comment.create': 'Comment on item',
  'attachment.create': 'Upload attachment',
  'attachment.delete': 'Delete attachment',
  'project.create': 'Create project',
  'project.update': 'Edit project',
  'programme.create': 'Create programme',
  'programme.assign': 'Assign item to programme',
  'need.create': 'Submit need',
  'need.triage': 'Triage need',
  'need.convert': 'Convert need to item',
  'change_request.create': 'File change request',
  'change_request.decide': 'Decide change request',
  'change_request.withdraw': 'Withdraw change request',
  'meeting.create': 'Record meeting',
  'meeting.update': 'Edit meeting',
  'meeting.delete': 'Delete meeting',
  'ledger.upload': 'Upload ledger (preview)',
  'ledger.import': 'Import ledger',
  'notice.create': 'Draft supervision notice',
  'notice.update': 'Edit supervision notice',
  'notice.sign': 'Sign supervision notice',
  'notice.send_back': 'Send back supervision notice',
  'notice.respond': 'Answer supervision notice',
  'completion.request': 'Request close-out',
  'completion.approve': 'Close out',
  'completion.return': 'Return close-out request',
  'milestone.create': 'Add milestone',
  'milestone.update': 'Edit milestone',
  'milestone.delete': 'Delete milestone',
  'report.submit': 'Submit progress report',
  'report.revise': 'Resubmit revised progress report',
  'report.review': 'Review progress report',
  'report.contribute': 'Add cooperating unit progress',
  'consultation.supervision_settings': 'Change supervision settings',
  'consultation.publish': 'Publish consultation',
  'consultation.unpublish': 'Unpublish consultation',
  'reminder.create': 'Send reminder',
  'notification.read': 'Mark notification read',
  'org.webhooks_update': 'Change group robot settings',
  'org.webhook_test': 'Send group robot test message',
  'user.email_update': 'Change own e-mail',
  'indicator.sheet_save': 'Save indicator return',
  'indicator.sheet_submit': 'Submit indicator return',
  'indicator.sheet_review': 'Review indicator return',
  'indicator.sheet_import': 'Import indicator workbook',
  'indicator.catalogue_update': 'Change indicator catalogue or targets',
  'indicator.settings_update': 'Change indicator weights and thresholds',
  'session.terminate': 'Force sign-out',
  'job.run': 'Run job by hand',
  'job.pause': 'Pause job',
  'job.resume': 'Resume job',
  'parameter.update': 'Change system parameter',
  'announcement.create': 'Draft announcement',
  'announcement.update': 'Edit announcement',
  'announcement.delete': 'Delete announcement draft',
  'announcement.publish': 'Publish announcement',
  'announcement.withdraw': 'Withdraw announcement',
  'saved_filter.share': 'Share saved filter',
  'saved_filter.unshare': 'Stop sharing saved filter',
  'assessment.weights_update': 'Change assessment weights',
};

/** 1. Items supported directly by the bureau (10 items) */
export function sectionHeading(index: number, category: keyof typeof CATEGORY_SECTION_LABEL, count: number): string {
  return `${index + 1}. ${CATEGORY_SECTION_LABEL[category]} (${count} ${count === 1 ? 'item' : 'items'})`;
}

/** Amounts are kept in 万元 (10,000 yuan); English readers get yuan. */
export function formatWan(v: number | null): string {
  if (v === null) return '—';
  return `¥${Number((v * 10_000).toFixed(2)).toLocaleString('en-US')}`;
}

/** 2025-06-30 → 30 Jun 2025 */
export function formatDateCn(iso: string | null): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const SIDE_SHORT_LABEL: Same<typeof zh.SIDE_SHORT_LABEL> = { host: 'Bureau', partner: 'County' };

export const SIDE_CONFIRM_LABEL: Same<typeof zh.SIDE_CONFIRM_LABEL> = { host: 'Bureau confirmed', partner: 'County confirmed' };

export const VERSION_KIND_LABEL: Same<typeof zh.VERSION_KIND_LABEL> = { manual: 'Saved by hand', adopted: 'Adopted version' };

export const COMPARED_FIELD_LABEL: Same<typeof zh.COMPARED_FIELD_LABEL> = {
  title: 'Item',
  content: 'Content and targets',
  category: 'Category',
  domain: 'Domain',
  leadUnit: 'Lead unit',
  coUnits: 'Cooperating units',
  responsible: 'Responsible person',
  deadline: 'Deadline',
  ongoing: 'Ongoing',
  fundingWan: 'Funding (10k yuan)',
};

export const NEED_STATUS_LABEL: Same<typeof zh.NEED_STATUS_LABEL> = {
  submitted: 'Awaiting triage',
  accepted: 'Accepted',
  merged: 'Merged',
  declined: 'Declined',
  converted: 'Converted to item',
};

export const NEED_URGENCY_LABEL: Same<typeof zh.NEED_URGENCY_LABEL> = { normal: 'Normal', urgent: 'Urgent', critical: 'Critical' };

export const TRIAGE_DECISION_LABEL: Same<typeof zh.TRIAGE_DECISION_LABEL> = { accept: 'Accept', merge: 'Merge', decline: 'Decline' };

export const CHANGE_REQUEST_KIND_LABEL: Same<typeof zh.CHANGE_REQUEST_KIND_LABEL> = {
  modify: 'Change agreed content',
  extend: 'Extension',
  add: 'New item',
  cancel: 'Cancel item',
};

export const CHANGE_REQUEST_STATUS_LABEL: Same<typeof zh.CHANGE_REQUEST_STATUS_LABEL> = {
  pending: 'Awaiting decision',
  approved: 'Approved',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

export const CHANGE_FIELD_LABEL: Same<typeof zh.CHANGE_FIELD_LABEL> = { ...COMPARED_FIELD_LABEL, status: 'Status' };

export const HISTORY_FIELD_LABEL: Record<string, string> = {
  ...CHANGE_FIELD_LABEL,
  progress: 'Progress',
  sortOrder: 'No.',
  'host.agreed': 'Bureau confirmed',
  'host.note': "Bureau's note",
  'partner.agreed': 'County confirmed',
  'partner.note': "County's note",
  reason: 'Reason',
  note: 'Decision note',
  kind: 'Request type',
};

export const HISTORY_KIND_LABEL: Same<typeof zh.HISTORY_KIND_LABEL> = {
  item_created: 'Item added',
  item_updated: 'Item edited',
  item_deleted: 'Item deleted',
  programme_assigned: 'Assigned to programme',
  agreement_marked: 'Item confirmed',
  change_request_filed: 'Change request filed',
  change_request_approved: 'Change request approved',
  change_request_rejected: 'Change request rejected',
  change_request_withdrawn: 'Change request withdrawn',
  report_submitted: 'Progress report submitted',
  report_resubmitted: 'Revised progress report resubmitted',
  report_accepted: 'Progress report accepted',
  report_returned: 'Progress report returned',
  report_contributed: 'Cooperating unit added progress',
  reminder_sent: 'Reminder sent',
  notice_drafted: 'Supervision notice drafted',
  notice_revised: 'Supervision notice revised',
  notice_sent_back: 'Supervision notice sent back',
  notice_signed: 'Supervision notice signed',
  notice_answered: 'Supervision notice answered',
  completion_requested: 'Close-out requested',
  completion_approved: 'Closed out',
  completion_returned: 'Close-out request returned',
  other: 'Other action',
};

export const ITEM_WRITE_VIA_LABEL: Same<typeof zh.ITEM_WRITE_VIA_LABEL> = {
  change_request: 'by a change request',
  report: 'by an accepted progress report',
  completion: 'by close-out',
  ledger_import: 'by ledger import',
  need: 'from a need',
};

export const SIDE_PARTY_LABEL: Same<typeof zh.SIDE_PARTY_LABEL> = { host: 'Host', partner: 'Partner' };

export const NOTICE_STATUS_LABEL: Same<typeof zh.NOTICE_STATUS_LABEL> = {
  awaiting_signature: 'Awaiting signature',
  sent_back: 'Sent back',
  signed: 'Signed',
  answered: 'Answered',
};

export const COMPLETION_STATUS_LABEL: Same<typeof zh.COMPLETION_STATUS_LABEL> = { pending: 'Awaiting review', approved: 'Closed out', returned: 'Returned' };

export const LIGHT_LABEL: Same<typeof zh.LIGHT_LABEL> = { green: 'Green', yellow: 'Yellow', red: 'Red', none: 'No light' };

export const REPORT_CYCLE_LABEL: Same<typeof zh.REPORT_CYCLE_LABEL> = { monthly: 'Monthly', quarterly: 'Quarterly', half_yearly: 'Half-yearly' };

export const REPORT_SLOT_STATE_LABEL: Same<typeof zh.REPORT_SLOT_STATE_LABEL> = {
  upcoming: 'Not yet due',
  due: 'Due',
  submitted: 'Awaiting review',
  accepted: 'Accepted',
  returned: 'Returned',
  late: 'Submitted late',
  missing: 'Overdue, not submitted',
};

export const REPORT_STATUS_LABEL: Same<typeof zh.REPORT_STATUS_LABEL> = { submitted: 'Awaiting review', returned: 'Returned', accepted: 'Accepted' };

export const REMINDER_KIND_LABEL: Same<typeof zh.REMINDER_KIND_LABEL> = {
  report_due: 'Progress report due soon',
  report_overdue: 'Progress report overdue',
  deadline_due: 'Deadline approaching',
  deadline_overdue: 'Deadline passed',
  manual: 'Reminder by hand',
};

export const DELIVERY_CHANNEL_LABEL: Same<typeof zh.DELIVERY_CHANNEL_LABEL> = { email: 'E-mail', wecom: 'WeCom group robot', dingtalk: 'DingTalk group robot' };

export const DELIVERY_STATUS_LABEL: Same<typeof zh.DELIVERY_STATUS_LABEL> = { pending: 'Waiting', sending: 'Sending', sent: 'Sent', failed: 'Failed' };

export const EVENT_TYPE_LABEL: Same<typeof zh.EVENT_TYPE_LABEL> = {
  'item.light_changed': 'Item light changed',
  'milestone.changed': 'Milestone changed',
  'report.submitted': 'Progress report awaiting review',
  'report.returned': 'Progress report returned',
  'report.accepted': 'Progress report accepted',
  'contribution.added': 'A cooperating unit added progress',
  'reminder.sent': 'Reminder',
  'notice.drafted': 'Supervision notice awaiting signature',
  'notice.signed': 'Supervision notice signed',
  'notice.sent_back': 'Supervision notice sent back',
  'notice.answered': 'Supervision notice answered',
  'completion.requested': 'Close-out request awaiting review',
  'completion.approved': 'Item closed out',
  'completion.returned': 'Close-out request returned',
  'change_request.created': 'New change request',
  'change_request.decided': 'Change request decided',
  'need.submitted': 'New need',
  'consultation.adopted': 'Consultation list adopted',
};

export const TASK_KIND_LABEL: Same<typeof zh.TASK_KIND_LABEL> = {
  report_review: 'Progress report to review',
  completion_review: 'Close-out request to review',
  notice_sent_back: 'Supervision notice sent back for revision',
  notice_sign: 'Supervision notice to sign',
  need_triage: 'Need to triage',
  change_request_decide: 'Change request to decide',
  report_due: 'Progress report to submit',
  report_missing: 'Progress report overdue',
  report_revise: 'Returned progress report to revise',
  notice_answer: 'Supervision notice to answer',
};

export const ANNOUNCEMENT_KIND_LABEL: Same<typeof zh.ANNOUNCEMENT_KIND_LABEL> = { notice: 'Notice', bulletin: 'Bulletin' };
export const ANNOUNCEMENT_STATUS_LABEL: Same<typeof zh.ANNOUNCEMENT_STATUS_LABEL> = { draft: 'Draft', published: 'Published', withdrawn: 'Withdrawn' };

/** Tables kept beside their domains (indicators, jobs), in English here with the rest. */
export const SUBMISSION_STATUS_LABEL: Same<typeof ZH_SUBMISSION> = { draft: 'Draft', submitted: 'Awaiting review', accepted: 'Accepted', returned: 'Returned' };
export const TARGET_LEVEL_LABEL: Same<typeof ZH_TARGET> = { province: 'Provincial', city: 'City' };
export const FINALITY_LABEL: Same<typeof ZH_FINALITY> = { preliminary: 'Flash (preliminary)', final: 'Annual (final)' };
export const JOB_LABEL: typeof ZH_JOB = {
  daily_sweep: { name: 'Daily supervision sweep', what: "Recomputes every item's warning light and creates the reminders due today", schedule: 'daily' },
  dispatch: { name: 'Notification dispatch', what: "Turns new events into recipients' in-app notifications and pending deliveries", schedule: 'poll' },
  deliveries: { name: 'E-mail and group robot delivery', what: 'Sends pending e-mails and group robot messages, retrying failures at intervals', schedule: 'poll' },
  stale_uploads: { name: 'Unused upload clean-up', what: 'Deletes temporary files not attached to anything within a day of upload', schedule: 'poll' },
  audit_retention: { name: 'Log retention clean-up', what: 'Deletes audit rows past the retention period (re-anchoring the chain) and old job runs', schedule: 'daily' },
};
export const DOCUMENT_KIND_LABEL: Same<typeof ZH_DOCUMENT_KIND> = { notice: 'Supervision notice', minutes: 'Minutes', bulletin: 'Progress bulletin', summary: 'Annual summary' };
export const FILE_SOURCE_LABEL: Same<typeof ZH_FILE_SOURCE> = {
  meeting: 'Meeting photo',
  need: 'Need attachment',
  item_comment: 'Comment attachment',
  report: 'Progress evidence',
  completion: 'Close-out evidence',
};
/** The ledger's columns as the import preview names them (the file itself keeps its Chinese headers). */
export const FIELD_LABEL: Same<typeof ZH_LEDGER_FIELD> = {
  seq: 'No.',
  title: 'Item',
  content: 'Main content',
  category: 'Category',
  domain: 'Domain',
  leadUnit: 'Lead unit',
  coUnits: 'Cooperating units',
  deadline: 'Deadline',
  funding: 'Funding',
  progress: 'Progress',
  status: 'Completion',
  responsible: 'Responsible person',
};
export const SEARCH_KIND_LABEL: Same<typeof zh.SEARCH_KIND_LABEL> = {
  item: 'Item',
  need: 'Need',
  comment: 'Comment',
  report: 'Progress report',
  meeting: 'Meeting minutes',
  notice: 'Supervision notice',
  announcement: 'Announcement',
  project: 'Project',
};
