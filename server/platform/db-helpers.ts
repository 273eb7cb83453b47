import { type Expression, type ExpressionBuilder, type Kysely, PostgresAdapter, type SqlBool, sql } from 'kysely';
import type { Dialect } from './db.js';

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
  return sql<SqlBool>`${column} ${op} ${likePattern(q)} escape '\\'`;
}

/** Rows whose materialised path lies under the given path (the subtree, root included). */
export function pathUnder<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, column: Expression<string>, path: string): Expression<SqlBool> {
  // Paths hold only digits and slashes, so no LIKE escaping is needed.
  return eb(column, 'like', `${path}%`);
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
 * The search index's matches for `phrases` as a relation `(id, score)`: the search_entries ids whose
 * tokens contain every phrase (adjacent tokens), lower score ranking first, titles weighing more
 * than bodies. Tokens are quoted for each engine, so no input is read as syntax.
 */
export function fullTextMatches(dialect: Dialect, phrases: FullTextToken[][]) {
  if (dialect === 'postgres') {
    // `document` is the stored tsvector of the tokens, GIN-indexed (migration 20261206T0019_search).
    const query = sql.join(phrases.map(pgPhrase), sql` && `);
    return sql<{
      id: number;
      score: number;
    }>`(select id, -ts_rank(document, q.query) as score from search_entries, (select ${query} as query) q where document @@ q.query)`.as('m');
  }
  const match = phrases.map((p) => p.map((t) => `"${t.text.replace(/"/g, '""')}"${t.prefix ? ' *' : ''}`).join(' + ')).join(' AND ');
  return sql<{ id: number; score: number }>`(select rowid as id, bm25(search_fts, 4.0, 1.0) as score from search_fts where search_fts match ${match})`.as('m');
}
