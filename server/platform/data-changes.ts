import type { DatabaseConnection, Dialect, Driver, QueryExecutorProvider, QueryResult, TransactionSettings } from 'kysely';
import { CompiledQuery, sql } from 'kysely';
import { answerAsFirst, keepPrepared } from './pg-prepared.js';
import { failedAhead, SENT_AHEAD, transactionEnded } from './pg-pipeline.js';

/**
 * A version of the data that moves whenever the data may have changed, so an answer computed at one
 * version can be sent again while the version stands (answer-cache.ts).
 *
 * Writes through this process move it themselves, after they commit: every statement that is not a
 * plain read (insert, update, delete, DDL, raw SQL other than a select) and changed a row marks its
 * connection, and the version moves once that statement, or the transaction around it, has finished.
 *
 * SQLite: the version is a count in the process; another process's commits (the command line) show in
 * the file's data_version, read at most every PROBE_EVERY_MS.
 *
 * PostgreSQL, where several instances share the data: the version is the sequence huishang_changes
 * (migration 0036). After each write it commits, an instance advances the sequence, and a write is
 * answered only once that is done (`advanced`); before it sends a kept answer, an instance reads the
 * sequence with a query that began after the request arrived. So a read that follows a write, through
 * whichever instance, never gets what that write changed. Requests arriving together share one such
 * read, and writes committed together one advance. Only SQL typed straight into the database leaves the
 * sequence alone: the answer cache bounds how long it keeps an answer for that.
 */
export class DataChanges {
  private value = 0;
  private probed: number | null = null;
  private probedAt = -Infinity;
  private readonly advances: AfterNow<unknown> | null;
  private readonly reads: AfterNow<number> | null;
  private advancing: Promise<unknown> | null = null;
  /**
   * PostgreSQL: what commits a transaction that wrote and then advances the sequence, in one round
   * trip instead of two (a simple query of two statements; the second runs once the commit is durable).
   * to_regclass: before migration 0036 has made the sequence, nextval(null) is null, not an error
   * that would pass for a failed commit.
   */
  readonly commitAndAdvance: CompiledQuery | null;

  constructor(
    /** PostgreSQL: the database, for the sequence (statements that begin with select: never counted as writes). */
    db: (() => QueryExecutorProvider) | null,
    /** SQLite: the file's data_version, which moves when another connection commits. */
    private readonly probe: (() => number) | null = null,
    /** Told of every write this process commits (SQLite: when to move checkpoints off the request thread). */
    private readonly onWrite: (() => void) | null = null,
  ) {
    this.advances = db ? new AfterNow(() => sql`select nextval('huishang_changes')`.execute(db())) : null;
    this.reads = db
      ? new AfterNow(async () => {
          const { rows } = await db().getExecutor().executeQuery<{ v: number | string; called: boolean }>(READ_VERSION);
          return rows[0]!.called ? Number(rows[0]!.v) : 0;
        })
      : null;
    this.commitAndAdvance = db ? CompiledQuery.raw(COMMIT_AND_ADVANCE) : null;
  }

  /**
   * The version now: at once on SQLite; on PostgreSQL read by a query begun after this call (null when
   * it cannot be read, and then nothing is kept or sent from what was kept).
   */
  version(): number | Promise<number | null> {
    if (this.reads) return this.reads.next().catch(() => null);
    // Reading data_version looks at the file's shared memory, which cost more than the rest of a kept
    // answer (a sixth of the server's CPU under load): read at most every PROBE_EVERY_MS.
    const now = performance.now();
    if (this.probe && now - this.probedAt >= PROBE_EVERY_MS) {
      this.probedAt = now;
      let v: number;
      try {
        v = this.probe();
      } catch {
        // The connection is busy streaming rows: count it as a change, which costs only a fresh answer.
        return ++this.value;
      }
      if (v !== this.probed) {
        if (this.probed !== null) this.value++;
        this.probed = v;
      }
    }
    return this.value;
  }

  /**
   * A write through this process has committed. `advanced`: its commit was `commitAndAdvance`, so the
   * sequence has moved already.
   */
  wrote(advanced = false): void {
    this.value++;
    this.onWrite?.();
    if (this.advances && !advanced) this.advancing = this.advances.next().catch(() => {});
  }

  /**
   * Resolves once the version has moved past every write so far (at most ADVANCE_WAIT_MS: past that the
   * answer cache's age bound covers it); a write's answer waits for it.
   */
  async advanced(): Promise<void> {
    const out = this.advancing;
    if (!out) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([out, new Promise<void>((r) => (timer = setTimeout(r, ADVANCE_WAIT_MS)))]);
    clearTimeout(timer);
    if (this.advancing === out) this.advancing = null;
  }

  /** Before the database closes: the last writes' advance (a command-line run's) must reach it. */
  async close(): Promise<void> {
    await this.advanced();
  }
}

const COMMIT_AND_ADVANCE = `commit; select nextval(to_regclass('huishang_changes'))`;
// Read before every batch of kept answers: compiled once, and prepared once per connection (pg-prepared.ts).
const READ_VERSION = CompiledQuery.raw('select last_value as v, is_called as called from huishang_changes');
keepPrepared(READ_VERSION.sql);
/** insufficient_privilege, sequence_generator_limit_exceeded: never a commit's. */
const ADVANCE_ONLY_ERRORS = new Set(['42501', '2200H']);
// Its answer is the commit's, which says whether the transaction committed or was rolled back.
answerAsFirst(COMMIT_AND_ADVANCE);

const PROBE_EVERY_MS = 50;
const ADVANCE_WAIT_MS = 10_000;

/**
 * Runs `run` so that every caller of next() gets a run begun after its call: one in flight at most, and
 * all who ask while it runs share the one after it.
 */
class AfterNow<T> {
  private running: Promise<T> | null = null;
  private queued: Promise<T> | null = null;

  constructor(private readonly run: () => Promise<T>) {}

  next(): Promise<T> {
    if (this.queued) return this.queued;
    if (!this.running) return this.start();
    const after = this.running.then(
      () => undefined,
      () => undefined,
    );
    this.queued = after.then(() => {
      this.queued = null;
      return this.start();
    });
    return this.queued;
  }

  private start(): Promise<T> {
    const p = this.run();
    this.running = p;
    const clear = () => {
      if (this.running === p) this.running = null;
    };
    p.then(clear, clear);
    return p;
  }
}

type Watched = DatabaseConnection & { inner: DatabaseConnection; inTransaction: boolean; wroteInTransaction: boolean };

/**
 * The server's own bookkeeping, which no kept answer reads (a route marked `kept` must not): the job
 * runner's leases and runs every few seconds, a session's or token's last use. Writes to these leave
 * kept answers standing.
 */
const BOOKKEEPING = new Set(['jobs', 'job_runs', 'sessions', 'api_tokens']);

type Node = { kind: string } & Record<string, unknown>;

function tableName(node: unknown): string | null {
  const n = node as Node | undefined;
  if (!n) return null;
  if (n.kind === 'AliasNode') return tableName(n.node);
  if (n.kind === 'TableNode') return ((n.table as Node).identifier as { name: string }).name;
  return null;
}

/** The one table a plain insert, update or delete writes to; null for anything else. */
function writtenTable(query: Node): string | null {
  if (query.kind === 'InsertQueryNode') return tableName(query.into);
  if (query.kind === 'UpdateQueryNode') return tableName(query.table);
  if (query.kind === 'DeleteQueryNode') {
    const froms = (query.from as { froms: unknown[] } | undefined)?.froms;
    return froms?.length === 1 ? tableName(froms[0]) : null;
  }
  return null;
}

/** Whether a statement may change what an answer shows: not a select, not bookkeeping. */
function writes(query: CompiledQuery): boolean {
  const node = query.query as unknown as Node;
  if (node.kind === 'SelectQueryNode') return false;
  if (node.kind === 'RawNode') return !/^\s*select\b/i.test(query.sql);
  const table = writtenTable(node);
  return table === null || !BOOKKEEPING.has(table);
}

const PLAIN_WRITES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);

/** Whether a finished write changed anything: an update that matched no row did not. */
function changed(query: CompiledQuery, result: QueryResult<unknown>): boolean {
  // Sent without waiting for its answer (pg-pipeline.ts): it may have.
  if (result === SENT_AHEAD) return true;
  if (result.numAffectedRows !== undefined) return result.numAffectedRows > 0n;
  if (result.rows.length > 0) return true;
  // SQLite reports no count for a statement with RETURNING: no row returned means no row written.
  return !PLAIN_WRITES.has(query.query.kind);
}

class WatchedDriver implements Driver {
  savepoint?: Driver['savepoint'];
  rollbackToSavepoint?: Driver['rollbackToSavepoint'];
  releaseSavepoint?: Driver['releaseSavepoint'];

  constructor(
    private readonly inner: Driver,
    private readonly changes: DataChanges,
  ) {
    // Kysely asks whether a driver has savepoints before using them: offer exactly the inner driver's.
    if (inner.savepoint) this.savepoint = (c, name, compile) => inner.savepoint!((c as Watched).inner, name, compile);
    if (inner.rollbackToSavepoint) this.rollbackToSavepoint = (c, name, compile) => inner.rollbackToSavepoint!((c as Watched).inner, name, compile);
    if (inner.releaseSavepoint) this.releaseSavepoint = (c, name, compile) => inner.releaseSavepoint!((c as Watched).inner, name, compile);
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await this.inner.acquireConnection();
    const changes = this.changes;
    const watched: Watched = {
      inner,
      inTransaction: false,
      wroteInTransaction: false,
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        if (!writes(query)) return inner.executeQuery<R>(query);
        let result: QueryResult<R> | undefined;
        try {
          result = await inner.executeQuery<R>(query);
          return result;
        } finally {
          // A statement that failed may have written before it failed (a raw script): count it.
          const did = result === undefined || changed(query, result);
          if (did && watched.inTransaction) watched.wroteInTransaction = true;
          else if (did) changes.wrote();
        }
      },
      streamQuery: <R>(query: CompiledQuery, chunkSize?: number) => inner.streamQuery<R>(query, chunkSize),
    };
    return watched;
  }

  beginTransaction(c: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const w = c as Watched;
    w.inTransaction = true;
    w.wroteInTransaction = false;
    return this.inner.beginTransaction(w.inner, settings);
  }

  async commitTransaction(c: DatabaseConnection): Promise<void> {
    const w = c as Watched;
    const combined = w.wroteInTransaction ? this.changes.commitAndAdvance : null;
    let advanced = false;
    try {
      if (combined) {
        let rows: { command?: string }[] = [];
        try {
          ({ rows } = await w.inner.executeQuery<{ command?: string }>(combined));
          advanced = true;
        } catch (err) {
          // Only the advance can fail with these (no right to the sequence, or it ran out): the commit
          // before it went through, so the write stands and the version moves the ordinary way below.
          // Unless the error is an earlier statement's, sent ahead and failed: then nothing committed.
          if (!ADVANCE_ONLY_ERRORS.has((err as { code?: string }).code ?? '') || failedAhead(err)) throw err;
        }
        // As Kysely's own commit: PostgreSQL ends a transaction an earlier error aborted with ROLLBACK.
        if (rows[0]?.command === 'ROLLBACK') throw new Error('Transaction was rolled back instead of committed');
      } else await this.inner.commitTransaction(w.inner);
    } finally {
      if (combined) transactionEnded(w.inner);
      // A commit that failed may still have committed (the connection went mid-way): count it.
      if (w.wroteInTransaction) this.changes.wrote(advanced);
      w.inTransaction = false;
      w.wroteInTransaction = false;
    }
  }

  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    const w = c as Watched;
    w.inTransaction = false;
    w.wroteInTransaction = false;
    await this.inner.rollbackTransaction(w.inner);
  }

  releaseConnection(c: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection((c as Watched).inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** The same dialect, with every write through it moving `changes` once it has finished. */
export function watchWrites(dialect: Dialect, changes: DataChanges): Dialect {
  return {
    createDriver: () => new WatchedDriver(dialect.createDriver(), changes),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
