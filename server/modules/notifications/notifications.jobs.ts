/** The background jobs, in the order one pass runs them: sweep → dispatch → deliver, then unclaimed uploads. */
import type { Deps } from '../../platform/deps.js';
import { claimJob, createJobRunner, releaseJob, type Job, type JobLogger, type JobRunner } from '../../platform/jobs.js';
import { sweepStalePending } from '../../platform/pending-attachments.js';
import { refreshAllLights } from '../lights/lights.service.js';
import { dispatchPending } from './notifications.dispatch.js';
import { defaultTransport, deliverDue, type Transport } from './notifications.delivery.js';
import { sweepReminders } from './reminders.service.js';

const SWEEP_LEASE_MS = 30 * 60_000;

/**
 * Once per calendar day (and on the first pass after start): recompute every light, then record the
 * reminders due today. The day is the clock's, so a test or demo that moves the date gets a new sweep.
 */
export async function dailySweep(deps: Deps, owner: string): Promise<number> {
  const today = deps.clock.today();
  // A long lease: a province-wide sweep takes a while, and a second one alongside would only repeat it.
  if (!(await claimJob(deps.db, deps.clock, 'daily_sweep', owner, { notDoneOn: today, leaseMs: SWEEP_LEASE_MS }))) return 0;
  try {
    const at = deps.clock.now().toISOString();
    await refreshAllLights(deps.db, today, at);
    const created = await sweepReminders(deps.db, today, at);
    await releaseJob(deps.db, deps.clock, 'daily_sweep', owner, { day: today });
    return created;
  } catch (err) {
    await releaseJob(deps.db, deps.clock, 'daily_sweep', owner, { error: (err as Error).message });
    throw err;
  }
}

export function notificationJobs(deps: Deps, transport: Transport = defaultTransport(deps.config), log?: JobLogger): Job[] {
  return [
    { name: 'daily_sweep', run: (owner) => dailySweep(deps, owner) },
    { name: 'dispatch', run: (owner) => dispatchPending(deps, owner, log) },
    { name: 'deliveries', run: (owner) => deliverDue(deps, owner, transport) },
    // No lease: the DELETE is guarded by its own WHERE, so instances sweeping side by side do no harm.
    { name: 'stale_uploads', run: () => sweepStalePending(deps) },
  ];
}

export function createAppJobRunner(deps: Deps, opts: { log?: JobLogger; transport?: Transport; instanceId?: string } = {}): JobRunner {
  return createJobRunner({ jobs: notificationJobs(deps, opts.transport, opts.log), pollMs: deps.config.JOB_POLL_MS, log: opts.log, instanceId: opts.instanceId });
}
