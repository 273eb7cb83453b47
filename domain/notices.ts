/**
 * Supervision notices (督办单) and close-out requests (办结申请): schemas shared by server and web,
 * and the document number rule (广科督〔2025〕3号).
 */
import { z } from 'zod';
import { zAttachment } from './attachments.js';
import { zDate, zId, zOrgRef, zRefId, zPageQuery } from './common.js';

export const NOTICE_STATUSES = ['awaiting_signature', 'sent_back', 'signed', 'answered'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
/** Notices that still ask something of someone: the leader, the drafter, or the lead unit. */
export const OPEN_NOTICE_STATUSES = ['awaiting_signature', 'sent_back', 'signed'] as const satisfies readonly NoticeStatus[];

export const COMPLETION_STATUSES = ['pending', 'approved', 'returned'] as const;
export type CompletionStatus = (typeof COMPLETION_STATUSES)[number];

export const NOTICE_LIMITS = { textMax: 2000, responseMax: 4000, noteMax: 500 } as const;
export const COMPLETION_LIMITS = { summaryMax: 2000, noteMax: 500, evidenceMax: 10 } as const;

const text = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不能超过 ${max} 个字`);

export const zNoticeCreate = z.strictObject({
  reason: text(NOTICE_LIMITS.textMax),
  requirements: text(NOTICE_LIMITS.textMax),
  responseDue: zDate,
});
export type NoticeCreate = z.infer<typeof zNoticeCreate>;

/** The drafter edits a sent-back (or not yet signed) notice; saving puts it before the leader again. */
export const zNoticeUpdate = z.strictObject({
  reason: text(NOTICE_LIMITS.textMax).optional(),
  requirements: text(NOTICE_LIMITS.textMax).optional(),
  responseDue: zDate.optional(),
  version: zRefId,
});
export type NoticeUpdate = z.infer<typeof zNoticeUpdate>;

/** Sending back needs a reason; the service says so with REASON_REQUIRED. */
export const zNoticeSignature = z.strictObject({ approve: z.boolean(), note: z.string().trim().max(NOTICE_LIMITS.noteMax).default('') });
export type NoticeSignature = z.infer<typeof zNoticeSignature>;

export const zNoticeResponse = z.strictObject({ text: text(NOTICE_LIMITS.responseMax) });
export type NoticeResponse = z.infer<typeof zNoticeResponse>;

export const zNoticeListQuery = z.strictObject({
  consultationId: zId.optional(),
  status: z.enum(NOTICE_STATUSES).optional(),
  /** Only signed notices whose response deadline has passed without an answer. */
  overdue: z.enum(['true', 'false']).optional(),
  ...zPageQuery,
});
export type NoticeListQuery = z.infer<typeof zNoticeListQuery>;

const zUserRef = z.object({ id: z.number(), displayName: z.string() });

export const zNotice = z.object({
  id: z.number(),
  itemId: z.number(),
  itemTitle: z.string(),
  consultationId: z.number(),
  hostOrg: zOrgRef,
  leadUnit: zOrgRef.nullable(),
  status: z.enum(NOTICE_STATUSES),
  /** 广科督〔2025〕3号 once signed; null before. */
  number: z.string().nullable(),
  year: z.number().nullable(),
  seq: z.number().nullable(),
  reason: z.string(),
  requirements: z.string(),
  responseDue: z.string(),
  draftedBy: zUserRef,
  signedBy: zUserRef.nullable(),
  signedAt: z.string().nullable(),
  signatureNote: z.string().nullable(),
  responseText: z.string().nullable(),
  respondedBy: zUserRef.nullable(),
  respondedAt: z.string().nullable(),
  /** Signed, not answered, and the response deadline has passed. */
  overdue: z.boolean(),
  /** Answered after the response deadline. */
  answeredLate: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Notice = z.infer<typeof zNotice>;

/**
 * An item's notices, and what the caller may do in the item's supervision (督办单 and 办结): decided
 * by the server's policies. The item's and the consultation's state may still rule an action out.
 */
export const zItemNotices = z.object({
  data: z.array(zNotice),
  nextCursor: z.null(),
  can: z.object({
    /** Draft a notice, and correct and resubmit one sent back (the host's coordinator). */
    draftNotice: z.boolean(),
    /** Sign or send back a notice (a leader of the host or the organisation above it). */
    signNotice: z.boolean(),
    /** Answer a signed notice, as the item's lead unit (its reporters and leaders, in it or below it). */
    respondNotice: z.boolean(),
    /** Ask to close the item (the lead unit's reporters, the partner's coordinator). */
    requestCompletion: z.boolean(),
    /** Approve (销号) or return a completion request (the host's coordinator). */
    reviewCompletion: z.boolean(),
  }),
});
export type ItemNotices = z.infer<typeof zItemNotices>;

export const zCompletionCreate = z.strictObject({
  summary: text(COMPLETION_LIMITS.summaryMax),
});

export const zCompletionReview = z.strictObject({ approve: z.boolean(), note: z.string().trim().max(COMPLETION_LIMITS.noteMax).default('') });
export type CompletionReview = z.infer<typeof zCompletionReview>;

export const zCompletionRequest = z.object({
  id: z.number(),
  itemId: z.number(),
  status: z.enum(COMPLETION_STATUSES),
  summary: z.string(),
  requestedBy: zUserRef,
  requestedAt: z.string(),
  reviewedBy: zUserRef.nullable(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  evidence: z.array(zAttachment),
  version: z.number(),
});
export type CompletionRequest = z.infer<typeof zCompletionRequest>;

/**
 * The 发文机关代字 of a host organisation: the first character of its place and the key character of
 * the agency (广元市科学技术局 → 广科), then 督 for a supervision notice.
 */
export function noticePrefix(orgName: string): string {
  const m = /^(.)[^市县区州省]*[市县区州省](.+)$/u.exec(orgName);
  if (!m) return `${orgName.slice(0, 2)}督`;
  const agency = m[2]!;
  const key = agency.startsWith('人民政府') ? '府' : agency.startsWith('科学技术') || agency.startsWith('科技') ? '科' : agency.slice(0, 1);
  return `${m[1]}${key}督`;
}

/** The notice number as it is printed: 广科督〔2025〕3号. */
export function formatNoticeNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}〔${year}〕${seq}号`;
}

/** A notice's number from its host's name, or null before it is signed: the API and the Word documents print this. */
export function noticeNumber(hostName: string, year: number | null, seq: number | null): string | null {
  return year !== null && seq !== null ? formatNoticeNumber(noticePrefix(hostName), year, seq) : null;
}
