/** Official Word documents (公文): what their download endpoints take, and how they are named. */
import { z } from 'zod';
import { zAttachment } from './attachments.js';
import { zPageQuery, decimal } from './common.js';
import { zPeriodCode } from './periods.js';

export const DOCUMENT_YEAR_MIN = 2000;
export const DOCUMENT_YEAR_MAX = 2100;

export const zBulletinQuery = z.strictObject({ period: zPeriodCode });
export type BulletinQuery = z.infer<typeof zBulletinQuery>;

export const zSummaryQuery = z.strictObject({
  year: decimal(z.number().int('年度应为四位数字').min(DOCUMENT_YEAR_MIN, `年度不早于 ${DOCUMENT_YEAR_MIN}`).max(DOCUMENT_YEAR_MAX, `年度不晚于 ${DOCUMENT_YEAR_MAX}`)),
});
export type SummaryQuery = z.infer<typeof zSummaryQuery>;

export const DOCUMENT_KIND_LABEL = {
  notice: '督办单',
  minutes: '会议纪要',
  bulletin: '进展通报',
  summary: '年度总结',
} as const;

/** What an uploaded file of a consultation belongs to. */
export const FILE_SOURCES = ['meeting', 'need', 'item_comment', 'report', 'completion'] as const;
export type FileSource = (typeof FILE_SOURCES)[number];

export const FILE_SOURCE_LABEL: Record<FileSource, string> = {
  meeting: '会议照片',
  need: '需求附件',
  item_comment: '协商意见附件',
  report: '进展佐证材料',
  completion: '销号佐证材料',
};

const zRef = z.object({ id: z.number(), title: z.string() });

/** An uploaded file of a consultation, with what it belongs to, for the 文档 tab. */
export const zConsultationFile = zAttachment.extend({
  source: z.enum(FILE_SOURCES),
  item: zRef.nullable(),
  need: zRef.nullable(),
  meeting: z.object({ id: z.number(), heldOn: z.string(), venue: z.string() }).nullable(),
  /** The report's period (2025Q3, 2025-07) for report evidence. */
  period: z.string().nullable(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});
export type ConsultationFile = z.infer<typeof zConsultationFile>;

export const zConsultationFilesQuery = z.strictObject({ ...zPageQuery });
