import type { DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';
import type { CompiledQuery } from 'kysely';
import pg from 'pg';
import { randomUUID } from 'node:crypto';

/**
 * A number that moves whenever the data may have changed, so an answer computed at one number can be
 * served again while the number stays put (answer-cache.ts).
 *
 * Writes through this process move it themselves, after they commit: every statement that is not a
 * plain read (insert, update, delete, DDL, raw SQL other than a select) marks its connection, and the
 * number moves once that statement, or the transaction around it, has finished. Writes through other
 * instances on the same PostgreSQL move it when their notice arrives on this instance's listening
 * connection (milliseconds); a command-line run announces its writes once as it closes the database.
 * On SQLite, another process's commits show in the file's data_version (within PROBE_EVERY_MS). Only
 * SQL typed straight into the database goes unseen: the answer cache bounds how long it keeps an answer.
 */
export class DataChanges {
  private value = 0;
  /** Whether every instance's writes reach this process: SQLite (one process), or PostgreSQL while listening. */
  private hearsAll: boolean;
  private listener: Listener | null = null;
  /** Writes no listener announced (a command-line run, or before listening began). */
  private unannounced = false;
  private probed: number | null = null;
  private probedAt = -Infinity;

  constructor(
    readonly dialect: 'sqlite' | 'postgres',
    private readonly url: string | null,
    /** SQLite: the file's data_version, which moves when another connection commits. */
    private readonly probe: (() => number) | null = null,
  ) {
    this.hearsAll = dialect === 'sqlite';
  }

  get generation(): number {
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

  /** Whether writes were made that no other instance has been told of (PostgreSQL, without a listener). */
  get owesNotice(): boolean {
    return this.unannounced && this.dialect === 'postgres';
  }

  /** Whether an answer may be kept at all: on PostgreSQL only while other instances' notices can arrive. */
  get trustworthy(): boolean {
    return this.hearsAll;
  }

  /** A write through this process has finished. */
  wrote(): void {
    this.value++;
    if (this.listener?.announce()) return;
    this.unannounced = true;
  }

  /**
   * Resolves once the other instances have been told of every write so far (at most ANNOUNCE_WAIT_MS:
   * past that the answer cache's age bound covers it), so a write's answer goes out only after its
   * notice: whoever reads next through another instance then finds the answer that instance kept dropped.
   */
  async announced(): Promise<void> {
    const out = this.listener?.announced();
    if (!out) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([out, new Promise<void>((r) => (timer = setTimeout(r, ANNOUNCE_WAIT_MS)))]);
    clearTimeout(timer);
  }

  /** Another instance wrote, or this one may have missed that it did. */
  heard(): void {
    this.value++;
  }

  /**
   * PostgreSQL: listen for the other instances' writes and tell them of ours; resolves once listening.
   * Without a URL (a multi-host URL: the listener would have to follow the primary) nothing is kept.
   */
  async listen(): Promise<void> {
    if (this.dialect !== 'postgres' || !this.url || this.listener) return;
    this.listener = new Listener(
      this.url,
      (listening) => {
        // Whatever happened while deaf is unknown: start over from a new number.
        this.value++;
        this.hearsAll = listening;
      },
      () => this.heard(),
    );
    // A database that does not take the listening connection now leaves the cache off; it retries.
    await this.listener.start().catch(() => {});
    // What this process wrote before (its migrations, say): the others hear of it now.
    if (this.unannounced && this.listener.announce()) this.unannounced = false;
  }

  async close(): Promise<void> {
    const l = this.listener;
    this.listener = null;
    this.hearsAll = this.dialect === 'sqlite';
    await l?.stop();
  }
}

export const CHANNEL = 'huishang_data';
const PROBE_EVERY_MS = 50;
const ANNOUNCE_WAIT_MS = 1000;
const RECONNECT_MS = 1000;

/** One connection of its own that listens for the other instances' notices and sends this one's. */
class Listener {
  private client: pg.Client | null = null;
  private readonly self = randomUUID();
  private stopped = false;
  private sending = false;
  /** Writes announced, and of those how many a finished notice covers. */
  private wanted = 0;
  private sent = 0;
  private waiters: { upTo: number; resolve: () => void }[] = [];
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly onState: (listening: boolean) => void,
    private readonly onNotice: () => void,
  ) {}

  async start(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 10_000 });
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      this.release();
      this.onState(false);
      client.end().catch(() => {});
      if (!this.stopped) this.retry = setTimeout(() => void this.start().catch(() => {}), RECONNECT_MS);
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (n) => {
      if (n.channel === CHANNEL && n.payload !== this.self) this.onNotice();
    });
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
    } catch (err) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      if (!this.stopped) this.retry = setTimeout(() => void this.start().catch(() => {}), RECONNECT_MS);
      throw err;
    }
    this.client = client;
    this.onState(true);
  }

  /**
   * Tells the other instances. Many writes in a burst become one notice in flight and one more after
   * it, since a notice only says "something changed" and each instance then starts afresh.
   */
  announce(): boolean {
    if (!this.client) return false;
    this.wanted++;
    if (!this.sending) this.send(this.client);
    return true;
  }

  private send(client: pg.Client): void {
    this.sending = true;
    const covers = this.wanted;
    client
      .query('select pg_notify($1, $2)', [CHANNEL, this.self])
      .catch(() => {})
      .finally(() => {
        this.sending = false;
        this.sent = covers;
        this.waiters = this.waiters.filter((w) => (w.upTo <= covers ? (w.resolve(), false) : true));
        if (this.wanted > this.sent && this.client) this.send(this.client);
        else this.release();
      });
  }

  /** Resolves once every write announced so far has gone out to the other instances (or could not); null when none is waiting. */
  announced(): Promise<void> | null {
    if (!this.client || this.sent >= this.wanted) return null;
    return new Promise((resolve) => this.waiters.push({ upTo: this.wanted, resolve }));
  }

  /** A lost connection sends nothing more: nobody waits on it. */
  private release(): void {
    if (this.client) return;
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = null;
    this.release();
    await c?.end().catch(() => {});
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
    try {
      await this.inner.commitTransaction(w.inner);
    } finally {
      // A commit that failed may still have committed (the connection went mid-way): count it.
      if (w.wroteInTransaction) this.changes.wrote();
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
