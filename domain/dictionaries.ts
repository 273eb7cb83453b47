import { z } from 'zod';
import { zId, zRefId } from './common.js';

/** Editable lists (RuoYi's 字典): item domains today; more types join this list. */
export const DICT_TYPES = ['item_domain'] as const;
export type DictType = (typeof DICT_TYPES)[number];

export const zDictItem = z.object({
  id: z.number(),
  dictType: z.enum(DICT_TYPES),
  value: z.string(),
  label: z.string(),
  sortOrder: z.number(),
  enabled: z.boolean(),
  version: z.number(),
});
export type DictItem = z.infer<typeof zDictItem>;

export const zDictCreate = z.strictObject({
  value: z.string().trim().min(1).max(50),
  label: z.string().trim().min(1).max(50).optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
});
export const zDictUpdate = z.strictObject({
  label: z.string().trim().min(1).max(50).optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
  enabled: z.boolean().optional(),
  version: zRefId,
});

export const zDictTypeParams = z.strictObject({ type: z.enum(DICT_TYPES) });
export const zDictEntryParams = z.strictObject({ type: z.enum(DICT_TYPES), id: zId });
