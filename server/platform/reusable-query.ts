import type { Compilable, CompiledQuery } from 'kysely';
import type { Db, Tx } from './db.js';
import { dialectOf } from './db-helpers.js';
import { keepPrepared } from './pg-prepared.js';
import { answerOf, askAhead, sendAhead } from './pg-pipeline.js';

/**
 * Kysely builds and compiles a query's SQL afresh on every call; for the small indexed queries of a
 * hot read path that costs several times more than running them. A reusable query is built once per
 * shape with named placeholders in place of its parameters, and each later run only fills the
 * values into the same SQL text (which SQLite's prepared-statement cache then also recognises).
 *
 * A parameter may be a scalar or an array (an IN list: one shape per length). The build function
 * must hand every parameter to Kysely unchanged (it may only look at whether one is present): a
 * placeholder concatenated or used up in JavaScript would silently turn into a constant, so that
 * is detected and refused when the shape is first built.
 * Anything else the SQL depends on (the caller, for a visibility rule) comes in as `context`, and
 * the `key` given with it decides which built shape it may share.
 */
export interface ReusableQuery<P, R, C> {
  /** `key` must tell apart every `context` the build would turn into different SQL or constants. */
  run(conn: Db | Tx, params: P, ...context: [C] extends [undefined] ? [] : [context: C, key: string]): Promise<R[]>;
  /**
   * Runs a write whose answer the caller does not read: inside a PostgreSQL transaction it is sent
   * without waiting for the answer, which the transaction's next statement or COMMIT collects, a
   * failure included (pg-pipeline.ts); anywhere else it runs as `run` does.
   */
  send(conn: Db | Tx, params: P, ...context: [C] extends [undefined] ? [] : [context: C, key: string]): Promise<void>;
  /**
   * Runs a query whose answer the caller needs later, not now: inside a PostgreSQL transaction it is
   * sent with the transaction's next statement (pg-pipeline.ts), so issue it, issue what comes next,
   * and await it when its rows are wanted. Anywhere else it runs as `run` does.
   */
  ask(conn: Db | Tx, params: P, ...context: [C] extends [undefined] ? [] : [context: C, key: string]): Promise<R[]>;
}

type Slot = { value: unknown } | { name: string; index: number | null };

interface Prepared {
  sql: string;
  query: CompiledQuery['query'];
  queryId: CompiledQuery['queryId'];
  slots: Slot[];
}

// A private-use character no real value starts with, then the parameter's name and list position.
const MARK = '\uE000param:';
/** Past this many shapes (IN-list lengths times keys) the oldest are compiled again when needed. */
const MAX_SHAPES = 300;
/** A list longer than a page (a whole-list export) is rare enough to build the ordinary way. */
const MAX_LIST = 200;

type Buildable<R> = Compilable<R> & { execute(): Promise<R[]> };

export function reusableQuery<P extends object, R, C = undefined>(build: (conn: Db | Tx, p: P, context: C) => Buildable<R>): ReusableQuery<P, R, C> {
  const shapes = new Map<string, Prepared>();
  function compiled(conn: Db | Tx, params: P, rest: unknown[]): CompiledQuery<R> | null {
    const [context, key] = rest as [C, string | undefined];
    const values = params as Record<string, unknown>;
    if (Object.values(values).some((v) => Array.isArray(v) && v.length > MAX_LIST)) return null;
    const shape = shapeOf(conn, values, key ?? '');
    let prepared = shapes.get(shape);
    if (!prepared) {
      prepared = prepare(conn, params, (c, p) => build(c, p, context));
      if (shapes.size >= MAX_SHAPES) shapes.delete(shapes.keys().next().value!);
      shapes.set(shape, prepared);
    }
    const parameters = prepared.slots.map((s) => {
      if ('value' in s) return s.value;
      const v = values[s.name];
      return s.index === null ? v : (v as unknown[])[s.index];
    });
    return { sql: prepared.sql, query: prepared.query, queryId: prepared.queryId, parameters };
  }
  return {
    async run(conn, params, ...rest) {
      const query = compiled(conn, params, rest);
      if (!query) return build(conn, params, rest[0] as C).execute();
      return (await conn.executeQuery(query)).rows;
    },
    async send(conn, params, ...rest) {
      const query = compiled(conn, params, rest);
      if (!query) await build(conn, params, rest[0] as C).execute();
      else await conn.executeQuery(sendAhead(query));
    },
    async ask(conn, params, ...rest) {
      const query = compiled(conn, params, rest);
      if (!query) return build(conn, params, rest[0] as C).execute();
      const result = await conn.executeQuery(askAhead(query));
      return ((await answerOf<R>(query)) ?? result).rows;
    },
  };
}

// The compiled text depends on the dialect (placeholders, quoting), so shapes are kept per dialect.
const dialectIds = new WeakMap<object, number>();
let nextDialectId = 1;
function shapeOf(conn: Db | Tx, params: Record<string, unknown>, key: string): string {
  const adapter = conn.getExecutor().adapter.constructor;
  let dialect = dialectIds.get(adapter);
  if (dialect === undefined) dialectIds.set(adapter, (dialect = nextDialectId++));
  // Which parameters are present is part of the shape: the build may add a condition only for those.
  let s = `${dialect}|${key}`;
  for (const name in params) {
    const v = params[name];
    if (v !== undefined) s += v === null ? `|${name}=null` : Array.isArray(v) ? `|${name}[${v.length}]` : `|${name}`;
  }
  return s;
}

function prepare<P extends object, R>(conn: Db | Tx, params: P, build: (conn: Db | Tx, p: P) => Buildable<R>): Prepared {
  const marked: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(params)) {
    if (v === undefined || v === null) {
      marked[name] = v;
      continue;
    }
    marked[name] = Array.isArray(v) ? v.map((_, i) => `${MARK}${name}#${i}`) : `${MARK}${name}`;
  }
  const compiled = build(conn, marked as P).compile();
  if (compiled.sql.includes(MARK)) throw new Error('reusableQuery: a parameter was written into the SQL text instead of being bound');
  const slots: Slot[] = compiled.parameters.map((value) => {
    if (typeof value !== 'string' || !value.includes(MARK)) return { value };
    const m = /^\uE000param:([A-Za-z_$][\w$]*)(?:#(\d+))?$/.exec(value);
    if (!m) throw new Error('reusableQuery: a parameter was altered before reaching the query; pass it through unchanged');
    return { name: m[1], index: m[2] === undefined ? null : Number(m[2]) };
  });
  // A placeholder that never reached the query was used up in JavaScript (compared, converted).
  const bound = new Set(slots.map((s) => ('name' in s ? `${s.name}#${s.index}` : '')));
  for (const name in marked) {
    const v = marked[name];
    if (v === undefined || v === null) continue;
    const wanted = Array.isArray(v) ? v.map((_, i) => `${name}#${i}`) : [`${name}#null`];
    if (wanted.some((w) => !bound.has(w))) throw new Error(`reusableQuery: parameter "${name}" did not reach the query`);
  }
  // On PostgreSQL the text is parsed (and possibly planned) once per connection; SQLite's statement cache does the same by text.
  if (dialectOf(conn) === 'postgres') keepPrepared(compiled.sql);
  return { sql: compiled.sql, query: compiled.query, queryId: compiled.queryId, slots };
}
