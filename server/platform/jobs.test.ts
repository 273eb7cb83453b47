import { describe, expect, it } from 'vitest';
import { manualClock } from './clock.js';
import { openDatabase } from './db.js';
import { createJobRunner } from './jobs.js';

describe('the job runner when the database is away', () => {
  it('logs a failed pass and keeps polling instead of ending the process', async () => {
    // A closed database fails every query, as a PostgreSQL primary does while a standby takes over.
    const handle = openDatabase('sqlite::memory:');
    await handle.close();
    const errors: string[] = [];
    const runner = createJobRunner({
      jobs: [{ name: 'noop', run: async () => 0 }],
      pollMs: 20,
      log: { error: (_obj, msg) => errors.push(msg ?? '') },
      control: { db: handle.db, clock: manualClock(new Date('2026-11-25T02:00:00Z')) },
    });
    runner.start();
    await new Promise((r) => setTimeout(r, 200));
    await runner.stop();
    expect(errors.filter((m) => m === 'job pass failed').length).toBeGreaterThanOrEqual(3);
  });
});
