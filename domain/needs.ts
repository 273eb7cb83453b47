import { z } from 'zod';
import { LIMITS, zPageQuery, zRefId } from './common.js';
import { zAttachment } from './attachments.js';
import { CATEGORIES } from './items.js';

/** How pressing the county says a need is. */
export const NEED_URGENCIES = ['normal', 'urgent', 'critical'] as const;
export type NeedUrgency = (typeof NEED_URGENCIES)[number];

/**
 * A need arrives `submitted`; the host accepts, merges it into another need, or declines it with a
 * reason; an accepted (or still submitted) need converted into a draft item becomes `converted`.
 */
export const NEED_STATUSES = ['submitted', 'accepted', 'merged', 'declined', 'converted'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

export const TRIAGE_DECISIONS = ['accept', 'merge', 'decline'] as const;
export type TriageDecision = (typeof TRIAGE_DECISIONS)[number];

/** Triage happens once, on a need still waiting for it. */
export function canTriage(status: NeedStatus): boolean {
  return status === 'submitted';
}

/** Only a need the host has not set aside can become an item, and only once. */
export function canConvert(status: NeedStatus): boolean {
  return status === 'submitted' || status === 'accepted';
}

/** A need can be merged only into one that still stands. */
export function canBeMergeTarget(status: NeedStatus): boolean {
  return status === 'submitted' || status === 'accepted' || status === 'converted';
}

export const NEED_REASON_MAX = 1000;

export const zNeedCreate = z.strictObject({
  title: z.string().trim().min(1).max(LIMITS.titleMax),
  description: z.string().trim().max(LIMITS.contentMax).default(''),
  domain: z.string().trim().min(1).max(50),
  urgency: z.enum(NEED_URGENCIES).default('normal'),
  suggestedCategory: z.enum(CATEGORIES).nullable().default(null),
});
export type NeedCreate = z.infer<typeof zNeedCreate>;
export type NeedCreateInput = z.input<typeof zNeedCreate>;

export const zNeedTriage = z
  .strictObject({
    decision: z.enum(TRIAGE_DECISIONS),
    reason: z.string().trim().max(NEED_REASON_MAX).optional(),
    mergeIntoId: zRefId.optional(),
    /** The version being triaged; a stale one gets 409. */
    version: zRefId.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'decline' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '不予采纳须说明理由' });
    if (v.decision === 'merge' && v.mergeIntoId === undefined) ctx.addIssue({ code: 'custom', path: ['mergeIntoId'], message: '请选择合并到的需求' });
    if (v.decision !== 'merge' && v.mergeIntoId !== undefined) ctx.addIssue({ code: 'custom', path: ['mergeIntoId'], message: '只有合并时才指定目标需求' });
  });
export type NeedTriage = z.infer<typeof zNeedTriage>;

export const zNeedConvert = z
  .strictObject({
    /** The item's category; defaults to the need's suggested category. */
    category: z.enum(CATEGORIES).optional(),
    version: zRefId.optional(),
  })
  // A bare POST converts with the suggested category.
  .default({});
export type NeedConvert = z.infer<typeof zNeedConvert>;

export const zNeedListQuery = z.strictObject({
  status: z.enum(NEED_STATUSES).optional(),
  urgency: z.enum(NEED_URGENCIES).optional(),
  ...zPageQuery,
});
export type NeedListQuery = z.infer<typeof zNeedListQuery>;

export const zNeed = z.object({
  id: z.number(),
  consultationId: z.number(),
  title: z.string(),
  description: z.string(),
  domain: z.string(),
  urgency: z.enum(NEED_URGENCIES),
  suggestedCategory: z.enum(CATEGORIES).nullable(),
  status: z.enum(NEED_STATUSES),
  triageReason: z.string().nullable(),
  mergedInto: z.object({ id: z.number(), title: z.string() }).nullable(),
  item: z.object({ id: z.number(), title: z.string() }).nullable(),
  submitter: z.object({ id: z.number(), displayName: z.string(), orgName: z.string() }),
  triagedBy: z.object({ id: z.number(), displayName: z.string() }).nullable(),
  triagedAt: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  attachments: z.array(zAttachment),
});
export type Need = z.infer<typeof zNeed>;

/** GET /items/:id/need: the need an item was converted from, if any. */
export const zItemSourceNeed = z.object({ need: zNeed.nullable() });
export type ItemSourceNeed = z.infer<typeof zItemSourceNeed>;
