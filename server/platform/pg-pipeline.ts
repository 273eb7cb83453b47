import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';
import type pg from 'pg';
import { usePreparedStatements } from './pg-prepared.js';

/**
 * PostgreSQL transactions without a round trip for what nobody waits on. The connections run in
 * node-postgres's pipeline mode, where a statement goes out as soon as it is issued, behind those
 * still unanswered. On top of that, inside a transaction:
 *
 * - BEGIN is sent and not waited for: it travels with the transaction's first statement;
 * - a statement marked with `sendAhead` (an audit row, a search entry: writes whose answer the caller
 *   does not read) is sent and not waited for: it travels with the next statement or the COMMIT;
 * - a query marked with `askAhead` (a free audit lane, a new row's id: answers wanted later, not now)
 *   is sent the same way, and its answer is awaited where it is used (`answerOf`).
 *
 * A comment took seven round trips; it now takes two (a reply three, for its parent's check): the
 * item's checks with its new id and an audit lane asked ahead, then the comment, its search entry, its
 * audit row and the COMMIT. Kysely runs a
 * transaction's statements one after another, each awaited: here a statement sent or asked ahead
 * answers at once (SENT_AHEAD), and its real answer is collected later.
 *
 * Errors are not lost. PostgreSQL aborts a transaction at its first failed statement, so nothing
 * after it takes effect and the COMMIT answers ROLLBACK. The first statement awaited after a failed
 * one (the COMMIT at the latest) fails with the failed one's error, the one a caller would have got
 * had it waited, so it maps to the same answer (a 409 for a duplicate, say).
 */

// node-postgres's own conversion of a parameter to what it sends (not in its typed interface).
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue(value: unknown): unknown };

/** What a statement sent ahead answers at once: no rows, and whether it changed anything is unknown. */
export const SENT_AHEAD: QueryResult<never> = Object.freeze({ rows: Object.freeze([]) as unknown as never[] });

const ahead = new WeakSet<CompiledQuery>();
const asked = new WeakMap<CompiledQuery, Promise<QueryResult<unknown>> | null>();
const failedAheadErrors = new WeakSet<object>();

/** Whether an error is that of a statement sent ahead, thrown by a later one (the COMMIT, say). */
export function failedAhead(error: unknown): boolean {
  return typeof error === 'object' && error !== null && failedAheadErrors.has(error);
}

/**
 * Marks a compiled statement to be sent without waiting for its answer when it runs inside a
 * PostgreSQL transaction (elsewhere it runs as usual). Its caller must not need its rows.
 */
export function sendAhead<Q extends CompiledQuery>(query: Q): Q {
  ahead.add(query);
  return query;
}

/**
 * Marks a compiled statement to be sent at once, with the transaction's next statement, when it runs
 * inside a PostgreSQL transaction, its answer collected later by `answerOf` instead of in a round
 * trip of its own. Elsewhere it runs as usual.
 */
export function askAhead<Q extends CompiledQuery>(query: Q): Q {
  asked.set(query, null);
  return query;
}

/** The answer of a statement asked ahead and sent ahead; undefined when it ran as usual. */
export function answerOf<R>(query: CompiledQuery): Promise<QueryResult<R>> | undefined {
  return (asked.get(query) ?? undefined) as Promise<QueryResult<R>> | undefined;
}

/** Set while a statement is handed to node-postgres to be sent ahead (it writes it synchronously). */
let sendingAhead = false;

/**
 * What every PostgreSQL connection of the app's pools gets when it opens (db.ts, pg-failover.ts):
 * its statements prepared once (pg-prepared.ts) and the bytes of what it sends ahead held back.
 * Its pool must be in pipeline mode (PIPELINE) for statements to go out without waiting.
 */
export function readyConnection(client: pg.Client): void {
  usePreparedStatements(client);
  coalesceAheadWrites(client);
}

/** The pool option that puts its connections in pipeline mode. */
export const PIPELINE = { pipeline: true } as const;

/**
 * Holds back the bytes of statements sent ahead until the next statement on the same connection is
 * written (or the event loop turns), so both leave in one write and wake the server once: for a
 * comment, two system calls fewer on each side.
 */
function coalesceAheadWrites(client: pg.Client): void {
  const stream = (client as unknown as { connection: { stream: Duplex } }).connection.stream;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  let held = false;
  const release = () => {
    if (!held) return;
    held = false;
    stream.uncork();
  };
  (client as { query: unknown }).query = (...args: unknown[]) => {
    if (sendingAhead) {
      if (!held) {
        held = true;
        stream.cork();
        setImmediate(release);
      }
      return query(...args);
    }
    try {
      return query(...args);
    } finally {
      release();
    }
  };
}

class PipelinedConnection implements DatabaseConnection {
  inTransaction = false;
  private readonly unanswered = new Set<Promise<unknown>>();
  private failure: { error: unknown } | null = null;

  constructor(readonly inner: DatabaseConnection) {}

  /** Sends a statement and collects its answer later: a failure is thrown by the next awaited statement. */
  send(query: CompiledQuery): QueryResult<never> {
    // A value node-postgres cannot encode fails before anything reaches the server, which then has no
    // failed statement to abort the transaction for: the COMMIT would commit without it. So it fails here.
    for (const value of query.parameters) prepareValue(value);
    let answer: Promise<unknown>;
    sendingAhead = true;
    try {
      answer = this.inner.executeQuery(query);
    } finally {
      sendingAhead = false;
    }
    this.unanswered.add(answer);
    if (asked.has(query)) asked.set(query, answer as Promise<QueryResult<unknown>>);
    answer.then(
      () => this.unanswered.delete(answer),
      (error: unknown) => {
        this.unanswered.delete(answer);
        if (typeof error === 'object' && error !== null) failedAheadErrors.add(error);
        this.failure ??= { error };
      },
    );
    return SENT_AHEAD;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction && (ahead.has(query) || asked.has(query))) return this.send(query);
    this.throwFailure();
    const earlier = this.unanswered.size ? [...this.unanswered] : null;
    try {
      return await this.inner.executeQuery<R>(query);
    } finally {
      // Answered in order: those sent before this one have their answers by now.
      if (earlier) await Promise.allSettled(earlier);
      // The earlier failure is the cause of whatever this one answered.
      this.throwFailure();
    }
  }

  private throwFailure(): void {
    const failed = this.failure;
    if (!failed) return;
    this.failure = null;
    throw failed.error;
  }

  /** Waits for every statement sent so far and forgets a failure among them (rolled back to a savepoint). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.unanswered]);
    this.failure = null;
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }

  /** The transaction is over (committed or rolled back): anything still in flight was answered before its end. */
  ended(): void {
    this.inTransaction = false;
    this.failure = null;
  }
}

/** For a commit sent some other way than the driver's (data-changes.ts: the commit that also moves the data's version). */
export function transactionEnded(c: DatabaseConnection): void {
  if (c instanceof PipelinedConnection) c.ended();
}

class PipelinedDriver implements Driver {
  savepoint?: Driver['savepoint'];
  rollbackToSavepoint?: Driver['rollbackToSavepoint'];
  releaseSavepoint?: Driver['releaseSavepoint'];

  constructor(private readonly inner: Driver) {
    // Savepoints run through the pipelined connection, so they too wait for what went ahead of them.
    if (inner.savepoint) this.savepoint = (c, name, compile) => inner.savepoint!(c, name, compile);
    // Rolling back to a savepoint undoes a write sent ahead after it, its failure included: a failure
    // from before the savepoint was thrown by the SAVEPOINT itself.
    if (inner.rollbackToSavepoint) {
      this.rollbackToSavepoint = async (c, name, compile) => {
        const p = c as PipelinedConnection;
        await p.settle();
        return inner.rollbackToSavepoint!(p.inner, name, compile);
      };
    }
    if (inner.releaseSavepoint) this.releaseSavepoint = (c, name, compile) => inner.releaseSavepoint!(c, name, compile);
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new PipelinedConnection(await this.inner.acquireConnection());
  }

  async beginTransaction(c: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const p = c as PipelinedConnection;
    // Kysely's own BEGIN (isolation level, access mode), sent and not waited for. Should it fail (the
    // connection broke), the first statement awaited after it fails with its error.
    const sender = { executeQuery: (q: CompiledQuery) => Promise.resolve(p.send(q)), streamQuery: p.streamQuery.bind(p) };
    await this.inner.beginTransaction(sender as DatabaseConnection, settings);
    p.inTransaction = true;
  }

  async commitTransaction(c: DatabaseConnection): Promise<void> {
    try {
      await this.inner.commitTransaction(c);
    } finally {
      (c as PipelinedConnection).ended();
    }
  }

  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    const p = c as PipelinedConnection;
    try {
      await this.inner.rollbackTransaction(p.inner);
    } finally {
      p.ended();
    }
  }

  releaseConnection(c: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection((c as PipelinedConnection).inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** The same PostgreSQL dialect, with transactions pipelined as above; its pool must be in pipeline mode to gain from it. */
export function pipelineTransactions(dialect: Dialect): Dialect {
  return {
    createDriver: () => new PipelinedDriver(dialect.createDriver()),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
