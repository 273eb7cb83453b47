/** The background jobs, in the order one pass runs them: sweep → dispatch → deliver, then unclaimed uploads. */
import type { Deps } from '../../platform/deps.js';
import { claimJob, createJobRunner, releaseJob, type Job, type JobLogger, type JobRunner } from '../../platform/jobs.js';
import { purgeExpiredAudit } from '../../platform/audit-chain.js';
import { sweepStalePending } from '../../platform/pending-attachments.js';
import { refreshAllLights } from '../lights/lights.service.js';
import { dispatchPending } from './notifications.dispatch.js';
import { defaultTransport, deliverDue, type Transport } from './notifications.delivery.js';
import { sweepReminders } from './reminders.service.js';

const SWEEP_LEASE_MS = 30 * 60_000;

/** Runs `work` once per calendar day of the clock (and on the first pass after start), in one instance. */
async function onceADay(deps: Deps, name: string, owner: string, work: () => Promise<number>, opts: { leaseMs?: number; force?: boolean } = {}): Promise<number> {
  const today = deps.clock.today();
  // Forced (执行一次): the lease still keeps two instances from running it at once; the day does not.
  if (!(await claimJob(deps.db, deps.clock, name, owner, { notDoneOn: opts.force ? undefined : today, leaseMs: opts.leaseMs }))) return 0;
  try {
    const done = await work();
    await releaseJob(deps.db, deps.clock, name, owner, { day: today });
    return done;
  } catch (err) {
    await releaseJob(deps.db, deps.clock, name, owner, { error: (err as Error).message });
    throw err;
  }
}

/**
 * Recompute every light, then record the reminders due today. The day is the clock's, so a test or
 * demo that moves the date gets a new sweep. A long lease: a province-wide sweep takes a while, and a
 * second one alongside would only repeat it.
 */
export function dailySweep(deps: Deps, owner: string, force = false): Promise<number> {
  return onceADay(
    deps,
    'daily_sweep',
    owner,
    async () => {
      const at = deps.clock.now().toISOString();
      await refreshAllLights(deps.db, deps.clock.today(), at);
      return sweepReminders(deps.db, deps.clock.today(), at);
    },
    { leaseMs: SWEEP_LEASE_MS, force },
  );
}

/** Audit rows past the retention period leave the log, the chain re-anchored where they were cut; the job run log keeps as long. */
export function auditRetention(deps: Deps, owner: string, force = false): Promise<number> {
  return onceADay(
    deps,
    'audit_retention',
    owner,
    async () => {
      const purged = await purgeExpiredAudit(deps.db, deps.clock, deps.config.AUDIT_RETENTION_DAYS);
      const cutoff = new Date(deps.clock.now().getTime() - deps.config.AUDIT_RETENTION_DAYS * 86_400_000).toISOString();
      const runs = await deps.db.deleteFrom('job_runs').where('finished_at', '<', cutoff).executeTakeFirst();
      return purged + Number(runs.numDeletedRows);
    },
    { force },
  );
}

export function notificationJobs(deps: Deps, transport: Transport = defaultTransport(deps.config), log?: JobLogger): Job[] {
  return [
    { name: 'daily_sweep', run: (owner, o) => dailySweep(deps, owner, o?.force), logRuns: true },
    { name: 'dispatch', run: (owner) => dispatchPending(deps, owner, log) },
    { name: 'deliveries', run: (owner) => deliverDue(deps, owner, transport) },
    // No lease: the DELETE is guarded by its own WHERE, so instances sweeping side by side do no harm.
    { name: 'stale_uploads', run: () => sweepStalePending(deps) },
    { name: 'audit_retention', run: (owner, o) => auditRetention(deps, owner, o?.force), logRuns: true },
  ];
}

export function createAppJobRunner(deps: Deps, opts: { log?: JobLogger; transport?: Transport; instanceId?: string } = {}): JobRunner {
  return createJobRunner({
    jobs: notificationJobs(deps, opts.transport, opts.log),
    pollMs: deps.config.JOB_POLL_MS,
    log: opts.log,
    instanceId: opts.instanceId,
    control: { db: deps.db, clock: deps.clock },
  });
}
