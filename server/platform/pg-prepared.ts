import pg from 'pg';
import { createRequire } from 'node:module';

const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue: (v: unknown) => unknown };

/**
 * PostgreSQL plans every statement it is sent unnamed afresh: for the small indexed queries of a
 * hot path, parsing and planning took several times longer than running them (EXPLAIN ANALYZE:
 * 0.2–1.7 ms of planning against 0.01–0.2 ms of execution). The SQL texts that reusable queries
 * build once (reusable-query.ts) are therefore sent as named prepared statements: each connection
 * parses them once, and the server may keep a generic plan once it costs no more than the custom
 * ones (plan_cache_mode auto), so a plan that depends on the values is still made per run.
 */
const names = new Map<string, string>();
/** The same few hundred shapes recur; past this many, further texts go unnamed rather than fill every connection. */
const MAX_NAMED = 1000;

/** Marks a SQL text as worth keeping prepared on every connection that runs it. */
export function keepPrepared(sql: string): void {
  if (names.has(sql) || names.size >= MAX_NAMED) return;
  // One name per text for the life of the process, so a connection never meets a name with another text.
  names.set(sql, `hs_${names.size + 1}`);
}

const firstAnswers = new Set<string>();

/**
 * Marks a text of several statements (a simple query) as answering with its first statement's result,
 * as a one-statement text does; pg answers such a text with an array that Kysely cannot read.
 */
export function answerAsFirst(sql: string): void {
  firstAnswers.add(sql);
}

/** What a named statement's rows look like on one connection: null when it answers none. */
type Layout = { fields: readonly { name: string }[]; parsers: readonly unknown[]; prebuilt: object } | null;
const layouts = new WeakMap<object, Map<string, Layout>>();

/** node-postgres's query, as far as NamedQuery reaches into it (pg 8). */
interface QueryInternals {
  name: string;
  values: unknown[] | undefined;
  portal: string;
  binary: boolean;
  rows: number | undefined;
  _result: { fields: readonly { name: string }[]; _parsers: readonly unknown[]; _prebuiltEmptyResultObject: object };
  _accumulateRows: boolean;
  _canceledDueToError: unknown;
  _getRows(connection: object, rows: number | undefined): void;
  hasBeenParsed(connection: object): boolean;
  prepare(connection: object): void;
  handleRowDescription(msg: object): void;
  handleDataRow(msg: { fields: unknown[] }): void;
  handleCommandComplete(msg: object, connection: object): void;
  handleError(error: unknown, connection: object): void;
}
const query8 = pg.Query.prototype as unknown as QueryInternals;
type Wire = { bind(o: object): void; sync(): void };

/**
 * A named statement. node-postgres asks the server to describe the rows at every run: a message each
 * way, and the columns' parsers looked up and a template row built afresh. A prepared statement's rows
 * look the same at every run on its connection (the server refuses to run it otherwise), so only its
 * first run there asks; later runs use what that one was told. Two builds side by side on one
 * database: 5–11% less of the server's CPU per comment and per item page.
 */
class NamedQuery extends pg.Query {
  /** The statements this run's connection has described, while this run asks to be told. */
  private learnFor: Map<string, Layout> | null = null;
  /** The description this run reads its rows with, when it did not ask. */
  private told: { known: Map<string, Layout>; layout: NonNullable<Layout> } | null = null;

  /** node-postgres's own fields and methods of this query. */
  private get internals(): QueryInternals {
    return this as unknown as QueryInternals;
  }

  prepare(connection: object): void {
    const self = this.internals;
    const wire = connection as Wire;
    // The values as they go on the wire (text, bytes or null), converted once here: a value
    // node-postgres cannot send then fails the run before anything is written but the Sync its answer
    // waits for. Its own handling would also close the prepared statement, which every later run on
    // the connection would then miss.
    try {
      self.values = self.values?.map(prepareValue);
    } catch (error) {
      wire.sync();
      self.handleError(error, connection);
      return;
    }
    let known = layouts.get(connection);
    if (!known) layouts.set(connection, (known = new Map()));
    const layout = known.get(self.name);
    if (layout === undefined || self.rows || !self.hasBeenParsed(connection)) {
      this.learnFor = known;
      query8.prepare.call(this, connection);
      return;
    }
    wire.bind({ portal: self.portal, statement: self.name, values: self.values, binary: self.binary });
    if (layout) {
      self._result.fields = layout.fields;
      self._result._parsers = layout.parsers;
      self._result._prebuiltEmptyResultObject = layout.prebuilt;
      self._accumulateRows = true;
      this.told = { known, layout };
    }
    self._getRows(connection, undefined);
  }

  handleRowDescription(msg: object): void {
    query8.handleRowDescription.call(this, msg);
    const { name, _result: r } = this.internals;
    this.learnFor?.set(name, { fields: Object.freeze(r.fields), parsers: Object.freeze(r._parsers), prebuilt: r._prebuiltEmptyResultObject });
    this.learnFor = null;
  }

  handleDataRow(msg: { fields: unknown[] }): void {
    // Behind a pooler that prepares statements on its own connections, a table changed while the app
    // runs is not refused by the server: a row of another width fails the run, and the next one asks.
    const told = this.told;
    if (told && msg.fields.length !== told.layout.fields.length) {
      const self = this.internals;
      told.known.delete(self.name);
      self._canceledDueToError ||= new Error(`prepared statement ${self.name}: its rows no longer have the columns it was described with; run it again`);
      return;
    }
    query8.handleDataRow.call(this, msg);
  }

  handleCommandComplete(msg: object, connection: object): void {
    // Complete without a description: a statement that answers no rows.
    this.learnFor?.set(this.internals.name, null);
    this.learnFor = null;
    query8.handleCommandComplete.call(this, msg, connection);
  }
}

function namedQuery(query: (q: pg.Query) => unknown, name: string, text: string, values: unknown[]): Promise<pg.QueryResult> {
  const q = new NamedQuery(text, values) as unknown as pg.Query & { name: string; callback: (error: Error | null, result: pg.QueryResult) => void };
  q.name = name;
  return new Promise<pg.QueryResult>((resolve, reject) => {
    q.callback = (error, result) => (error ? reject(error) : resolve(result));
    query(q);
  }).catch((error: unknown) => {
    // As node-postgres does for its own promises: a stack that leads back to the caller, not to the socket.
    if (typeof error === 'object' && error !== null) Error.captureStackTrace(error);
    throw error;
  });
}

/** Sends the marked texts a connection runs as named statements; everything else as before. */
export function usePreparedStatements(client: pg.Client): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    const name = args.length === 2 && typeof text === 'string' && Array.isArray(values) ? names.get(text) : undefined;
    if (name) return namedQuery(query, name, text as string, values as unknown[]);
    if (typeof text === 'string' && firstAnswers.has(text)) return (query(...args) as Promise<unknown>).then((r) => (Array.isArray(r) ? r[0] : r));
    return query(...args);
  };
}
