import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The items command (items.command.ts) is the one writer of item rows: these checks read the source
// so a new writer that goes around it (and skips the version guard, audit or lights) fails here.
const serverDir = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.ts$/.test(e.name) && !/\.(test|testkit)\.ts$/.test(e.name) ? [p] : [];
  });
}

const rel = (p: string) => path.relative(serverDir, p).split(path.sep).join('/');
// Demo data is laid down before any person acts, and migrations are frozen in time.
const exempt = (p: string) => p.startsWith('db/seeds/') || p.startsWith('db/migrations/');
// Kysely's builders, raw SQL, and the batched insert of db-helpers.ts.
const WRITE =
  /\b(?:updateTable|insertInto|deleteFrom|replaceInto|mergeInto)\(\s*['"](?:items|item_co_units)(?:\s+as\s+\w+)?['"]|\b(?:update|insert\s+into|delete\s+from)\s+"?(?:items|item_co_units)\b|\binsertRows\b(?:<[^>]*>)?\(\s*\w+\s*,\s*['"](?:items|item_co_units)['"]/i;

describe('items are written only through the items command', () => {
  const files = sources(serverDir).filter((p) => !exempt(rel(p)));

  it('keeps every write of items and their co-units in the items repo', () => {
    const writers = files.filter((p) => WRITE.test(fs.readFileSync(p, 'utf8'))).map(rel);
    expect(writers).toEqual(['modules/items/items.repo.ts']);
  });

  it('lets only the command call the repo’s writes', () => {
    const repo = fs.readFileSync(path.join(serverDir, 'modules/items/items.repo.ts'), 'utf8');
    // Each exported function runs to the next one; those whose body writes are the command's.
    const writes = repo
      .split(/\nexport /)
      .filter((chunk) => /\b(?:updateTable|insertInto|deleteFrom)\(/.test(chunk) || WRITE.test(chunk))
      .map((chunk) => /^(?:async )?function (\w+)/.exec(chunk)?.[1])
      .filter((name): name is string => !!name);
    expect(writes).toEqual(expect.arrayContaining(['insertItems', 'updateItemGuarded', 'softDeleteItem', 'lockItemRow', 'storeRefreshed', 'replaceCoUnits']));
    const callers = files
      .filter((p) => !p.endsWith('items.repo.ts') && !p.endsWith('items.command.ts'))
      .filter((p) => {
        const text = fs.readFileSync(p, 'utf8');
        return /items\.repo\.js'/.test(text) && writes.some((w) => new RegExp(`\\b${w}\\b`).test(text));
      })
      .map(rel);
    expect(callers).toEqual([]);
  });

  it('would notice a writer outside the repo', () => {
    expect(WRITE.test("await tx.updateTable('items').set({ status: 'completed' })")).toBe(true);
    expect(WRITE.test("db.insertInto('items as i')")).toBe(true);
    expect(WRITE.test('sql`update items set progress = 1`')).toBe(true);
    expect(WRITE.test("await insertRows<Database>(tx, 'items', columns, rows)")).toBe(true);
    expect(WRITE.test("insertRows(db, 'item_co_units', ['item_id'], rows)")).toBe(true);
    expect(WRITE.test("db.selectFrom('items')")).toBe(false);
    expect(WRITE.test("insertRows(db, 'search_entries', columns, rows)")).toBe(false);
  });
});
