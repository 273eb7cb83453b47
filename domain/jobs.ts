import { z } from 'zod';
import { zIdCursor, zPageQuery } from './common.js';

/** The background jobs every instance runs, in the order one pass runs them. */
export const JOB_NAMES = ['daily_sweep', 'dispatch', 'deliveries', 'stale_uploads', 'audit_retention'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export const JOB_LABEL: Record<JobName, { name: string; what: string; schedule: 'daily' | 'poll' }> = {
  daily_sweep: { name: '每日督办扫描', what: '重算全部事项的预警灯，并生成当天到期的提醒', schedule: 'daily' },
  dispatch: { name: '通知分发', what: '把新发生的事件变成收件人的站内通知和待推送记录', schedule: 'poll' },
  deliveries: { name: '邮件与群机器人推送', what: '发送待推送的邮件和群机器人消息，失败的按间隔重试', schedule: 'poll' },
  stale_uploads: { name: '清理未用附件', what: '删除上传后一天内未挂到任何对象上的临时文件', schedule: 'poll' },
  audit_retention: { name: '日志保留期清理', what: '删除超过保留期的审计日志（重新锚定链）和任务运行记录', schedule: 'daily' },
};

export const zJobRun = z.object({
  id: z.number(),
  job: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** timer: the runner's own pass; manual: an administrator's 执行一次. */
  trigger: z.enum(['timer', 'manual']),
  instance: z.string(),
  /** How much the run did (rows swept, notifications sent…); null when it failed. */
  done: z.number().nullable(),
  error: z.string().nullable(),
  /** Who asked, for a manual run. */
  username: z.string().nullable(),
});
export type JobRun = z.infer<typeof zJobRun>;

export const zJob = z.object({
  name: z.enum(JOB_NAMES),
  label: z.string(),
  description: z.string(),
  /** 每日 (once per China-time day, by one instance) or 每 N 秒 (each instance's pass). */
  schedule: z.string(),
  paused: z.boolean(),
  running: z.boolean(),
  lastRunAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** When the next timer run is due; null while paused. */
  nextRunAt: z.string().nullable(),
  lastRuns: z.array(zJobRun),
});
export type JobView = z.infer<typeof zJob>;

export const zJobParams = z.strictObject({ name: z.enum(JOB_NAMES) });
export const zJobRunsQuery = z.strictObject({
  job: z.enum(JOB_NAMES).optional(),
  onlyFailed: z.enum(['true', 'false']).optional(),
  limit: zPageQuery.limit,
  cursor: zIdCursor,
});
