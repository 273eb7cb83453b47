import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type TestEnv } from '../../testing/support.js';
import { refreshAllLights } from './lights.service.js';
import { storedCurrentRows } from './lights.punctuality.repo.js';

/*
 * The current period's report list reads its candidates by (due day, id) from an index in rounds
 * and keeps the fresh, owing ones. With stale and cancelled items among the first candidates and
 * rounds of two, every page must be the one a single query over every item gives.
 */

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

describe(`current report rows in rounds (${dialect})`, () => {
  it('pages exactly as one query over every item, across rounds and a cursor', async () => {
    const today = env.clock.today();
    await refreshAllLights(env.db, today, env.clock.now().toISOString());
    const ids = [env.consultations.wangcang, env.consultations.cangxi];
    const due = await env.db
      .selectFrom('items')
      .select(['id', 'punct_due'])
      .where('consultation_id', 'in', ids)
      .where('deleted_at', 'is', null)
      .where('punct_due', 'is not', null)
      .orderBy('punct_due')
      .orderBy('id')
      .execute();
    expect(due.length).toBeGreaterThan(8);
    // Among the first candidates: three made stale (their stored values no longer match their settings), one cancelled.
    await env.db.updateTable('items').set({ punct_basis: 'stale' }).where('id', 'in', [due[0].id, due[2].id, due[4].id]).execute();
    await env.db.updateTable('items').set({ status: 'cancelled' }).where('id', '=', due[3].id).execute();

    const expected = (
      await env.db
        .selectFrom('items as i')
        .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
        .select(['i.id', 'i.punct_due', 'i.punct_basis', 'i.status', 'c.report_cycle'])
        .where('i.consultation_id', 'in', ids)
        .where('i.deleted_at', 'is', null)
        .where('i.punct_due', 'is not', null)
        .where('i.status', '<>', 'cancelled')
        .where('i.punct_basis', '<>', 'stale')
        .orderBy('i.punct_due')
        .orderBy('i.id')
        .execute()
    ).map((r) => r.id);
    expect(expected).not.toContain(due[0].id);

    const seen: number[] = [];
    let after: [string, number] | undefined;
    for (;;) {
      const page = await storedCurrentRows(env.db, ids, today, { after, limit: 3, minBatch: 2 });
      seen.push(...page.map((r) => r.id));
      if (page.length < 3) break;
      const last = page[page.length - 1];
      after = [last.punct_due!, last.id];
    }
    expect(seen).toEqual(expected);
  });
});
