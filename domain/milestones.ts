import { z } from 'zod';
import { LIMITS, zDate, zId, zRefId } from './common.js';

/** Milestones (里程碑) of an item: what should be done by when; an open one past its date lights the item. */
export const MILESTONE_LIMITS = { perItemMax: 50 } as const;

export const zMilestoneCreate = z.strictObject({
  title: z.string().trim().min(1).max(LIMITS.titleMax),
  dueOn: zDate,
  doneOn: zDate.nullable().default(null),
});
export type MilestoneCreate = z.infer<typeof zMilestoneCreate>;

export const zMilestoneUpdate = z.strictObject({
  title: z.string().trim().min(1).max(LIMITS.titleMax).optional(),
  dueOn: zDate.optional(),
  /** A date marks it done; null reopens it. */
  doneOn: zDate.nullable().optional(),
  version: zRefId,
});
export type MilestoneUpdate = z.infer<typeof zMilestoneUpdate>;

export const zMilestoneDeleteQuery = z.strictObject({ version: zId });

export const zMilestone = z.object({
  id: z.number(),
  itemId: z.number(),
  title: z.string(),
  dueOn: z.string(),
  doneOn: z.string().nullable(),
  sortOrder: z.number(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Milestone = z.infer<typeof zMilestone>;

/** An item's milestones and whether the caller may keep them (both coordinators, the lead unit's reporters). */
export const zItemMilestones = z.object({
  data: z.array(zMilestone),
  nextCursor: z.null(),
  can: z.object({ write: z.boolean() }),
});
export type ItemMilestones = z.infer<typeof zItemMilestones>;
