import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOB_NAMES } from '../../../domain/jobs.js';
import { loadConfig } from '../../config.js';
import { createJobRunner } from '../../platform/jobs.js';
import { createTestEnv, dialect, type TestEnv } from '../../testing/support.js';
import { createAppJobRunner, notificationJobs } from '../notifications/notifications.jobs.js';

let env: TestEnv;
// Jobs are paused and run here: a fresh copy of the demo each time.
beforeEach(async () => {
  env = await createTestEnv();
});
afterEach(() => env?.close());

const deps = () => ({ db: env.db, clock: env.clock, config: loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' }) });

describe(`scheduled jobs (${dialect})`, () => {
  it('lists every job the runner runs, with its schedule, for the system administrator only', async () => {
    expect(notificationJobs(deps()).map((j) => j.name)).toEqual([...JOB_NAMES]);
    const admin = await env.login('sysadmin');
    const r = await admin.req('GET', '/api/v1/jobs');
    expect(r.status).toBe(200);
    expect(r.body.data.map((j: { name: string }) => j.name)).toEqual([...JOB_NAMES]);
    const sweep = r.body.data.find((j: { name: string }) => j.name === 'daily_sweep');
    expect(sweep).toMatchObject({ label: '每日督办扫描', paused: false, running: false });
    expect(sweep.schedule).toContain('每日');
    expect(sweep.nextRunAt).not.toBeNull();
    for (const who of ['secadmin', 'auditadmin', 'city.coord']) {
      const a = await env.login(who);
      expect((await a.req('GET', '/api/v1/jobs')).status).toBe(403);
      expect((await a.req('POST', '/api/v1/jobs/daily_sweep/run')).status).toBe(403);
    }
    expect((await admin.req('POST', '/api/v1/jobs/no_such_job/run')).status).toBe(400);
  });

  it('runs a job once by hand, even a daily one already done today, and logs the run and who asked', async () => {
    const runner = createAppJobRunner(deps(), { instanceId: 'timer' });
    await runner.runOnce();
    const admin = await env.login('sysadmin');
    const run = await admin.req('POST', '/api/v1/jobs/daily_sweep/run');
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ job: 'daily_sweep', trigger: 'manual', username: 'sysadmin', error: null });
    expect(run.body.done).toBeGreaterThanOrEqual(0);
    const log = await admin.req('GET', '/api/v1/jobs/runs?job=daily_sweep');
    expect(log.body.data[0]).toMatchObject({ id: run.body.id, trigger: 'manual' });
    // The timer's own pass that swept the demo is in the log too.
    expect(log.body.data.some((r: { trigger: string; instance: string }) => r.trigger === 'timer' && r.instance === 'timer')).toBe(true);
    const audit = await (await env.login('auditadmin')).req('GET', '/api/v1/audit-log?action=job.run');
    expect(audit.body.data[0]).toMatchObject({ entityType: 'job', entityTitle: '每日督办扫描' });
    // After today's run the next one is tomorrow, at midnight China time.
    const sweep = (await admin.req('GET', '/api/v1/jobs')).body.data.find((j: { name: string }) => j.name === 'daily_sweep');
    expect(sweep.lastRuns[0].id).toBe(run.body.id);
    expect(sweep.nextRunAt).toBe(new Date(Date.parse(`${env.clock.today()}T00:00:00+08:00`) + 86_400_000).toISOString());
  });

  it('skips a paused job on every pass until it is resumed', async () => {
    const admin = await env.login('sysadmin');
    const paused = await admin.req('POST', '/api/v1/jobs/daily_sweep/pause');
    expect(paused.body).toMatchObject({ name: 'daily_sweep', paused: true, nextRunAt: null });
    const runner = createAppJobRunner(deps(), { instanceId: 'timer' });
    const first = await runner.runOnce();
    expect(first).not.toHaveProperty('daily_sweep');
    expect(first).toHaveProperty('dispatch');
    expect((await env.db.selectFrom('jobs').select('last_day').where('name', '=', 'daily_sweep').executeTakeFirstOrThrow()).last_day).toBeNull();
    expect((await admin.req('POST', '/api/v1/jobs/daily_sweep/resume')).body.paused).toBe(false);
    expect((await runner.runOnce()).daily_sweep).toBeGreaterThanOrEqual(0);
    expect((await env.db.selectFrom('jobs').select('last_day').where('name', '=', 'daily_sweep').executeTakeFirstOrThrow()).last_day).toBe(env.clock.today());
    const actions = (await (await env.login('auditadmin')).req('GET', '/api/v1/audit-log?entityType=job')).body.data.map((r: { action: string }) => r.action);
    expect(actions).toEqual(['job.resume', 'job.pause']);
  });

  it('logs a failing run with its error, and refuses a manual run while another instance holds the job', async () => {
    const failing = createJobRunner({
      pollMs: 1000,
      jobs: [
        {
          name: 'deliveries',
          run: async () => {
            throw new Error('SMTP 连接被拒绝');
          },
        },
      ],
      control: { db: env.db, clock: env.clock },
    });
    await failing.runOnce();
    const admin = await env.login('sysadmin');
    const failed = await admin.req('GET', '/api/v1/jobs/runs?onlyFailed=true');
    expect(failed.body.data).toHaveLength(1);
    expect(failed.body.data[0]).toMatchObject({ job: 'deliveries', trigger: 'timer', done: null, error: 'SMTP 连接被拒绝' });

    const until = new Date(env.clock.now().getTime() + 60_000).toISOString();
    await env.db.updateTable('jobs').set({ lease_owner: 'other-instance', lease_until: until }).where('name', '=', 'dispatch').execute();
    expect((await admin.req('GET', '/api/v1/jobs')).body.data.find((j: { name: string }) => j.name === 'dispatch').running).toBe(true);
    const busy = await admin.req('POST', '/api/v1/jobs/dispatch/run');
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('JOB_RUNNING');
  });
});
