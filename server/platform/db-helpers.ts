import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Dialect } from './db.js';

// The only place where SQL differs between SQLite and PostgreSQL.

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Case-insensitive "contains", with the user's % and _ taken literally. */
export function containsText(dialect: Dialect, column: Expression<unknown>, q: string): Expression<SqlBool> {
  const op = dialect === 'postgres' ? sql.raw('ilike') : sql.raw('like');
  return sql<SqlBool>`${column} ${op} ${likePattern(q)} escape '\\'`;
}

/** Rows whose materialised path lies under the given path (the subtree, root included). */
export function pathUnder<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  column: Expression<string>,
  path: string,
): Expression<SqlBool> {
  // Paths hold only digits and slashes, so no LIKE escaping is needed.
  return eb(column, 'like', `${path}%`);
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === '23503' || e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
