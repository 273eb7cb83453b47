import { z } from 'zod';
import { LIMITS, zDate, zId, zPageQuery, zRefId } from './common.js';
import { zAgreement } from './agreement.js';
import { zLightReason } from './lights.js';
import { LIGHTS } from './supervision.js';

export const CATEGORIES = ['direct_support', 'joint_promotion', 'joint_pursuit'] as const;
export type Category = (typeof CATEGORIES)[number];

export const ITEM_STATUSES = ['not_started', 'in_progress', 'completed', 'delayed', 'cancelled'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** A closed item (办结 or 取消) owes no more reports, lights no lamp and misses no deadline. */
export const CLOSED_ITEM_STATUSES = ['completed', 'cancelled'] as const satisfies readonly ItemStatus[];
export function isItemClosed(status: string): boolean {
  return (CLOSED_ITEM_STATUSES as readonly string[]).includes(status);
}

/**
 * Overdue (逾期): past the deadline and not closed; an ongoing (长期) item has no deadline to miss.
 * The SQL form every list filters and counts by (items.filters.ts) says the same thing.
 */
export function isOverdue(item: { deadline: string | null; ongoing: boolean; status: string }, today: string): boolean {
  return !item.ongoing && item.deadline !== null && item.deadline < today && !isItemClosed(item.status);
}

/** The domains seeded into the editable dictionary; admins may add more. */
export const DEFAULT_DOMAINS = ['高新技术', '农业农村', '创新人才', '成果转化', '平台建设', '科技金融', '社会发展', '科学普及', '综合'] as const;

/** Funding travels in 万元 with at most four decimals (one 元); stored as whole 元. */
export function wanToYuan(wan: number): number {
  return Math.round(wan * 10_000);
}
export function yuanToWan(yuan: number): number {
  return yuan / 10_000;
}
const zFundingWan = z
  .number()
  .min(0)
  .max(LIMITS.fundingWanMax)
  .refine((v) => Math.abs(v * 10_000 - Math.round(v * 10_000)) < 1e-6, '资金最多精确到 0.0001 万元（1 元）');

const unitRef = {
  /** Lead unit by organisation id, or by name (matched to an organisation). */
  leadUnitId: zRefId.nullable().optional(),
  leadUnit: z.string().trim().min(1).max(LIMITS.nameMax).nullable().optional(),
  coUnitIds: z.array(zRefId).max(LIMITS.coUnitsMax).optional(),
  coUnits: z.array(z.string().trim().min(1).max(LIMITS.nameMax)).max(LIMITS.coUnitsMax).optional(),
};

const itemFields = {
  title: z.string().trim().min(1).max(LIMITS.titleMax),
  content: z.string().trim().max(LIMITS.contentMax),
  category: z.enum(CATEGORIES),
  domain: z.string().trim().min(1).max(50),
  responsible: z.string().trim().max(LIMITS.shortTextMax),
  deadline: zDate.nullable(),
  ongoing: z.boolean(),
  fundingWan: zFundingWan.nullable(),
  status: z.enum(ITEM_STATUSES),
  progress: z.number().int().min(0).max(100),
  sortOrder: z.number().int().min(0).max(1_000_000),
};

/** Form-level shape shared by the web form and the server: what a person fills in. */
export const zItemForm = z.strictObject({
  ...itemFields,
  leadUnitId: zRefId.nullable(),
  coUnitIds: z.array(zRefId).max(LIMITS.coUnitsMax),
});
export type ItemForm = z.infer<typeof zItemForm>;

function deadlineRule<T extends { deadline?: string | null; ongoing?: boolean }>(v: T, ctx: z.RefinementCtx) {
  if (v.ongoing && v.deadline) {
    ctx.addIssue({ code: 'custom', path: ['deadline'], message: '长期推进的事项不设完成时限' });
  }
}

export const zItemCreate = z
  .strictObject({
    ...itemFields,
    content: itemFields.content.default(''),
    responsible: itemFields.responsible.default(''),
    deadline: itemFields.deadline.default(null),
    ongoing: itemFields.ongoing.default(false),
    fundingWan: itemFields.fundingWan.default(null),
    status: itemFields.status.default('not_started'),
    progress: itemFields.progress.default(0),
    sortOrder: itemFields.sortOrder.optional(),
    ...unitRef,
  })
  .superRefine(deadlineRule);
export type ItemCreate = z.infer<typeof zItemCreate>;

export const zItemPatch = z
  .strictObject({
    title: itemFields.title.optional(),
    content: itemFields.content.optional(),
    category: itemFields.category.optional(),
    domain: itemFields.domain.optional(),
    responsible: itemFields.responsible.optional(),
    deadline: itemFields.deadline.optional(),
    ongoing: itemFields.ongoing.optional(),
    fundingWan: itemFields.fundingWan.optional(),
    status: itemFields.status.optional(),
    progress: itemFields.progress.optional(),
    sortOrder: itemFields.sortOrder.optional(),
    ...unitRef,
    /** The version being edited; may also come as If-Match. */
    version: zRefId.optional(),
  })
  .superRefine(deadlineRule);
export type ItemPatch = z.infer<typeof zItemPatch>;

export const zItemListQuery = z.strictObject({
  category: z.enum(CATEGORIES).optional(),
  domain: z.string().trim().min(1).max(50).optional(),
  status: z.enum(ITEM_STATUSES).optional(),
  leadUnitId: zId.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  light: z.enum(LIGHTS).optional(),
  /** Past the deadline and neither completed nor cancelled. */
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  ...zPageQuery,
});
export type ItemListQuery = z.infer<typeof zItemListQuery>;

/** The version being deleted; may also come as If-Match. */
export const zItemDeleteQuery = z.strictObject({ version: zId.optional() });

export const zItem = z.object({
  id: z.number(),
  consultationId: z.number(),
  title: z.string(),
  content: z.string(),
  category: z.enum(CATEGORIES),
  domain: z.string(),
  leadUnit: z.string().nullable(),
  leadUnitId: z.number().nullable(),
  coUnits: z.array(z.string()),
  coUnitIds: z.array(z.number()),
  responsible: z.string(),
  deadline: z.string().nullable(),
  ongoing: z.boolean(),
  fundingWan: z.number().nullable(),
  status: z.enum(ITEM_STATUSES),
  progress: z.number(),
  sortOrder: z.number(),
  version: z.number(),
  agreement: zAgreement,
  /** The warning light (domain/lights.ts) and why; kept current by the server. */
  light: z.enum(LIGHTS),
  lightReasons: z.array(zLightReason),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Item = z.infer<typeof zItem>;
