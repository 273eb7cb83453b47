import { z } from 'zod';
import { zAttachment } from './attachments.js';
import { zRefId } from './common.js';
import { REPORT_SLOT_STATES, zPeriodCode } from './periods.js';

/** Progress reports (进展报告): one per item and period, reviewed by the host; every round kept. */
export const REPORT_LIMITS = {
  progressHtmlMax: 100_000,
  problemsMax: 4000,
  nextStepsMax: 4000,
  contributionMax: 4000,
  reviewNoteMax: 2000,
  evidenceMax: 20,
} as const;

export const REPORT_STATUSES = ['submitted', 'returned', 'accepted'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

const body = {
  /** Rich text; the server keeps a small safe set of tags and returns what it kept. */
  progressHtml: z.string().max(REPORT_LIMITS.progressHtmlMax),
  percent: z.number().int().min(0, '完成百分比应在 0 到 100 之间').max(100, '完成百分比应在 0 到 100 之间'),
  problems: z.string().trim().max(REPORT_LIMITS.problemsMax).default(''),
  nextSteps: z.string().trim().max(REPORT_LIMITS.nextStepsMax).default(''),
  /** Files the writer uploaded with the form (pending, their own); they join the report as it is saved. */
  evidenceIds: z
    .array(zRefId)
    .max(REPORT_LIMITS.evidenceMax, `每份报告最多 ${REPORT_LIMITS.evidenceMax} 个佐证材料`)
    .refine((ids) => new Set(ids).size === ids.length, '同一个佐证材料不能重复添加')
    .default([]),
};

export const zReportCreate = z.strictObject({ period: zPeriodCode, ...body });
export type ReportCreate = z.infer<typeof zReportCreate>;

export const zReportRevise = z.strictObject({ ...body, version: zRefId });
export type ReportRevise = z.infer<typeof zReportRevise>;

export const zReportReview = z.strictObject({
  accept: z.boolean(),
  note: z.string().trim().max(REPORT_LIMITS.reviewNoteMax).default(''),
  /** The version reviewed; optional, a stale one gets 409. */
  version: zRefId.optional(),
});
export type ReportReview = z.infer<typeof zReportReview>;

export const zContributionInput = z.strictObject({ text: z.string().trim().min(1).max(REPORT_LIMITS.contributionMax) });

export const zReportRound = z.object({
  round: z.number(),
  progressHtml: z.string(),
  percent: z.number(),
  problems: z.string(),
  nextSteps: z.string(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  decision: z.enum(['accepted', 'returned']).nullable(),
  decisionNote: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});

export const zContribution = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  authorName: z.string(),
  text: z.string(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const zReport = z.object({
  id: z.number(),
  itemId: z.number(),
  period: z.string(),
  status: z.enum(REPORT_STATUSES),
  round: z.number(),
  progressHtml: z.string(),
  percent: z.number(),
  problems: z.string(),
  nextSteps: z.string(),
  author: z.object({ id: z.number(), name: z.string() }),
  authorOrg: z.object({ id: z.number(), name: z.string() }),
  submittedAt: z.string(),
  firstSubmittedAt: z.string(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  version: z.number(),
  rounds: z.array(zReportRound),
  contributions: z.array(zContribution),
  evidence: z.array(zAttachment),
});
export type Report = z.infer<typeof zReport>;

export const zReportSlot = z.object({
  period: z.string(),
  start: z.string(),
  end: z.string(),
  dueOn: z.string(),
  state: z.enum(REPORT_SLOT_STATES),
  reportId: z.number().nullable(),
});
export type ReportSlot = z.infer<typeof zReportSlot>;

/** What the item's report panel needs in one answer: the slots, the reports, and what the caller may do. */
export const zItemReports = z.object({
  slots: z.array(zReportSlot),
  data: z.array(zReport),
  nextCursor: z.null(),
  can: z.object({ write: z.boolean(), contribute: z.boolean(), review: z.boolean() }),
});
