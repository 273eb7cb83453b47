import { z } from 'zod';
import { decimal } from './common.js';

/**
 * What waits for the caller, one kind per thing they must do. The host side reviews, signs and
 * triages; the lead unit and the county report, revise, answer; each side decides the other's
 * change requests.
 */
export const TASK_KINDS = [
  'report_review',
  'completion_review',
  'notice_sent_back',
  'notice_sign',
  'need_triage',
  'change_request_decide',
  'report_due',
  'report_missing',
  'report_revise',
  'notice_answer',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_LIMITS = { perKindDefault: 5, perKindMax: 50 } as const;

export const zMyTasksQuery = z.strictObject({
  limit: decimal(z.number().int().min(1).max(TASK_LIMITS.perKindMax)).default(TASK_LIMITS.perKindDefault),
});
export type MyTasksQuery = z.infer<typeof zMyTasksQuery>;

export const zTaskEntry = z.object({
  kind: z.enum(TASK_KINDS),
  /** The report, notice, request or need the task is about. */
  entityId: z.number(),
  /** The item to open; null for a need, or a request to add an item not created yet. */
  itemId: z.number().nullable(),
  title: z.string(),
  consultationId: z.number(),
  consultationTitle: z.string(),
  /** What to do, in words a user reads. */
  action: z.string(),
  /** By when, where the task has a date (YYYY-MM-DD). */
  dueOn: z.string().nullable(),
});
export type TaskEntry = z.infer<typeof zTaskEntry>;

export const zTaskGroup = z.object({
  kind: z.enum(TASK_KINDS),
  count: z.number(),
  entries: z.array(zTaskEntry),
});
export type TaskGroup = z.infer<typeof zTaskGroup>;

export const zMyTasks = z.object({
  total: z.number(),
  /** Only kinds with something waiting, in the order of TASK_KINDS. */
  groups: z.array(zTaskGroup),
});
export type MyTasks = z.infer<typeof zMyTasks>;
