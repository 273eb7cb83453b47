import type { FastifyInstance } from 'fastify';
import { jobEndpoints as api } from '../../../domain/jobs.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { listJobs, listRuns, runNow, setPaused } from './jobs.service.js';

/** 定时任务: the system administrator's window on the background jobs. */
export function registerJobRoutes(app: FastifyInstance, deps: Deps): void {
  const doc = (summary: string) => ({ summary, tags: ['jobs'], anyOf: ['job.manage' as const] });
  defineRoute(app, api.list, doc('定时任务：周期、暂停、最近运行与下次运行'), async ({ ctx }) => ({ data: await listJobs(deps, ctx), nextCursor: null }));
  defineRoute(app, api.runs, doc('任务运行日志（有结果、失败或手动执行的运行）'), async ({ ctx, query }) => listRuns(deps, ctx, query));
  defineRoute(app, api.run, doc('立即执行一次（暂停中也可）'), async ({ ctx, params }) => runNow(deps, ctx, params.name));
  defineRoute(app, api.pause, doc('暂停任务：所有实例在下一次轮询起不再执行'), async ({ ctx, params }) => setPaused(deps, ctx, params.name, true));
  defineRoute(app, api.resume, doc('恢复任务'), async ({ ctx, params }) => setPaused(deps, ctx, params.name, false));
}
