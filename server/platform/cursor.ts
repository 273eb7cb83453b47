import { INT_MAX } from '../../domain/common.js';
import { AppError } from './errors.js';

/** Opaque keyset cursors: the sort key of the last row, base64url-encoded JSON. */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<T extends (string | number)[]>(raw: string, shape: ('string' | 'number')[]): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const ok =
    Array.isArray(parsed) &&
    parsed.length === shape.length &&
    // Numeric keys are integer columns: a fraction or a value past INT_MAX would reach PostgreSQL and fail there.
    parsed.every((v, i) => typeof v === shape[i] && (typeof v !== 'number' || (Number.isInteger(v) && Math.abs(v) <= INT_MAX)));
  if (!ok) throw new AppError('BAD_CURSOR', '分页游标无效', [{ field: 'query.cursor', message: '无效的游标' }]);
  return parsed as T;
}

/** A keyset query fetched `limit + 1` rows: the page to send, and the cursor after its last row when more follow. */
export function pageOf<R>(rows: R[], limit: number, cursorOf: (last: R) => string): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? cursorOf(page[page.length - 1]) : null };
}
