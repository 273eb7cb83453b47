import { type AliasableExpression, type Expression, type ExpressionBuilder, type Kysely, PostgresAdapter, type RawBuilder, type SqlBool, sql } from 'kysely';
import { jsonArrayFrom as pgJsonArrayFrom } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArrayFrom } from 'kysely/helpers/sqlite';
import type { Dialect } from './db.js';
import { sendAhead } from './pg-pipeline.js';
import { keepPrepared } from './pg-prepared.js';

// The only place where SQL differs between SQLite and PostgreSQL.

/** The dialect of a connection, read off its Kysely adapter rather than passed along beside it. */
export function dialectOf(conn: { getExecutor(): { adapter: unknown } }): Dialect {
  return conn.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Case-insensitive "contains", with the user's % and _ taken literally. */
export function containsText(dialect: Dialect, column: Expression<unknown>, q: string): Expression<SqlBool> {
  const op = dialect === 'postgres' ? sql.raw('ilike') : sql.raw('like');
  return sql<SqlBool>`${column} ${op} ${likePatternOf(likePattern(q))} escape '\\'`;
}

/**
 * A LIKE pattern as an expression rather than a bare parameter. SQLite looks at a bare parameter's
 * value when it plans `column LIKE ?` and so marks the statement to be planned afresh each time a
 * value is bound: every run of a cached statement paid a full re-prepare (about 25 µs for the scope
 * check, more for a list). `? || ''` is the same text, but an expression SQLite does not look into;
 * PostgreSQL folds it back into a constant when it plans, so its index use is unchanged.
 */
export function likePatternOf(pattern: string): Expression<string> {
  return sql<string>`(${pattern} || '')`;
}

/** Rows whose materialised path lies under the given path (the subtree, root included). */
export function pathUnder<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, column: Expression<string>, path: string): Expression<SqlBool> {
  // Paths hold only digits and slashes, so no LIKE escaping is needed.
  return eb(column, 'like', likePatternOf(`${path}%`));
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

// PostgreSQL's connection exceptions (class 08), a server shutting down or starting up (57P01–57P03)
// or out of connection slots (53300).
const PG_UNAVAILABLE = /^(08...|57P0[123]|53300)$/;
const SOCKET_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// node-postgres reports a lost or refused connection with these messages and no code.
const PG_CONNECTION_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/**
 * The database is away or busy, not the request wrong: a restart or failover of PostgreSQL, a lost
 * connection, or (SQLite) another process holding the write lock past the busy timeout. Worth a retry.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  return PG_UNAVAILABLE.test(code) || SOCKET_UNAVAILABLE.has(code) || PG_CONNECTION_MESSAGE.test(message) || code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_');
}

/**
 * PostgreSQL rolled the transaction back to settle a conflict with another one (a deadlock, or a
 * serialisation failure): nothing of it was written, and sending it again normally succeeds.
 */
export function isWriteContention(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

export function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === '23503' || e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** One foreign key column: table.column references refTable. */
export interface ForeignKey {
  table: string;
  column: string;
  refTable: string;
}

/** Every foreign key of the given tables, read from the database's own catalogue. */
export async function foreignKeys<DB>(db: Kysely<DB>, tables: string[]): Promise<ForeignKey[]> {
  if (dialectOf(db) === 'postgres') {
    const { rows } = await sql<ForeignKey>`
      select kcu.table_name as "table", kcu.column_name as "column", ccu.table_name as "refTable"
      from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
      where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(db);
    return rows.filter((r) => tables.includes(r.table));
  }
  const out: ForeignKey[] = [];
  for (const table of tables) {
    const { rows } = await sql<{ from: string; table: string }>`select "from", "table" from pragma_foreign_key_list(${table})`.execute(db);
    for (const r of rows) out.push({ table, column: r.from, refTable: r.table });
  }
  return out;
}

/** SQLite's consistent copy of a live database (readers and writers carry on meanwhile). */
export async function sqliteSnapshot<DB>(db: Kysely<DB>, file: string): Promise<void> {
  await sql`vacuum into ${file}`.execute(db);
}

/**
 * After rows were inserted with their ids, the next generated id must follow the largest one.
 * SQLite's AUTOINCREMENT keeps track by itself; PostgreSQL's serial sequences do not.
 */
export async function resetIdSequences<DB>(db: Kysely<DB>, dialect: Dialect, tablesWithId: string[]): Promise<void> {
  if (dialect !== 'postgres') return;
  for (const t of tablesWithId) {
    await sql`select setval(pg_get_serial_sequence(${t}, 'id'), coalesce(max(id), 0) + 1, false) from ${sql.table(t)}`.execute(db);
  }
}

/**
 * `column` is one of `ids`, however many: one array parameter in PostgreSQL, one JSON parameter in
 * SQLite, so a long list neither meets a limit on parameters nor is planned anew for every length.
 */
export function inIds(dialect: Dialect, column: Expression<number | null>, ids: number[]): Expression<SqlBool> {
  if (dialect === 'postgres') return sql<SqlBool>`${column} = any(${ids}::int4[])`;
  return sql<SqlBool>`${column} in (select value from json_each(${JSON.stringify(ids)}))`;
}

/** \uD800–\uDFFF escapes in JSON text (well-formed JSON.stringify escapes only unpaired ones), not an escaped backslash's. */
const LONE_SURROGATE = /(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/gi;

/**
 * Inserts many rows (every row holding every column, in the order given). PostgreSQL gets them as
 * one JSON parameter, unpacked by json_populate_recordset and typed (and length-checked) by the
 * table's own columns: a multi-row VALUES of 500 rows of 20 columns is 10,000 parameters that
 * node-postgres serialises one by one and PostgreSQL parses. SQLite would parse the JSON again for
 * every column of every row (json_extract), which costs more than twice its multi-row VALUES, whose
 * statement its cache keeps; so SQLite gets VALUES. `tail` ends the statement: ON CONFLICT, RETURNING.
 * With `ahead`, inside a PostgreSQL transaction the statement is sent without waiting for its answer
 * (pg-pipeline.ts) and no rows come back; elsewhere it runs as usual.
 */
export async function insertRows<DB, R = unknown>(
  db: Kysely<DB>,
  table: string,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
  tail: RawBuilder<unknown> = sql``,
  o: { ahead?: boolean } = {},
): Promise<R[]> {
  if (!rows.length) return [];
  if (dialectOf(db) !== 'postgres') {
    const values = rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]])));
    const query = (db as unknown as Kysely<Record<string, Record<string, unknown>>>).insertInto(table).values(values).modifyEnd(tail);
    // Run as compiled: the builder's execute() answers an insert without its own RETURNING with a count.
    return (await db.executeQuery<R>(query.compile())).rows;
  }
  const query = preparedOnce(pgRowsInsert<R>(table, columns, rows, tail).compile(db));
  if (!o.ahead) return (await db.executeQuery<R>(query)).rows;
  await db.executeQuery(sendAhead(query));
  return [];
}

/**
 * PostgreSQL's insert of many rows from one JSON parameter (insertRows), as a statement of its own or
 * inside a larger one (a WITH). Its text is the same for any number of rows, so it is kept prepared.
 */
export function pgRowsInsert<R = unknown>(table: string, columns: readonly string[], rows: readonly Record<string, unknown>[], tail: RawBuilder<unknown> = sql``): RawBuilder<R> {
  const list = sql.join(columns.map((c) => sql.ref(c)));
  // A lone surrogate (from a character reference in a sheet, say) is the one string JSON.stringify
  // escapes that PostgreSQL refuses to read as text; as a parameter it went in as U+FFFD, so here too.
  let json = JSON.stringify(rows);
  if (json.includes('\\ud')) json = json.replace(LONE_SURROGATE, '$1\\ufffd');
  return sql<R>`insert into ${sql.table(table)} (${list}) select ${list} from json_populate_recordset(null::${sql.table(table)}, ${json}::json) ${tail}`;
}

/** Runs a PostgreSQL statement as a named prepared statement of its connection (its text is the same every time). */
export function preparedOnce<Q extends { sql: string }>(query: Q): Q {
  keepPrepared(query.sql);
  return query;
}

/** One token of a full-text phrase; `prefix` matches every indexed token that begins with it. */
export interface FullTextToken {
  text: string;
  prefix: boolean;
}

/** A phrase for PostgreSQL: tokens hold only letters and digits, quoted all the same. */
function pgPhrase(phrase: FullTextToken[]) {
  if (!phrase.some((t) => t.prefix)) return sql`phraseto_tsquery('simple'::regconfig, ${phrase.map((t) => t.text).join(' ')})`;
  const lexemes = phrase.map((t) => `'${t.text.replace(/'/g, "''").replace(/\\/g, '\\\\')}'${t.prefix ? ':*' : ''}`);
  return sql`to_tsquery('simple'::regconfig, ${lexemes.join(' <-> ')})`;
}

/**
 * A slice of the search index by id, in PostgreSQL: the ids in [from, below), and the block lexemes
 * (see migration 20261206T0026_search_pg) that cover exactly those ids; none for the oldest rest.
 */
export interface FullTextSlice {
  from: number;
  below: number;
  blocks: string[];
}

// Blocks of 2^10 ids at level 0, each level 2^2 times the one below, levels 0–5: as the migration writes them.
const BLOCK_BITS = 10;
const LEVEL_BITS = 2;
const LEVELS = 6;

/**
 * The index in the order a search reads it, newest first: `null` for the whole of it at once
 * (SQLite: FTS5 walks its doclists newest first and stops at the LIMIT by itself), or for
 * PostgreSQL the slices a search asks the GIN index for in turn, stopping once it has enough: the
 * newest block of 1,024 ids, then the rest of its block of 4,096, then of 16,384, and so on, each
 * slice at most three blocks of one size. So a common word costs about one small block, a rare one a
 * handful of cheap lookups, and no slice names more than three block lexemes (GIN drives its scan
 * from the rarest lexemes; an OR of many small blocks would make those the driver).
 */
export async function fullTextSlices<DB>(db: Kysely<DB>): Promise<(FullTextSlice | null)[]> {
  if (dialectOf(db) !== 'postgres') return [null];
  const { rows } = await sql<{ top: number | null }>`select max(id) as top from search_entries`.execute(db);
  const top = rows[0]?.top;
  if (top == null) return [];
  const newest = top >> BLOCK_BITS;
  const slices: FullTextSlice[] = [{ from: newest << BLOCK_BITS, below: top + 1, blocks: [`#0w${newest}`] }];
  let below = newest << BLOCK_BITS;
  for (let level = 0; level < LEVELS && below > 0; level++) {
    const bits = BLOCK_BITS + LEVEL_BITS * level;
    const n = below >> bits;
    const count = n % (1 << LEVEL_BITS);
    if (!count) continue;
    const blocks = Array.from({ length: count }, (_, i) => `#${level}w${n - 1 - i}`);
    slices.push({ from: (n - count) << bits, below, blocks });
    below = (n - count) << bits;
  }
  if (below > 0) slices.push({ from: 0, below, blocks: [] });
  return slices;
}

function pgQuery(phrases: FullTextToken[][]) {
  return sql.join(phrases.map(pgPhrase), sql` && `);
}

/** What a search filters and ranks a match by, read straight off its entry. */
export interface FullTextMatch {
  id: number;
  kind: string;
  ref_id: number;
  consultation_id: number | null;
  org_id: number | null;
  year: number | null;
  /** SQLite's rank (lower first); null in PostgreSQL, where fullTextScore ranks the few kept. */
  score: number | null;
}

/**
 * The search index's matches for `phrases` (within `slice`, if given) as a relation `m` of
 * FullTextMatch: the entries whose tokens contain every phrase (adjacent tokens). Tokens are quoted
 * for each engine, so no input is read as syntax. `scope` (PostgreSQL): only entries whose scope is one
 * of these lexemes (see migration 20261206T0031_search_scope), matched inside the GIN index.
 */
export function fullTextMatches(dialect: Dialect, phrases: FullTextToken[][], slice: FullTextSlice | null, scope?: string[]) {
  if (dialect === 'postgres') {
    // One scan of search_entries: the GIN index (`document`, a stored tsvector of the tokens and the
    // id blocks, and `scope`) and the scope index (consultation_id, id) can then be combined on the
    // same rows.
    let query = sql`(${pgQuery(phrases)})`;
    if (slice?.blocks.length) query = sql`(${query} && ${slice.blocks.map((b) => `'${b}'`).join(' | ')}::tsquery)`;
    const inScope = scope?.length ? sql` and scope @@ ${scope.map((l) => `'${l}'`).join(' | ')}::tsquery` : sql``;
    // With the scope in the GIN query, the blocks bound the slice already and the index returns only
    // rows the caller may see: the range is then written so that the primary key cannot serve it,
    // or the planner, misjudging how many rows match, walks the slice's ids backwards reading every
    // row's vector.
    const id = scope?.length ? sql`(id + 0)` : sql`id`;
    const range = slice ? sql` and ${id} >= ${slice.from} and ${id} < ${slice.below}` : sql``;
    return sql<FullTextMatch>`(select id, kind, ref_id, consultation_id, org_id, year, null::real as score from search_entries where document @@ ${query}${inScope}${range})`.as(
      'm',
    );
  }
  const match = phrases.map((p) => p.map((t) => `"${t.text.replace(/"/g, '""')}"${t.prefix ? ' *' : ''}`).join(' + ')).join(' AND ');
  // The id is FTS5's rowid, so ordering by it newest first is FTS5's own order and stops at the LIMIT.
  return sql<FullTextMatch>`(select search_fts.rowid as id, e.kind, e.ref_id, e.consultation_id, e.org_id, e.year, bm25(search_fts, 4.0, 1.0) as score from search_fts inner join search_entries e on e.id = search_fts.rowid where search_fts match ${match})`.as(
    'm',
  );
}

/**
 * The rank of a match found by fullTextMatches, lower first, titles weighing more than bodies: in
 * SQLite its bm25, already in `score`; in PostgreSQL its ts_rank, computed here only for the rows
 * this is selected for (a few hundred kept matches, not every match the index returned).
 */
export function fullTextScore(dialect: Dialect, phrases: FullTextToken[][], id: Expression<number>, score: AliasableExpression<number | null>): AliasableExpression<number | null> {
  if (dialect === 'postgres') return sql<number>`(select -ts_rank(s.document, ${pgQuery(phrases)}) from search_entries s where s.id = ${id})`;
  return score;
}

/**
 * A subquery's rows as one JSON array column, so a parent and its children come back in one
 * statement (on PostgreSQL each statement costs a round trip and the server's per-statement work).
 * Read the column with `jsonColumn`: PostgreSQL hands back parsed JSON, SQLite its text.
 */
export function jsonArrayOf<O>(dialect: Dialect, subquery: Parameters<typeof sqliteJsonArrayFrom<O>>[0]): RawBuilder<O[] | string> {
  return (dialect === 'postgres' ? pgJsonArrayFrom(subquery) : sqliteJsonArrayFrom(subquery)) as RawBuilder<O[] | string>;
}

export function jsonColumn<T>(value: T[] | string): T[] {
  return typeof value === 'string' ? (JSON.parse(value) as T[]) : value;
}
