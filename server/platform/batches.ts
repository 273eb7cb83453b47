import type { Db, Tx } from './db.js';
import { isFailoverError } from './pg-failover.js';
import { failedAhead } from './pg-pipeline.js';

/**
 * Requests that arrive together, served together. Those that come while earlier ones are being served
 * wait, and go to the database as one: for writes (a comment), one transaction, each request with its
 * own checks, rows and audit row, each answered only once that transaction has committed (group
 * commit); for reads (the item page), one statement for all their rows. Most of what a small write
 * costs the database is the transaction around it (BEGIN, the statements' start-up, COMMIT and its log
 * flush), and of a small read the statement's start-up and the messages each way; eight rows cost
 * little more than one. One client alone is still served alone: a batch starts as soon as a slot is
 * free, with what arrived by then, never waiting for company.
 *
 * A request refused by its own checks (not found, forbidden) is answered with its error and the others
 * go on. When a batch fails as a whole, its requests are served again one by one only where its
 * failure left nothing behind (`retryAlone`; for a transaction, `inBatchTransaction` tells), so that
 * a failure reaches only the request it belongs to. Otherwise (the COMMIT went out and its fate is
 * unknown, or the connection is lost and a failover under way) each request gets the error, as it
 * would have alone: a request written twice is worse than one answered with an error.
 */

export type Outcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

export interface Batcher<I, O> {
  submit(input: I): Promise<O>;
}

export interface BatchOptions<I, O> {
  /** Serves the inputs together (one transaction, one statement): one outcome per input, in order. Throws when that fails as a whole. */
  run(inputs: I[]): Promise<Outcome<O>[]>;
  /** Most inputs in one transaction. */
  maxBatch: number;
  /** Batches served at once (each holds a connection of the pool). */
  maxInFlight: number;
  /** Whether a batch that failed as a whole left nothing behind, so each of its requests may be served again alone. Never, unless given. */
  retryAlone?(error: unknown): boolean;
  /** Requests waiting at most; one more is refused at once with `busy()` (a stalled database must not gather requests without end). */
  maxWaiting?: number;
  busy?(): unknown;
}

interface Waiting<I, O> {
  input: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/**
 * Errors of a batch's transaction that left nothing of it written: thrown before its COMMIT went out,
 * or the error of a statement sent ahead, which the COMMIT answered with (pg-pipeline.ts). Not a lost
 * connection: serving each request again alone would wait out a failover once per request.
 */
const leftNothing = new WeakSet<object>();

/** Whether the batch whose transaction threw this may be served again one request at a time. */
export function leftNothingBehind(error: unknown): boolean {
  return typeof error === 'object' && error !== null && leftNothing.has(error);
}

/** A batch's transaction, its failure marked for `leftNothingBehind` when nothing of it can have been written. */
export async function inBatchTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  let committing = false;
  try {
    return await db.transaction().execute(async (tx) => {
      const result = await work(tx);
      committing = true;
      return result;
    });
  } catch (error) {
    if (typeof error === 'object' && error !== null && !isFailoverError(error) && (!committing || failedAhead(error))) leftNothing.add(error);
    throw error;
  }
}

/**
 * An id list's length rounded up to a power of two (the last id repeated): a statement with an IN list
 * has a text, a compiled shape and a prepared statement per length, and 6 lengths keep better than 32.
 */
export function paddedIds(ids: readonly number[]): number[] {
  const padded = [...ids];
  let n = 1;
  while (n < padded.length) n *= 2;
  while (padded.length < n) padded.push(padded.at(-1)!);
  return padded;
}

export function batcher<I, O>(o: BatchOptions<I, O>): Batcher<I, O> {
  const queue: Waiting<I, O>[] = [];
  let inFlight = 0;
  let scheduled = false;
  // Whether a batch ended in this turn of the event loop: then others may well be arriving with this one.
  let endedThisTurn = false;

  const settle = (w: Waiting<I, O>, outcome: Outcome<O>) => (outcome.ok ? w.resolve(outcome.value) : w.reject(outcome.error));

  async function serveAlone(w: Waiting<I, O>) {
    try {
      settle(w, (await o.run([w.input]))[0]!);
    } catch (error) {
      w.reject(error);
    }
  }

  async function run(batch: Waiting<I, O>[]) {
    try {
      const outcomes = await o.run(batch.map((w) => w.input));
      batch.forEach((w, i) => settle(w, outcomes[i]!));
    } catch (error) {
      if (batch.length > 1 && o.retryAlone?.(error)) {
        for (const w of batch) await serveAlone(w);
      } else {
        for (const w of batch) w.reject(error);
      }
    }
  }

  function pump() {
    while (inFlight < o.maxInFlight && queue.length) {
      const batch = queue.splice(0, o.maxBatch);
      inFlight++;
      void run(batch).finally(() => {
        inFlight--;
        if (!endedThisTurn) {
          endedThisTurn = true;
          setImmediate(() => (endedThisTurn = false));
        }
        pump();
      });
    }
  }

  // A batch that waits starts once the requests that arrived in this turn of the event loop have all come in.
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      pump();
    });
  }

  return {
    submit(input) {
      if (queue.length >= (o.maxWaiting ?? Infinity)) return Promise.reject(o.busy?.() ?? new Error('too many requests waiting'));
      return new Promise<O>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        // Nothing being served, nor just finished: a lone request, served at once. Else it goes with
        // whatever else arrives in this turn: SQLite serves a batch within the turn it starts in, so under
        // load the requests of one turn would otherwise each find nothing being served and go alone.
        if (inFlight === 0 && !endedThisTurn) pump();
        else schedule();
      });
    },
  };
}
