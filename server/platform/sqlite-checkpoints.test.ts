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
const settle = () => new Promise((r) => setTimeout(r, CHECKPOINT_EVERY_MS * 3));

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
    await settle();
    // The database file alone, without its log, already holds every row: the worker copied them back.
    const copy = path.join(dir, 'copy.sqlite');
    fs.copyFileSync(file, copy);
    const alone = new SQLite(copy, { readonly: true });
    try {
      expect(alone.prepare('select count(*) as n from t').get()).toEqual({ n: STEADY_WRITES / 2 + STEADY_WRITES + 50 });
    } finally {
      alone.close();
    }
    // The worker's checkpoints moved no data: the version read after them is the one after the writes.
    await settle();
    expect(await handle.changes.version()).toBe(written);
  });
});
