/**
 * Two app instances on one database: two job runners, each with its own connection pool, race over
 * the same outbox. Every message must arrive exactly once. On SQLite the two handles share one file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { randomBytes } from 'node:crypto';
import { manualClock } from '../../platform/clock.js';
import { sealField, setFieldKey } from '../../platform/field-crypto.js';
import { migrateToLatest, openDatabase, type DbHandle } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import { createDemoDatabase, dialect, TEST_NOW } from '../../testing/support.js';
import { enqueueDeliveries, type NewDelivery } from './notifications.repo.js';
import { claimJob, createJobRunner, DEFAULT_LEASE_MS, releaseJob } from '../../platform/jobs.js';
import { createAppJobRunner, dailySweep } from './notifications.jobs.js';
import { startReceiver, startSmtp } from './notifications.testkit.js';

let a: DbHandle;
let b: DbHandle;
let drop = async () => {};
let hook: Awaited<ReturnType<typeof startReceiver>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let orgs: Record<string, number>;
const clock = manualClock(TEST_NOW);

beforeAll(async () => {
  // Slow, uneven answers so that the two senders' claims and sends overlap.
  hook = await startReceiver({ delayMs: () => Math.floor(Math.random() * 4) });
  smtp = await startSmtp();
  // On SQLite a file, not memory: the two handles share it.
  const demo = await createDemoDatabase();
  drop = demo.drop;
  orgs = demo.seeded.orgs;
  a = openDatabase(demo.url);
  await migrateToLatest(a.db);
  b = openDatabase(demo.url);
  const now = clock.now().toISOString();
  // Robot URLs and e-mail addresses are stored sealed (buildApp loads the key; these runners have no app).
  setFieldKey(randomBytes(32));
  await a.db
    .insertInto('org_webhooks')
    .values({
      org_id: orgs['wangcang.gov'],
      wecom_url: sealField(`${hook.base}/wecom/send?key=race`),
      dingtalk_url: null,
      dingtalk_secret: null,
      version: 1,
      updated_by: null,
      updated_at: now,
    })
    .execute();
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await drop();
  await hook?.close();
  await smtp?.close();
});

function depsOf(h: DbHandle): Deps {
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', SMTP_URL: smtp.url, WEBHOOK_HOSTS: '127.0.0.1' });
  return { db: h.db, clock, config };
}

// Both "instances" share this process. On SQLite the driver is synchronous, so while one holds the
// write lock the other's statement waits out busy_timeout (5 s) blocking the thread the holder needs
// to commit: each collision costs up to 5 s here, never between two real processes. On a loaded
// machine that adds up past the default timeout, so these races get more time on SQLite.
const RACE_TIMEOUT = dialect === 'sqlite' ? 120_000 : 30_000;

describe(`jobs: two instances on one database (${dialect})`, () => {
  it(
    'sends every queued robot message and e-mail exactly once while two runners race',
    async () => {
      const N = 240;
      const rows: NewDelivery[] = [];
      for (let i = 0; i < N; i++) {
        rows.push(
          i % 4 === 0
            ? { channel: 'email', target: `user${i}@race.example.cn`, dedupeKey: `race:${i}`, subject: `race-${i}`, body: `消息 ${i}` }
            : { channel: 'wecom', target: String(orgs['wangcang.gov']), dedupeKey: `race:${i}`, subject: `race-${i}`, body: `消息 ${i}` },
        );
      }
      await enqueueDeliveries(a.db, rows, null, clock.now().toISOString());
      // Enqueuing the same keys again adds nothing.
      await enqueueDeliveries(b.db, rows.slice(0, 10), null, clock.now().toISOString());

      const one = createAppJobRunner(depsOf(a), { instanceId: 'instance-a' });
      const two = createAppJobRunner(depsOf(b), { instanceId: 'instance-b' });
      const results = await Promise.all([one.runOnce(), two.runOnce(), one.runOnce(), two.runOnce()]);
      await Promise.all([one.runOnce(), two.runOnce()]);

      const received = new Map<string, number>();
      for (const p of hook.posts) {
        const m = /race-(\d+)/.exec(JSON.stringify(p.body));
        if (m) received.set(m[1]!, (received.get(m[1]!) ?? 0) + 1);
      }
      for (const mail of smtp.mails) {
        const m = /race-(\d+)/.exec(mail.subject);
        if (m) received.set(m[1]!, (received.get(m[1]!) ?? 0) + 1);
      }
      expect(received.size).toBe(N);
      expect([...received.values()].every((n) => n === 1)).toBe(true);
      const sentBy = results.map((r) => r.deliveries ?? 0);
      // At least N: the first pass also swept the demo and queued what its events called for.
      expect(sentBy.reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(N);
      if (dialect === 'postgres') {
        // Both instances really took part: the race happened.
        expect(sentBy[0]! + sentBy[2]!).toBeGreaterThan(0);
        expect(sentBy[1]! + sentBy[3]!).toBeGreaterThan(0);
      }
      const status = await a.db.selectFrom('deliveries').select(['status', 'attempts']).where('dedupe_key', 'like', 'race:%').execute();
      expect(status).toHaveLength(N);
      expect(status.every((d) => d.status === 'sent' && d.attempts === 1)).toBe(true);
    },
    RACE_TIMEOUT,
  );

  it(
    'runs the daily sweep once for a day and dispatches each event once, whichever instance gets there',
    async () => {
      const sweeps = await Promise.all([dailySweep(depsOf(a), 'instance-a'), dailySweep(depsOf(b), 'instance-b')]);
      const job = await a.db.selectFrom('jobs').selectAll().where('name', '=', 'daily_sweep').executeTakeFirstOrThrow();
      expect(job).toMatchObject({ last_day: clock.today(), lease_owner: null });
      // One of them did the day's work; the other found it claimed or done.
      expect(sweeps.filter((n) => n > 0).length).toBeLessThanOrEqual(1);
      const keys = await a.db.selectFrom('reminders').select('dedupe_key').execute();
      expect(new Set(keys.map((k) => k.dedupe_key)).size).toBe(keys.length);
      expect(await dailySweep(depsOf(b), 'instance-b')).toBe(0);

      const one = createAppJobRunner(depsOf(a), { instanceId: 'instance-a' });
      const two = createAppJobRunner(depsOf(b), { instanceId: 'instance-b' });
      await Promise.all([one.runOnce(), two.runOnce(), one.runOnce(), two.runOnce()]);
      const pending = await a.db.selectFrom('domain_events').select('id').where('processed_at', 'is', null).execute();
      expect(pending).toHaveLength(0);
      const dup = await a.db
        .selectFrom('notifications')
        .select(['user_id', 'event_id', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['user_id', 'event_id'])
        .having((eb) => eb.fn.countAll(), '>', 1)
        .execute();
      expect(dup).toEqual([]);
    },
    RACE_TIMEOUT,
  );

  it('hands a job to another instance only when its lease is released or has run out', async () => {
    expect(await claimJob(a.db, clock, 'dispatch', 'instance-a')).toBe(true);
    expect(await claimJob(b.db, clock, 'dispatch', 'instance-b')).toBe(false);
    // The holder may renew its own lease.
    expect(await claimJob(a.db, clock, 'dispatch', 'instance-a')).toBe(true);
    clock.advance(DEFAULT_LEASE_MS - 1000);
    expect(await claimJob(b.db, clock, 'dispatch', 'instance-b')).toBe(false);
    clock.advance(2000);
    // instance-a went quiet: its lease ran out and instance-b takes over.
    expect(await claimJob(b.db, clock, 'dispatch', 'instance-b')).toBe(true);
    // A late release by the old holder does not free the new holder's lease.
    await releaseJob(a.db, clock, 'dispatch', 'instance-a', {});
    expect(await claimJob(a.db, clock, 'dispatch', 'instance-a')).toBe(false);
    await releaseJob(b.db, clock, 'dispatch', 'instance-b', {});
    expect(await claimJob(a.db, clock, 'dispatch', 'instance-a')).toBe(true);
    await releaseJob(a.db, clock, 'dispatch', 'instance-a', {});
  });

  it('runs passes on a timer once started and none after stop', async () => {
    let passes = 0;
    const runner = createJobRunner({ pollMs: 20, jobs: [{ name: 'count', run: async () => ++passes }] });
    runner.start();
    await new Promise((r) => setTimeout(r, 150));
    await runner.stop();
    const seen = passes;
    expect(seen).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(passes).toBe(seen);
  });
});
