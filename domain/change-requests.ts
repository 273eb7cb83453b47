import { z } from 'zod';
import { zDate, zPageQuery, zRefId } from './common.js';
import { BULK_ITEMS_MAX, zBulkRefusal } from './items-bulk.js';
import { zItemForm } from './items.js';
import { COMPARED_FIELDS } from './negotiation.js';

/** After adoption the agreed list changes only through a request one side files and the other decides. */
export const CHANGE_REQUEST_KINDS = ['modify', 'extend', 'add', 'cancel'] as const;
export type ChangeRequestKind = (typeof CHANGE_REQUEST_KINDS)[number];

export const CHANGE_REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];

export const CHANGE_REASON_MAX = 1000;
export const DECISION_NOTE_MAX = 500;

const zReason = z.string().trim().min(1, '请填写申请理由').max(CHANGE_REASON_MAX);

/** Proposed values for the agreed fields; at least one. */
export const zProposedChanges = zItemForm
  .pick({ title: true, content: true, category: true, leadUnitId: true, coUnitIds: true, deadline: true, ongoing: true, fundingWan: true })
  .partial()
  .refine((v) => Object.keys(v).length > 0, '至少填写一项拟调整的内容');
export type ProposedChanges = z.infer<typeof zProposedChanges>;

/** A whole new item, as proposed by a request of kind `add`. */
export const zProposedItem = zItemForm
  .pick({ title: true, content: true, category: true, domain: true, responsible: true, leadUnitId: true, coUnitIds: true, deadline: true, ongoing: true, fundingWan: true })
  .extend({
    content: zItemForm.shape.content.default(''),
    responsible: zItemForm.shape.responsible.default(''),
    leadUnitId: zItemForm.shape.leadUnitId.default(null),
    coUnitIds: zItemForm.shape.coUnitIds.default([]),
    deadline: zItemForm.shape.deadline.default(null),
    ongoing: zItemForm.shape.ongoing.default(false),
    fundingWan: zItemForm.shape.fundingWan.default(null),
  })
  .superRefine((v, ctx) => {
    if (v.ongoing && v.deadline) ctx.addIssue({ code: 'custom', path: ['deadline'], message: '长期推进的事项不设完成时限' });
  });
export type ProposedItem = z.infer<typeof zProposedItem>;

/** Filed on an item: change its agreed fields, extend its deadline, or cancel it. */
export const zItemChangeRequestCreate = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('modify'), reason: zReason, changes: zProposedChanges }),
  z.strictObject({ kind: z.literal('extend'), reason: zReason, deadline: zDate }),
  z.strictObject({ kind: z.literal('cancel'), reason: zReason }),
]);
export type ItemChangeRequestCreate = z.infer<typeof zItemChangeRequestCreate>;

/** Filed on a consultation: add a new item to the agreed list. */
export const zAddChangeRequestCreate = z.strictObject({ kind: z.literal('add'), reason: zReason, item: zProposedItem });
export type AddChangeRequestCreate = z.infer<typeof zAddChangeRequestCreate>;

export const zChangeRequestDecision = z.strictObject({ approve: z.boolean(), note: z.string().trim().max(DECISION_NOTE_MAX).default('') }).superRefine((v, ctx) => {
  if (!v.approve && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: '不同意时请说明理由' });
});
export type ChangeRequestDecision = z.infer<typeof zChangeRequestDecision>;

/** Fields a change shows, field by field: the compared fields plus the item's status (for a cancellation). */
export const CHANGE_FIELDS = [...COMPARED_FIELDS, 'status'] as const;
export type ChangeField = (typeof CHANGE_FIELDS)[number];

/** One field's value before and after, with units by name, as the UI shows it. */
export const zChangeLine = z.object({ field: z.enum(CHANGE_FIELDS), from: z.unknown(), to: z.unknown() });
export type ChangeLine = z.infer<typeof zChangeLine>;

/** What the caller may do with the request now, decided by the server's own rules. */
export const zChangeRequestAbilities = z.object({ decide: z.boolean(), withdraw: z.boolean() });
export type ChangeRequestAbilities = z.infer<typeof zChangeRequestAbilities>;

export const zChangeRequest = z.object({
  id: z.number(),
  consultationId: z.number(),
  itemId: z.number().nullable(),
  itemTitle: z.string().nullable(),
  kind: z.enum(CHANGE_REQUEST_KINDS),
  status: z.enum(CHANGE_REQUEST_STATUSES),
  reason: z.string(),
  /** The proposal as filed: field by field, the item's value then and the value asked for. */
  changes: z.array(zChangeLine),
  side: z.enum(['host', 'partner']),
  createdBy: z.string(),
  /** Who filed it: the only user who may withdraw it while it is pending. */
  createdById: z.number(),
  createdAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  version: z.number(),
  can: zChangeRequestAbilities,
});
export type ChangeRequest = z.infer<typeof zChangeRequest>;

export const zChangeRequestListQuery = z.strictObject(zPageQuery);
export const zChangeRequestList = z.object({ data: z.array(zChangeRequest), nextCursor: z.string().nullable() });

/** The same extension for many items of adopted lists: one request per item, each decided on its own. */
export const zBulkExtensionRequest = z
  .strictObject({
    itemIds: z.array(zRefId).min(1, '请至少选择一个事项').max(BULK_ITEMS_MAX, `一次最多选择 ${BULK_ITEMS_MAX} 个事项`),
    deadline: zDate,
    reason: zReason,
  })
  .refine((v) => new Set(v.itemIds).size === v.itemIds.length, { path: ['itemIds'], message: '事项重复' });
export type BulkExtensionRequest = z.infer<typeof zBulkExtensionRequest>;

export const zBulkExtensionResult = z.object({
  filed: z.array(z.object({ itemId: z.number(), changeRequestId: z.number() })),
  refused: z.array(zBulkRefusal),
});
export type BulkExtensionResult = z.infer<typeof zBulkExtensionResult>;
