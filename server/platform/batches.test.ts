import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type TestEnv } from '../testing/support.js';
import { type Outcome, batcher, inBatchTransaction, leftNothingBehind } from './batches.js';
import type { Tx } from './db.js';
import { insertRows } from './db-helpers.js';
import type { Database } from './db-schema.js';
import { failedAhead } from './pg-pipeline.js';

/** A database error as node-postgres gives it: the server's SQLSTATE in `code`. */
const dbError = (message: string, code = '23505') => Object.assign(new Error(message), { code });

/** A write that waits until released, recording each batch it was given and how many ran at once. */
function gatedWrites(outcome: (input: string) => Outcome<string> = (i) => ({ ok: true, value: i.toUpperCase() })) {
  const batches: string[][] = [];
  const gates: (() => void)[] = [];
  let running = 0;
  let most = 0;
  return {
    batches,
    get most() {
      return most;
    },
    releaseAll() {
      gates.splice(0).forEach((open) => open());
    },
    async write(inputs: string[]) {
      batches.push(inputs);
      most = Math.max(most, ++running);
      await new Promise<void>((r) => gates.push(r));
      running--;
      return inputs.map(outcome);
    },
  };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('batches: requests that arrive together, served together', () => {
  it('writes one request alone and at once, and those arriving while it is written together after it', async () => {
    const w = gatedWrites();
    const batches = batcher<string, string>({ maxBatch: 32, maxInFlight: 1, run: (i) => w.write(i) });
    const first = batches.submit('a');
    expect(w.batches).toEqual([['a']]);
    const rest = ['b', 'c', 'd'].map((x) => batches.submit(x));
    await turn();
    expect(w.batches).toHaveLength(1);
    w.releaseAll();
    expect(await first).toBe('A');
    await turn();
    expect(w.batches).toEqual([['a'], ['b', 'c', 'd']]);
    w.releaseAll();
    expect(await Promise.all(rest)).toEqual(['B', 'C', 'D']);
  });

  it('groups the requests of a turn in which a batch ended, though nothing is being served', async () => {
    const w = gatedWrites();
    const batches = batcher<string, string>({ maxBatch: 32, maxInFlight: 1, run: (i) => w.write(i) });
    const first = batches.submit('a');
    w.releaseAll();
    expect(await first).toBe('A');
    // Its batch is over (a few promise steps after its answer), and this is still the turn it ended in:
    // nothing is being served, yet these wait for each other.
    for (let i = 0; i < 5; i++) await null;
    const next = ['b', 'c'].map((x) => batches.submit(x));
    expect(w.batches).toEqual([['a']]);
    await turn();
    expect(w.batches).toEqual([['a'], ['b', 'c']]);
    w.releaseAll();
    expect(await Promise.all(next)).toEqual(['B', 'C']);
    // A later turn: alone and at once again.
    await turn();
    const later = batches.submit('d');
    expect(w.batches).toEqual([['a'], ['b', 'c'], ['d']]);
    w.releaseAll();
    expect(await later).toBe('D');
  });

  it('keeps to its most per batch and its most at once', async () => {
    const w = gatedWrites();
    const batches = batcher<string, string>({ maxBatch: 3, maxInFlight: 2, run: (i) => w.write(i) });
    const all = Array.from({ length: 8 }, (_, i) => batches.submit(`x${i}`));
    // The first at once, alone; those arriving in the same turn together in the other slot.
    await turn();
    expect(w.batches).toEqual([['x0'], ['x1', 'x2', 'x3']]);
    w.releaseAll();
    await turn();
    expect(w.batches).toHaveLength(4);
    w.releaseAll();
    expect(await Promise.all(all)).toEqual(['X0', 'X1', 'X2', 'X3', 'X4', 'X5', 'X6', 'X7']);
    expect(w.most).toBe(2);
    expect(w.batches.map((b) => b.length)).toEqual([1, 3, 3, 1]);
  });

  it('answers a refused request with its own error and the rest of its batch with theirs', async () => {
    const refused = new Error('不能发表意见');
    const batches = batcher({
      maxBatch: 32,
      maxInFlight: 1,
      run: async (inputs: string[]) => inputs.map((i): Outcome<string> => (i === 'no' ? { ok: false, error: refused } : { ok: true, value: i })),
    });
    const settled = await Promise.allSettled(['yes', 'no', 'also'].map((x) => batches.submit(x)));
    expect(settled).toEqual([
      { status: 'fulfilled', value: 'yes' },
      { status: 'rejected', reason: refused },
      { status: 'fulfilled', value: 'also' },
    ]);
  });

  /**
   * A batcher of one slot held up by a first request, so the inputs submitted meanwhile wait and go
   * together to `serve`; what each got, and every batch served.
   */
  async function behindFirst(inputs: string[], serve: (batch: string[]) => Outcome<string>[]) {
    const w = gatedWrites();
    const batches = batcher<string, string>({
      maxBatch: 32,
      maxInFlight: 1,
      // This test's rule: a duplicate key left nothing behind.
      retryAlone: (error) => (error as { code?: string }).code === '23505',
      run: async (batch) => {
        if (batch.includes('first')) return w.write(batch);
        w.batches.push(batch);
        return serve(batch);
      },
    });
    const first = batches.submit('first');
    const settled = Promise.allSettled(inputs.map((x) => batches.submit(x)));
    w.releaseAll();
    await first;
    return { settled: await settled, served: w.batches };
  }

  it('serves a batch whose failure left nothing behind again one request at a time, so its failure reaches only its own', async () => {
    const { settled, served } = await behindFirst(['a', 'bad', 'c'], (batch) => {
      if (batch.includes('bad')) throw dbError(`refused ${batch.length}`);
      return batch.map((i) => ({ ok: true, value: i }));
    });
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(served).toEqual([['first'], ['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe('refused 1');
  });

  it('does not serve again a batch whose failure may have left something behind: each of its requests gets the error', async () => {
    const broken = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const { settled, served } = await behindFirst(['a', 'b'], () => {
      throw broken;
    });
    expect(settled).toEqual([
      { status: 'rejected', reason: broken },
      { status: 'rejected', reason: broken },
    ]);
    expect(served).toEqual([['first'], ['a', 'b']]);
  });

  it('refuses at once a request beyond its most waiting, with its busy answer', async () => {
    const w = gatedWrites();
    const full = new Error('busy');
    const batches = batcher<string, string>({ maxBatch: 32, maxInFlight: 1, maxWaiting: 2, busy: () => full, run: (i) => w.write(i) });
    const served = ['a', 'b', 'c'].map((x) => batches.submit(x));
    await expect(batches.submit('d')).rejects.toBe(full);
    w.releaseAll();
    await turn();
    w.releaseAll();
    expect(await Promise.all(served)).toEqual(['A', 'B', 'C']);
  });
});

describe(`a batch's transaction (${dialect})`, () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
    await sql`create table batch_parent (id integer primary key)`.execute(env.db);
    // Checked at the COMMIT: a failure there comes after the COMMIT went out.
    await sql`create table batch_child (id integer primary key, parent_id integer references batch_parent (id) deferrable initially deferred)`.execute(env.db);
  });
  afterAll(() => env?.close());

  const children = async () =>
    (
      await env.db
        .selectFrom('batch_child' as never)
        .selectAll()
        .execute()
    ).length;
  const failureOf = (work: (tx: Tx) => Promise<unknown>) =>
    inBatchTransaction(env.db, work).then(
      () => null,
      (error: unknown) => error,
    );

  it('marks a failure before the COMMIT as leaving nothing behind, and nothing is written', async () => {
    const error = await failureOf(async (tx) => {
      await sql`insert into batch_child (id, parent_id) values (1, null)`.execute(tx);
      await sql`insert into batch_child (id, parent_id) values (1, null)`.execute(tx);
    });
    expect(error).toMatchObject({ code: expect.any(String) });
    expect(leftNothingBehind(error)).toBe(true);
    expect(await children()).toBe(0);
  });

  it.runIf(dialect === 'postgres')('marks the failure of a statement sent ahead, which the COMMIT answers with, as leaving nothing behind', async () => {
    const error = await failureOf(async (tx) => {
      await insertRows<Database>(
        tx,
        'batch_child',
        ['id', 'parent_id'],
        [
          { id: 2, parent_id: null },
          { id: 2, parent_id: null },
        ],
        undefined,
        { ahead: true },
      );
    });
    expect(failedAhead(error)).toBe(true);
    expect(leftNothingBehind(error)).toBe(true);
    expect(await children()).toBe(0);
  });

  it('does not mark a failure at the COMMIT itself, nor a lost connection', async () => {
    const atCommit = await failureOf(async (tx) => {
      await sql`insert into batch_child (id, parent_id) values (3, 999)`.execute(tx);
    });
    expect(atCommit).not.toBeNull();
    expect(leftNothingBehind(atCommit)).toBe(false);
    const lost = await failureOf(async () => {
      throw new Error('Connection terminated unexpectedly');
    });
    expect(leftNothingBehind(lost)).toBe(false);
    expect(await children()).toBe(0);
    expect(await failureOf(async (tx) => sql`insert into batch_parent (id) values (1)`.execute(tx))).toBeNull();
  });
});
