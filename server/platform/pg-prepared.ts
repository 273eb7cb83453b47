import pg from 'pg';

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

/**
 * A named statement as node-postgres's own query object, made from the text (its constructor copies a
 * config object with all its property descriptors, a twentieth of the server's CPU under a stream of
 * small statements) and handed over as such, which node-postgres answers through its callback.
 */
function namedQuery(query: (q: pg.Query) => unknown, name: string, text: string, values: unknown[]): Promise<pg.QueryResult> {
  const q = new pg.Query(text, values) as pg.Query & { name: string; callback: (error: Error | null, result: pg.QueryResult) => void };
  q.name = name;
  return new Promise((resolve, reject) => {
    q.callback = (error, result) => (error ? reject(error) : resolve(result));
    query(q);
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
