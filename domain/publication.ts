import { z } from 'zod';
import { INT_MAX, zId } from './common.js';
import { CONSULTATION_STATUSES } from './consultations.js';
import { CATEGORIES, ITEM_STATUSES } from './items.js';

/**
 * The public transparency page (公开): what the host chose to publish, read without signing in.
 * Every public shape below is an allow-list: a field not named here never leaves the server, so no
 * person, comment, report text, attachment or negotiation detail can slip out by being added to a row.
 */

export const PUBLIC_KEYWORDS_MAX = 8;
export const PUBLIC_KEYWORD_LENGTH_MAX = 20;
/** How many recent updates a public page lists. */
export const PUBLIC_UPDATES_MAX = 30;

const zKeyword = z
  .string()
  .trim()
  .min(1)
  .max(PUBLIC_KEYWORD_LENGTH_MAX)
  .regex(/^[^<>"'&\\/]+$/, '关键词不能包含特殊符号');

/** The host's switch: publish (with keywords) or take down, carrying the version it edits. */
export const zPublicationUpdate = z.strictObject({
  published: z.boolean(),
  keywords: z
    .array(zKeyword)
    .max(PUBLIC_KEYWORDS_MAX)
    .refine((k) => new Set(k).size === k.length, '关键词不能重复'),
  /** 0 for a consultation never published. */
  version: z.number().int().min(0).max(INT_MAX),
});
export type PublicationUpdate = z.infer<typeof zPublicationUpdate>;

/** The publication state as the consultation page shows it to a signed-in user. */
export const zPublication = z.object({
  consultationId: z.number(),
  published: z.boolean(),
  publishedAt: z.string().nullable(),
  keywords: z.array(z.string()),
  version: z.number(),
  /** Whether this caller may switch it. */
  canPublish: z.boolean(),
  /** Why publishing is not possible now (list not adopted), or null. */
  refusal: z.string().nullable(),
  /** How many items the public page would list. */
  itemCount: z.number(),
});
export type Publication = z.infer<typeof zPublication>;

/** A published consultation may only be one whose list was adopted: drafts and negotiations stay internal. */
export function publicationRefusal(status: (typeof CONSULTATION_STATUSES)[number]): string | null {
  return status === 'draft' || status === 'negotiating' ? '清单议定后才能公开' : null;
}

const zCountMap = <T extends readonly [string, ...string[]]>(keys: T) => z.object(Object.fromEntries(keys.map((k) => [k, z.number()])) as Record<T[number], z.ZodNumber>);

export const zPublicProgress = z.object({
  total: z.number(),
  completed: z.number(),
  /** Completed items out of those not cancelled, in whole percent. */
  completionRate: z.number(),
  byStatus: zCountMap(ITEM_STATUSES),
});
export type PublicProgress = z.infer<typeof zPublicProgress>;

export const zPublicConsultationSummary = z.object({
  id: z.number(),
  title: z.string(),
  year: z.number(),
  theme: z.string(),
  status: z.enum(CONSULTATION_STATUSES),
  hostOrg: z.string(),
  partnerOrgs: z.array(z.string()),
  adoptedOn: z.string().nullable(),
  publishedAt: z.string(),
  keywords: z.array(z.string()),
  progress: zPublicProgress,
});
export type PublicConsultationSummary = z.infer<typeof zPublicConsultationSummary>;

export const zPublicItem = z.object({
  id: z.number(),
  category: z.enum(CATEGORIES),
  title: z.string(),
  content: z.string(),
  domain: z.string(),
  leadUnit: z.string().nullable(),
  deadline: z.string().nullable(),
  ongoing: z.boolean(),
  status: z.enum(ITEM_STATUSES),
  progress: z.number(),
  closedOn: z.string().nullable(),
  /** The approved close-out summary (办结情况) of a completed item. */
  outcome: z.string().nullable(),
});
export type PublicItem = z.infer<typeof zPublicItem>;

export const PUBLIC_UPDATE_KINDS = ['completed', 'progress', 'published'] as const;

/** One short news line: an item closed, a progress report accepted (its percent, never its text), a list published. */
export const zPublicUpdate = z.object({
  kind: z.enum(PUBLIC_UPDATE_KINDS),
  /** The day it happened, YYYY-MM-DD. */
  on: z.string(),
  consultationId: z.number(),
  consultationTitle: z.string(),
  itemId: z.number().nullable(),
  itemTitle: z.string().nullable(),
  category: z.enum(CATEGORIES).nullable(),
  percent: z.number().nullable(),
});
export type PublicUpdate = z.infer<typeof zPublicUpdate>;

export const zPublicCategoryProgress = zPublicProgress.extend({ category: z.enum(CATEGORIES) });

export const zPublicConsultation = zPublicConsultationSummary.extend({
  byCategory: z.array(zPublicCategoryProgress),
  /** Domain codes of the items with their dictionary labels, for the page's headings. */
  domains: z.array(z.object({ value: z.string(), label: z.string(), count: z.number() })),
  items: z.array(zPublicItem),
  updates: z.array(zPublicUpdate),
});
export type PublicConsultation = z.infer<typeof zPublicConsultation>;

export const zPublicListQuery = z.strictObject({
  keyword: zKeyword.optional(),
});

export const zPublicUpdatesQuery = z.strictObject({
  consultationId: zId.optional(),
});

export const zPublicHome = z.object({
  consultations: z.array(zPublicConsultationSummary),
  /** Every keyword in use, for the keyword cloud. */
  keywords: z.array(z.string()),
});
export type PublicHome = z.infer<typeof zPublicHome>;

export const zPublicUpdates = z.object({ data: z.array(zPublicUpdate) });
