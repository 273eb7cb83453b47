/**
 * An item's history (历史记录): everything that happened to it, from every record that keeps it —
 * its own edits and agreement marks, change requests, progress reports and their reviews,
 * reminders, supervision notices and close-out requests.
 */
import { z } from 'zod';
import { CHANGE_REQUEST_KINDS } from './change-requests.js';
import { AUDIT_ACTION_LABEL, CHANGE_REQUEST_KIND_LABEL, HISTORY_KIND_LABEL, ITEM_WRITE_VIA_LABEL, REMINDER_KIND_LABEL, SIDE_PARTY_LABEL } from './labels.js';
import type { AuditAction } from './audit.js';
import { SIDES } from './negotiation.js';
import { REMINDER_KINDS } from './notifications.js';
import { periodLabel } from './periods.js';

export const HISTORY_KINDS = [
  'item_created',
  'item_updated',
  'item_deleted',
  'programme_assigned',
  'agreement_marked',
  'change_request_filed',
  'change_request_approved',
  'change_request_rejected',
  'change_request_withdrawn',
  'report_submitted',
  'report_resubmitted',
  'report_accepted',
  'report_returned',
  'report_contributed',
  'reminder_sent',
  'notice_drafted',
  'notice_revised',
  'notice_sent_back',
  'notice_signed',
  'notice_answered',
  'completion_requested',
  'completion_approved',
  'completion_returned',
  'other',
] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** What, besides an ordinary edit, writes an item's fields: the history says so. */
export const ITEM_WRITE_VIAS = ['change_request', 'report', 'completion', 'ledger_import', 'need'] as const;
export type ItemWriteVia = (typeof ITEM_WRITE_VIAS)[number];

/** The facts an entry's one line is made of; each kind fills the ones it has. */
export const zHistoryDetail = z.object({
  /** Report entries: the period reported on (2026Q3). */
  period: z.string().nullable().optional(),
  /** Report submissions: the percent reported. */
  percent: z.number().optional(),
  /** Returns, send-backs, decisions, agreement marks and manual reminders: what the person wrote. */
  note: z.string().optional(),
  /** Notice entries: its number (广科督〔2026〕2号) once signed. */
  number: z.string().nullable().optional(),
  /** Notice answers: given after the response deadline. */
  late: z.boolean().optional(),
  /** Agreement marks: whose mark, and which way; `agreed` is absent when only the note changed. */
  side: z.enum(SIDES).optional(),
  agreed: z.boolean().optional(),
  reminderKind: z.enum(REMINDER_KINDS).optional(),
  /** Item writes made by another record: an approved change request, an accepted report, a close-out. */
  via: z.enum(ITEM_WRITE_VIAS).optional(),
});
export type HistoryDetail = z.infer<typeof zHistoryDetail>;

export const zHistoryEntry = z.object({
  /** Unique across the records the history is gathered from (`audit:12`, `reminder:5`). */
  key: z.string(),
  /** The row's id in its own record. */
  id: z.number(),
  kind: z.enum(HISTORY_KINDS),
  at: z.string(),
  /** The audit action, or `reminder.sent` for a reminder (automatic ones have no audit row). */
  action: z.string(),
  /** Who did it; null for what the system did by itself (automatic reminders). */
  by: z.string().nullable(),
  /** Field by field, for item writes and change requests. */
  changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
  /** For change-request entries: which request. */
  changeRequest: z.object({ id: z.number(), kind: z.enum(CHANGE_REQUEST_KINDS) }).nullable(),
  detail: zHistoryDetail,
});
export type HistoryEntry = z.infer<typeof zHistoryEntry>;
export const zHistoryList = z.object({ data: z.array(zHistoryEntry), nextCursor: z.string().nullable() });

const inPeriod = (d: HistoryDetail) => (d.period ? `（${periodLabel(d.period)}）` : '');
const because = (d: HistoryDetail) => (d.note ? `，原因：${d.note}` : '');
const withNote = (d: HistoryDetail) => (d.note ? `：${d.note}` : '');
const withNumber = (d: HistoryDetail) => (d.number ? ` ${d.number}` : '');
const percent = (d: HistoryDetail) => (d.percent !== undefined ? `，进度 ${d.percent}%` : '');

/** The entry as one line of Chinese: 提交进展报告（2026年第三季度），进度 45%. */
export function historySummary(e: Pick<HistoryEntry, 'kind' | 'action' | 'detail' | 'changeRequest'>): string {
  const d = e.detail;
  const label = HISTORY_KIND_LABEL[e.kind];
  switch (e.kind) {
    case 'item_created':
    case 'item_updated':
      return d.via ? `${label}（${ITEM_WRITE_VIA_LABEL[d.via]}）` : label;
    case 'agreement_marked': {
      if (!d.side) return label;
      const mark = d.agreed === true ? '确认' : d.agreed === false ? '暂不确认' : '修改确认意见';
      return `${SIDE_PARTY_LABEL[d.side]}${mark}${withNote(d)}`;
    }
    case 'change_request_filed':
    case 'change_request_approved':
    case 'change_request_withdrawn':
      return e.changeRequest ? `${label}（${CHANGE_REQUEST_KIND_LABEL[e.changeRequest.kind]}）` : label;
    case 'change_request_rejected':
      return `${e.changeRequest ? `${label}（${CHANGE_REQUEST_KIND_LABEL[e.changeRequest.kind]}）` : label}${because(d)}`;
    case 'report_submitted':
    case 'report_resubmitted':
      return `${label}${inPeriod(d)}${percent(d)}`;
    case 'report_accepted':
    case 'report_contributed':
      return `${label}${inPeriod(d)}`;
    case 'report_returned':
      return `${label}${inPeriod(d)}${because(d)}`;
    case 'reminder_sent':
      if (!d.reminderKind || d.reminderKind === 'manual') return `${label}${withNote(d)}`;
      return `系统自动提醒：${REMINDER_KIND_LABEL[d.reminderKind]}${inPeriod(d)}`;
    case 'notice_signed':
      return `${label}${withNumber(d)}`;
    case 'notice_answered':
      return `${label}${withNumber(d)}${d.late ? '（逾期反馈）' : ''}`;
    case 'notice_sent_back':
    case 'completion_returned':
      return `${label}${because(d)}`;
    case 'other':
      return AUDIT_ACTION_LABEL[e.action as AuditAction] ?? label;
    default:
      return label;
  }
}
