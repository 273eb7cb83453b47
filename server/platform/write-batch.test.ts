import { describe, expect, it } from 'vitest';
import { type Outcome, rolledBack, writeBatcher } from './write-batch.js';

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

describe('write batches (group commit)', () => {
  it('writes one request alone and at once, and those arriving while it is written together after it', async () => {
    const w = gatedWrites();
    const batcher = writeBatcher<string, string>({ maxBatch: 32, maxInFlight: 1, write: (i) => w.write(i) });
    const first = batcher.submit('a');
    await turn();
    expect(w.batches).toEqual([['a']]);
    const rest = ['b', 'c', 'd'].map((x) => batcher.submit(x));
    await turn();
    expect(w.batches).toHaveLength(1);
    w.releaseAll();
    expect(await first).toBe('A');
    await turn();
    expect(w.batches).toEqual([['a'], ['b', 'c', 'd']]);
    w.releaseAll();
    expect(await Promise.all(rest)).toEqual(['B', 'C', 'D']);
  });

  it('keeps to its most per batch and its most at once', async () => {
    const w = gatedWrites();
    const batcher = writeBatcher<string, string>({ maxBatch: 3, maxInFlight: 2, write: (i) => w.write(i) });
    const all = Array.from({ length: 8 }, (_, i) => batcher.submit(`x${i}`));
    await turn();
    expect(w.batches).toEqual([
      ['x0', 'x1', 'x2'],
      ['x3', 'x4', 'x5'],
    ]);
    w.releaseAll();
    await turn();
    expect(w.batches).toHaveLength(3);
    w.releaseAll();
    expect(await Promise.all(all)).toEqual(['X0', 'X1', 'X2', 'X3', 'X4', 'X5', 'X6', 'X7']);
    expect(w.most).toBe(2);
    expect(w.batches.map((b) => b.length)).toEqual([3, 3, 2]);
  });

  it('answers a refused request with its own error and the rest of its batch with theirs', async () => {
    const refused = new Error('不能发表意见');
    const batcher = writeBatcher({
      maxBatch: 32,
      maxInFlight: 1,
      write: async (inputs: string[]) => inputs.map((i): Outcome<string> => (i === 'no' ? { ok: false, error: refused } : { ok: true, value: i })),
    });
    const settled = await Promise.allSettled(['yes', 'no', 'also'].map((x) => batcher.submit(x)));
    expect(settled).toEqual([
      { status: 'fulfilled', value: 'yes' },
      { status: 'rejected', reason: refused },
      { status: 'fulfilled', value: 'also' },
    ]);
  });

  it('writes a batch the database rolled back again one request at a time, so its failure reaches only its own', async () => {
    const batches: string[][] = [];
    const batcher = writeBatcher({
      maxBatch: 32,
      maxInFlight: 1,
      write: async (inputs: string[]) => {
        batches.push(inputs);
        if (inputs.includes('bad')) throw dbError(`refused ${inputs.length}`);
        return inputs.map((i): Outcome<string> => ({ ok: true, value: i }));
      },
    });
    const settled = await Promise.allSettled(['a', 'bad', 'c'].map((x) => batcher.submit(x)));
    expect(batches).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe('refused 1');
  });

  it('does not write again a batch whose fate is unknown (the connection broke): each of its requests gets the error', async () => {
    let calls = 0;
    const broken = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const batcher = writeBatcher({
      maxBatch: 32,
      maxInFlight: 1,
      write: async () => {
        calls++;
        throw broken;
      },
    });
    const settled = await Promise.allSettled(['a', 'b'].map((x) => batcher.submit(x)));
    expect(settled).toEqual([
      { status: 'rejected', reason: broken },
      { status: 'rejected', reason: broken },
    ]);
    expect(calls).toBe(1);
  });

  it('tells a rolled-back transaction from one whose end is unknown', () => {
    expect(rolledBack(dbError('duplicate key', '23505'))).toBe(true);
    expect(rolledBack(Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT_TRIGGER' }))).toBe(true);
    expect(rolledBack(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(rolledBack(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(false);
    expect(rolledBack(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(false);
  });
});
