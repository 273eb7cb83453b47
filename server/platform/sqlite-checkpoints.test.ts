import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { dialect } from '../testing/support.js';
import { openDatabase, type DbHandle } from './db.js';
import { BACKSTOP_PAGES, CHECKPOINT_EVERY_MS, STEADY_WRITES } from './sqlite-checkpoints.js';

// Once a handle writes steadily, SQLite's log goes back into the database file from a worker thread,
// not from inside a request's commit: the file is kept current behind the writer's back, and the
// data's version (what kept answers stand on) does not move for it.

let dir: string;
let handle: DbHandle | null = null;
afterEach(async () => {
  await handle?.close();
  handle = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

const autocheckpoint = async (h: DbHandle) => Number((await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(h.db)).rows[0]!.wal_autocheckpoint);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Rows of t in a copy of the database file alone, without its log: what checkpoints have copied back. */
function rowsInFileAlone(file: string): number {
  const copy = `${file}.copy`;
  fs.copyFileSync(file, copy);
  const alone = new SQLite(copy, { readonly: true });
  try {
    return (alone.prepare('select count(*) as n from t').get() as { n: number } | undefined)?.n ?? 0;
  } catch {
    return 0; // the table itself is still only in the log
  } finally {
    alone.close();
    fs.rmSync(copy, { force: true });
  }
}

/**
 * Until the file alone holds `n` rows, or five seconds: a worker thread starting on a loaded machine (the
 * whole suite running beside the browser journeys) took longer than a few checkpoint periods to start.
 */
async function copiedBack(file: string, n: number): Promise<number> {
  const end = Date.now() + 5000;
  let rows = rowsInFileAlone(file);
  while (rows !== n && Date.now() < end) {
    await pause(CHECKPOINT_EVERY_MS);
    rows = rowsInFileAlone(file);
  }
  return rows;
}

describe.runIf(dialect === 'sqlite')('checkpoints off the request thread', () => {
  it('moves them to a worker once the handle writes steadily; the log is copied back without a commit paying for it', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huishang-ckpt-'));
    const file = path.join(dir, 'db.sqlite');
    handle = openDatabase(`sqlite:${file}`);
    await sql`create table t (x integer)`.execute(handle.db);
    for (let i = 0; i < STEADY_WRITES / 2; i++) await sql`insert into t values (${i})`.execute(handle.db);
    // A short run (a test, an import) keeps SQLite's own checkpoints.
    expect(await autocheckpoint(handle)).toBe(1000);
    for (let i = 0; i < STEADY_WRITES; i++) await sql`insert into t values (${i})`.execute(handle.db);
    expect(await autocheckpoint(handle)).toBe(BACKSTOP_PAGES);

    const before = await handle.changes.version();
    for (let i = 0; i < 50; i++) await sql`insert into t values (${i})`.execute(handle.db);
    const written = await handle.changes.version();
    expect(written).toBeGreaterThan(before as number);
    // The database file alone, without its log, comes to hold every row: the worker copies them back.
    expect(await copiedBack(file, STEADY_WRITES / 2 + STEADY_WRITES + 50)).toBe(STEADY_WRITES / 2 + STEADY_WRITES + 50);
    // The worker's checkpoints moved no data: the version read after them is the one after the writes.
    await pause(CHECKPOINT_EVERY_MS * 4);
    expect(await handle.changes.version()).toBe(written);
  });
});
