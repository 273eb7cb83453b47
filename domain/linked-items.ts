import { z } from 'zod';
import { zRefId } from './common.js';
import { ITEM_STATUSES, zItem, zItemCreate, type ItemStatus } from './items.js';
import { LIGHTS, type Light } from './supervision.js';

/**
 * 上下联动: an item of the province–city consultation (厅市会商) is broken down into items of the
 * city–county consultations (局县会商) one level down. The child names its parent; the parent reads
 * its children live, so a change below shows above at once.
 */

/** A child item as its parent's page lists it. */
export const zLinkedChild = z.object({
  id: z.number(),
  title: z.string(),
  consultationId: z.number(),
  consultationTitle: z.string(),
  /** The partner side of the child's consultation: the county the item belongs to. */
  partnerOrgs: z.array(z.string()),
  status: z.enum(ITEM_STATUSES),
  light: z.enum(LIGHTS),
  progress: z.number(),
  version: z.number(),
});
export type LinkedChild = z.infer<typeof zLinkedChild>;

/** The parent as a child shows it; `readable` is false where the caller may not open it (a county). */
export const zLinkedParent = z.object({
  id: z.number(),
  title: z.string(),
  consultationId: z.number(),
  consultationTitle: z.string(),
  readable: z.boolean(),
});
export type LinkedParent = z.infer<typeof zLinkedParent>;

export const zLightCounts = z.object({ green: z.number(), yellow: z.number(), red: z.number(), none: z.number() });

/** What the children add up to; see `rollUp`. */
export const zRollUp = z.object({
  total: z.number(),
  completed: z.number(),
  cancelled: z.number(),
  /** Completed among the children still pursued (cancelled ones left out), 0–100. */
  completedShare: z.number(),
  /** Mean progress of the children still pursued, 0–100. */
  progress: z.number(),
  worstLight: z.enum(LIGHTS),
  lights: zLightCounts,
});
export type RollUp = z.infer<typeof zRollUp>;

export const zItemLinks = z.object({
  parent: zLinkedParent.nullable(),
  children: z.array(zLinkedChild),
  /** Null without children. */
  rollUp: zRollUp.nullable(),
});
export type ItemLinks = z.infer<typeof zItemLinks>;

/** An item with its place in the breakdown: what the item's own page reads, in one request. */
export const zItemDetail = zItem.extend({ links: zItemLinks });
export type ItemDetail = z.infer<typeof zItemDetail>;

/** Breaking an item down into a new item of a consultation one level down. */
export const zItemChildCreate = z.strictObject({ consultationId: zRefId, item: zItemCreate });
export type ItemChildCreate = z.infer<typeof zItemChildCreate>;

/** Linking an item to its parent (or, with null, unlinking it), at the child's version. */
export const zItemParentSet = z.strictObject({ parentItemId: zRefId.nullable(), version: zRefId });
export type ItemParentSet = z.infer<typeof zItemParentSet>;

/** A consultation one level down in which the caller may break an item down. */
export const zBreakdownTarget = z.object({
  id: z.number(),
  title: z.string(),
  year: z.number(),
  partnerOrgs: z.array(z.string()),
  /** Its list is still open, so a new item may be added there (otherwise only linked). */
  canCreate: z.boolean(),
});
export type BreakdownTarget = z.infer<typeof zBreakdownTarget>;

/** Severity order: the worst light among the children is the parent's warning. */
const LIGHT_RANK: Record<Light, number> = { red: 3, yellow: 2, green: 1, none: 0 };

/**
 * The children rolled up: how many are completed, their mean progress and their lights. A cancelled
 * child is no longer pursued: it counts in `total` and `cancelled` but not in the share, the mean
 * or the worst light (a completed child counts as 100% whatever progress it recorded).
 */
export function rollUp(children: readonly { status: ItemStatus; light: Light; progress: number }[]): RollUp | null {
  if (!children.length) return null;
  const lights = { green: 0, yellow: 0, red: 0, none: 0 };
  let completed = 0;
  let cancelled = 0;
  let progressSum = 0;
  let worstLight: Light = 'none';
  for (const c of children) {
    lights[c.light] += 1;
    if (c.status === 'cancelled') {
      cancelled += 1;
      continue;
    }
    if (c.status === 'completed') completed += 1;
    progressSum += c.status === 'completed' ? 100 : Math.min(100, Math.max(0, c.progress));
    if (LIGHT_RANK[c.light] > LIGHT_RANK[worstLight]) worstLight = c.light;
  }
  const pursued = children.length - cancelled;
  return {
    total: children.length,
    completed,
    cancelled,
    completedShare: pursued ? Math.round((completed / pursued) * 100) : 0,
    progress: pursued ? Math.round(progressSum / pursued) : 0,
    worstLight,
    lights,
  };
}
