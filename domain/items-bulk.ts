import { z } from 'zod';
import { zDate, zRefId } from './common.js';
import { ITEM_STATUSES } from './items.js';

/** How many items one bulk change may touch: a whole list with room to spare, not a whole city. */
export const BULK_ITEMS_MAX = 200;

/** The fields a bulk change may set; one request changes one of them for every selected item. */
export const BULK_FIELDS = ['leadUnitId', 'deadline', 'domain', 'status'] as const;
export type BulkField = (typeof BULK_FIELDS)[number];

export const zItemBulkChange = z
  .strictObject({
    leadUnitId: zRefId.nullable().optional(),
    deadline: zDate.optional(),
    domain: z.string().trim().min(1).max(50).optional(),
    status: z.enum(ITEM_STATUSES).optional(),
  })
  .refine((v) => Object.keys(v).length === 1, '一次批量修改只改一项内容');
export type ItemBulkChange = z.infer<typeof zItemBulkChange>;

export const zItemBulkRequest = z
  .strictObject({
    itemIds: z.array(zRefId).min(1, '请至少选择一个事项').max(BULK_ITEMS_MAX, `一次最多修改 ${BULK_ITEMS_MAX} 个事项`),
    change: zItemBulkChange,
    /** The version of each selected item as the user saw it, keyed by item id. */
    versions: z.record(z.string().regex(/^\d{1,10}$/), zRefId),
  })
  .superRefine((v, ctx) => {
    if (new Set(v.itemIds).size !== v.itemIds.length) ctx.addIssue({ code: 'custom', path: ['itemIds'], message: '事项重复' });
    const missing = v.itemIds.filter((id) => v.versions[String(id)] === undefined);
    if (missing.length) ctx.addIssue({ code: 'custom', path: ['versions'], message: `缺少事项 ${missing.join('、')} 的版本号` });
  });
export type ItemBulkRequest = z.infer<typeof zItemBulkRequest>;

/** One item the bulk change left alone, and why, in the words and code a single edit would have answered. */
export const zBulkRefusal = z.object({ id: z.number(), code: z.string(), status: z.number(), message: z.string() });
export type BulkRefusal = z.infer<typeof zBulkRefusal>;

export const zItemBulkResult = z.object({
  changed: z.array(z.object({ id: z.number(), version: z.number() })),
  refused: z.array(zBulkRefusal),
});
export type ItemBulkResult = z.infer<typeof zItemBulkResult>;
