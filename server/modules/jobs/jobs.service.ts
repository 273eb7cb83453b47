import type { Selectable } from 'kysely';
import { chinaDayStart } from '../../../domain/dates.js';
import type { JobRunsTable } from '../../platform/db-schema.js';
import { randomUUID } from 'node:crypto';
import { JOB_LABEL, JOB_NAMES, type JobName, type JobRun, type JobView } from '../../../domain/jobs.js';
import type { RequestContext } from '../../platform/actor.js';
import { requirePermission } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { recordRun } from '../../platform/jobs.js';
import { notificationJobs } from '../notifications/notifications.jobs.js';

type RunRow = Omit<Selectable<JobRunsTable>, 'user_id'> & { username?: string | null };

const presentRun = (r: RunRow): JobRun => ({
  id: r.id,
  job: r.job,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  trigger: r.trigger,
  instance: r.instance,
  done: r.done,
  error: r.error,
  username: r.username ?? null,
});

function runsQuery(deps: Deps) {
  return deps.db
    .selectFrom('job_runs as r')
    .leftJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.id', 'r.job', 'r.started_at', 'r.finished_at', 'r.trigger', 'r.instance', 'r.done', 'r.error', 'u.username']);
}

export async function listJobs(deps: Deps, ctx: RequestContext): Promise<JobView[]> {
  requirePermission(ctx.actor, 'job.manage');
  const now = deps.clock.now();
  const today = deps.clock.today();
  const rows = new Map((await deps.db.selectFrom('jobs').selectAll().execute()).map((r) => [r.name, r]));
  const recent = await Promise.all(JOB_NAMES.map((name) => runsQuery(deps).where('r.job', '=', name).orderBy('r.id', 'desc').limit(5).execute()));
  return JOB_NAMES.map((name, i) => {
    const row = rows.get(name);
    const label = JOB_LABEL[name];
    const runs = recent[i]!.map(presentRun);
    const paused = row?.paused === 1;
    const lastRunAt =
      [row?.last_run_at ?? null, runs[0]?.finishedAt ?? null]
        .filter((x): x is string => !!x)
        .sort()
        .pop() ?? null;
    let nextRunAt: string | null = null;
    if (!paused) {
      const soon = new Date(now.getTime() + deps.config.JOB_POLL_MS).toISOString();
      nextRunAt = label.schedule === 'daily' && row?.last_day && row.last_day >= today ? chinaDayStart(today, 1) : soon;
    }
    return {
      name,
      label: label.name,
      description: label.what,
      schedule: label.schedule === 'daily' ? '每日一次（北京时间零点后的第一次轮询）' : `每 ${Math.round(deps.config.JOB_POLL_MS / 1000)} 秒`,
      paused,
      running: !!row?.lease_until && row.lease_until > now.toISOString(),
      lastRunAt,
      lastError: row?.last_error ?? runs.find((r) => r.error)?.error ?? null,
      nextRunAt,
      lastRuns: runs,
    };
  });
}

export async function listRuns(deps: Deps, ctx: RequestContext, q: { job?: JobName; onlyFailed?: 'true' | 'false'; limit: number; cursor?: string }) {
  requirePermission(ctx.actor, 'job.manage');
  let sel = runsQuery(deps);
  if (q.job) sel = sel.where('r.job', '=', q.job);
  if (q.onlyFailed === 'true') sel = sel.where('r.error', 'is not', null);
  if (q.cursor) sel = sel.where('r.id', '<', Number(q.cursor));
  const rows = await sel
    .orderBy('r.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit).map(presentRun);
  return { data: page, nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null };
}

async function jobView(deps: Deps, ctx: RequestContext, name: JobName) {
  return (await listJobs(deps, ctx)).find((j) => j.name === name)!;
}

/** 执行一次, in this instance, now; refused while another instance holds the job. */
export async function runNow(deps: Deps, ctx: RequestContext, name: JobName): Promise<JobRun> {
  requirePermission(ctx.actor, 'job.manage');
  const now = deps.clock.now().toISOString();
  const row = await deps.db.selectFrom('jobs').select(['lease_owner', 'lease_until']).where('name', '=', name).executeTakeFirst();
  if (row?.lease_owner && row.lease_until && row.lease_until > now) throw new AppError('JOB_RUNNING', `“${JOB_LABEL[name].name}”正在运行，请稍后再试`);
  const job = notificationJobs(deps).find((j) => j.name === name)!;
  const owner = `manual-${randomUUID()}`;
  let done: number | null = null;
  let error: string | null = null;
  try {
    done = await job.run(owner, { force: true });
  } catch (err) {
    error = (err as Error).message || String(err);
  }
  const run = await deps.db.transaction().execute(async (tx) => {
    const r = await recordRun(tx, {
      job: name,
      startedAt: now,
      finishedAt: deps.clock.now().toISOString(),
      trigger: 'manual',
      instance: owner,
      done,
      error,
      userId: ctx.actor.userId,
    });
    await recordAudit(tx, ctx, now, { action: 'job.run', entityType: 'job', entityId: JOB_NAMES.indexOf(name) + 1, after: { run: r.id, done, error } });
    return r;
  });
  return presentRun({ ...run, username: ctx.actor.username });
}

export async function setPaused(deps: Deps, ctx: RequestContext, name: JobName, paused: boolean): Promise<JobView> {
  requirePermission(ctx.actor, 'job.manage');
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('jobs')
      .set({ paused: paused ? 1 : 0 })
      .where('name', '=', name)
      .execute();
    await recordAudit(tx, ctx, now, {
      action: paused ? 'job.pause' : 'job.resume',
      entityType: 'job',
      entityId: JOB_NAMES.indexOf(name) + 1,
      before: { paused: !paused },
      after: { paused },
    });
  });
  return jobView(deps, ctx, name);
}
