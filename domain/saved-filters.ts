import { z } from 'zod';
import { zRefId } from './common.js';

/** The pages whose filters can be saved: a consultation's 清单 and the supervision board. */
export const FILTER_PAGES = ['items', 'board'] as const;
export type FilterPage = (typeof FILTER_PAGES)[number];

export const SAVED_FILTER_NAME_MAX = 40;
/** A person's saved filters per page; enough for every habit, not a second database. */
export const SAVED_FILTERS_PER_USER_MAX = 50;

/**
 * The filter set as the page keeps it in its address (field → value). Values are strings, checked
 * again by the list endpoint when applied, so a saved filter can never ask for more than a typed one.
 */
export const zFilterValues = z.record(z.string().regex(/^[A-Za-z]{1,30}$/), z.string().max(100)).refine((v) => Object.keys(v).length <= 20, '筛选条件过多');

export const zSavedFilterCreate = z.strictObject({
  page: z.enum(FILTER_PAGES),
  /** The consultation a 清单 filter belongs to; none for the board. */
  consultationId: zRefId.nullable().default(null),
  name: z.string().trim().min(1, '请填写名称').max(SAVED_FILTER_NAME_MAX),
  filters: zFilterValues,
  shared: z.boolean().default(false),
});
export type SavedFilterCreate = z.infer<typeof zSavedFilterCreate>;

export const zSavedFilterPatch = z
  .strictObject({ name: z.string().trim().min(1, '请填写名称').max(SAVED_FILTER_NAME_MAX).optional(), shared: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, '至少修改一项');
export type SavedFilterPatch = z.infer<typeof zSavedFilterPatch>;

export const zSavedFilterQuery = z.strictObject({
  page: z.enum(FILTER_PAGES),
  consultationId: z
    .string()
    .regex(/^\d{1,10}$/)
    .transform(Number)
    .optional(),
});

export const zSavedFilter = z.object({
  id: z.number(),
  page: z.enum(FILTER_PAGES),
  consultationId: z.number().nullable(),
  name: z.string(),
  filters: z.record(z.string(), z.string()),
  shared: z.boolean(),
  /** The caller saved it (and so may rename, share or delete it). */
  mine: z.boolean(),
  ownerName: z.string(),
  updatedAt: z.string(),
});
export type SavedFilter = z.infer<typeof zSavedFilter>;
