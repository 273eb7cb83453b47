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
 * go on. When the transaction itself fails, the database has rolled it back whole (nothing of it was
 * written), so each of its requests is written again alone, and a failure reaches only the request it
 * belongs to. A failure without the database's answer (the connection broke, perhaps after the COMMIT
 * went out) is not retried: it could have committed, and a request written twice is worse than one
 * answered with an error.
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
}

interface Waiting<I, O> {
  input: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/** Whether the database answered with an error, so the transaction is known to have rolled back. */
export function rolledBack(error: unknown): boolean {
  // node-postgres's DatabaseError and better-sqlite3's SqliteError both carry the database's code as a string.
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.length > 0 && !code.startsWith('ECONN') && code !== 'EPIPE' && code !== 'ETIMEDOUT';
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
      if (batch.length > 1 && rolledBack(error)) {
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
