/**
 * A database-backed job runner. Work is claimed with leases written by conditional UPDATEs, so any
 * number of app instances on one database can run it side by side: a job or a delivery is held by
 * one instance at a time, and an instance that dies mid-way loses its lease when the lease runs out.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.js';
import type { Db, Tx } from './db.js';

export interface JobLogger {
  error(obj: unknown, msg?: string): void;
}

/** One step of a pass; returns how much it did (for tests and logs). */
export interface Job {
  name: string;
  /** `force`: an administrator's 执行一次 — a daily job runs again even when today's run is done. */
  run(owner: string, opts?: { force?: boolean }): Promise<number>;
  /**
   * Log its successful timer runs too (a daily job's one run a day). A job polled every few seconds
   * logs only failures: a write per pass per instance would bury the log and, on SQLite, contend
   * with the very writes the job makes.
   */
  logRuns?: boolean;
}

export interface JobRunner {
  readonly instanceId: string;
  /** One pass over every job, in order; what tests call instead of waiting for the timer. */
  runOnce(): Promise<Record<string, number>>;
  start(): void;
  stop(): Promise<void>;
}

export const DEFAULT_LEASE_MS = 5 * 60_000;

export function leaseUntil(clock: Clock, ms = DEFAULT_LEASE_MS): string {
  return new Date(clock.now().getTime() + ms).toISOString();
}

/**
 * Takes the named job's lease when it is free, expired or already ours. One UPDATE with the
 * condition in its WHERE: both databases apply it atomically, so of two racing instances one wins.
 */
export async function claimJob(db: Db, clock: Clock, name: string, owner: string, extra?: { notDoneOn?: string; leaseMs?: number }): Promise<boolean> {
  const now = clock.now().toISOString();
  let q = db
    .updateTable('jobs')
    .set({ lease_owner: owner, lease_until: leaseUntil(clock, extra?.leaseMs) })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now), eb('lease_owner', '=', owner)]));
  // A daily job is claimable only while it has not yet completed for the given day.
  const day = extra?.notDoneOn;
  if (day) q = q.where((eb) => eb.or([eb('last_day', 'is', null), eb('last_day', '<', day)]));
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function releaseJob(db: Db, clock: Clock, name: string, owner: string, done: { day?: string; error?: string | null }): Promise<void> {
  await db
    .updateTable('jobs')
    .set({
      lease_owner: null,
      lease_until: null,
      last_run_at: clock.now().toISOString(),
      last_error: done.error ?? null,
      ...(done.day ? { last_day: done.day } : {}),
    })
    .where('name', '=', name)
    .where('lease_owner', '=', owner)
    .execute();
}

/** A run for the run log: failures, manual runs, and the daily jobs' runs that did something. */
export async function recordRun(
  db: Db | Tx,
  run: { job: string; startedAt: string; finishedAt: string; trigger: 'timer' | 'manual'; instance: string; done: number | null; error: string | null; userId?: number | null },
) {
  return db
    .insertInto('job_runs')
    .values({
      job: run.job,
      started_at: run.startedAt,
      finished_at: run.finishedAt,
      trigger: run.trigger,
      instance: run.instance,
      done: run.done,
      error: run.error === null ? null : run.error.slice(0, 2000),
      user_id: run.userId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** What lets an administrator steer the runner: pause read from the jobs table, runs written to the log. */
export interface JobControl {
  db: Db;
  clock: Clock;
}

export function createJobRunner(opts: { jobs: Job[]; pollMs: number; log?: JobLogger; instanceId?: string; control?: JobControl }): JobRunner {
  const instanceId = opts.instanceId ?? `hs-${randomUUID()}`;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;
  const control = opts.control;

  async function runOnce(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    // Read on every pass, so a pause set through any instance holds in all of them by their next pass.
    const paused = control ? new Set((await control.db.selectFrom('jobs').select('name').where('paused', '=', 1).execute()).map((r) => r.name)) : new Set<string>();
    for (const job of opts.jobs) {
      if (paused.has(job.name)) continue;
      const startedAt = control?.clock.now().toISOString() ?? '';
      let error: string | null = null;
      try {
        out[job.name] = await job.run(instanceId);
      } catch (err) {
        // One failing job must not stop the others; it is tried again on the next pass.
        opts.log?.error({ err, job: job.name }, 'job failed');
        out[job.name] = -1;
        error = (err as Error).message || String(err);
      }
      if (control && (error || (job.logRuns && out[job.name] !== 0))) {
        const done = error ? null : out[job.name]!;
        await recordRun(control.db, { job: job.name, startedAt, finishedAt: control.clock.now().toISOString(), trigger: 'timer', instance: instanceId, done, error }).catch(
          (err: unknown) => opts.log?.error({ err, job: job.name }, 'job run not logged'),
        );
      }
    }
    return out;
  }

  /**
   * A timed pass. Its failure (the database restarting, a failover) is logged and the next pass
   * tried as usual: a rejection nobody awaits would end the whole process.
   */
  function pass(): Promise<unknown> {
    return runOnce().catch((err: unknown) => opts.log?.error({ err }, 'job pass failed'));
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().finally(() => {
        running = null;
        schedule();
      });
    }, opts.pollMs);
    timer.unref();
  }

  return {
    instanceId,
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      running = pass().finally(() => {
        running = null;
        schedule();
      });
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) await running.catch(() => {});
    },
  };
}
