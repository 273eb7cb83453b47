/** Official Word documents (公文): what their download endpoints take, and how they are named. */
import { z } from 'zod';
import { zPeriodCode } from './periods.js';

export const DOCUMENT_YEAR_MIN = 2000;
export const DOCUMENT_YEAR_MAX = 2100;

export const zBulletinQuery = z.strictObject({ period: zPeriodCode });
export type BulletinQuery = z.infer<typeof zBulletinQuery>;

export const zSummaryQuery = z.strictObject({
  year: z.coerce.number().int('年度应为四位数字').min(DOCUMENT_YEAR_MIN, `年度不早于 ${DOCUMENT_YEAR_MIN}`).max(DOCUMENT_YEAR_MAX, `年度不晚于 ${DOCUMENT_YEAR_MAX}`),
});
export type SummaryQuery = z.infer<typeof zSummaryQuery>;

export const DOCUMENT_KIND_LABEL = {
  notice: '督办单',
  minutes: '会议纪要',
  bulletin: '进展通报',
  summary: '年度总结',
} as const;
