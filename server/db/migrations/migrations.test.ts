import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateDown, migrateToLatest, openDatabase, type DbHandle } from '../../platform/db.js';
import { migrations } from './index.js';
import { dialect, emptyTestDatabase } from '../../testing/support.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

async function emptyDatabase(): Promise<DbHandle> {
  const { handle, drop } = await emptyTestDatabase('migrations');
  cleanups.push(drop);
  cleanups.unshift(() => handle.close());
  return handle;
}

async function tables(h: DbHandle): Promise<string[]> {
  const q =
    dialect === 'postgres'
      ? sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`
      : sql<{ name: string }>`select name from sqlite_master where type = 'table'`;
  return (await q.execute(h.db)).rows
    .map((r) => r.name)
    .filter((n) => !n.startsWith('kysely_') && !n.startsWith('sqlite_'))
    .sort();
}

describe(`migrations (${dialect})`, () => {
  it('go all the way down and up again, every one of them', async () => {
    const h = await emptyDatabase();
    expect(await migrateToLatest(h.db)).toEqual(Object.keys(migrations));
    const all = await tables(h);
    expect(all).toEqual(
      expect.arrayContaining(['organisations', 'users', 'consultations', 'items', 'audit_log', 'item_agreements', 'list_versions', 'item_comments', 'attachments']),
    );
    for (let i = 0; i < Object.keys(migrations).length; i++) await migrateDown(h.db);
    expect(await tables(h)).toEqual([]);
    expect(await migrateToLatest(h.db)).toEqual(Object.keys(migrations));
    expect(await tables(h)).toEqual(all);
  });

  it('opens SQLite with WAL, foreign keys and a busy timeout', async () => {
    if (dialect !== 'sqlite') return;
    const file = `${process.env.TMPDIR ?? '/tmp'}/hs-pragma-${process.pid}.db`;
    const h = openDatabase(`sqlite:${file}`);
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(h.db);
    const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(h.db);
    const busy = await sql<{ timeout: number }>`pragma busy_timeout`.execute(h.db);
    expect(mode.rows[0].journal_mode).toBe('wal');
    expect(fk.rows[0].foreign_keys).toBe(1);
    expect(busy.rows[0].timeout).toBe(5000);
    await h.close();
  });

  it('turns the people\'s governments stored as kind "other" under a division into kind "government", and back', async () => {
    const h = await emptyDatabase();
    // Undoes this one and whatever came after it, so the rows below predate it.
    const undo = async () => {
      while ((await migrateDown(h.db)) !== '20261125T0011_government_orgs');
    };
    await migrateToLatest(h.db);
    await undo();
    const now = '2026-11-25T00:00:00.000Z';
    const insert = async (name: string, kind: 'county' | 'other' | 'department', parentId: number | null) =>
      (
        await h.db
          .insertInto('organisations')
          .values({ parent_id: parentId, name, short_name: null, kind, division_code: null, path: '/', sort_order: 0, version: 1, created_at: now, updated_at: now })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const county = await insert('某县', 'county', null);
    const gov = await insert('某县人民政府', 'other', county);
    const office = await insert('某县人民政府办公室', 'department', gov);
    const elsewhere = await insert('派出机构人民政府', 'other', gov);
    const kinds = async () => Object.fromEntries((await h.db.selectFrom('organisations').select(['id', 'kind']).execute()).map((r) => [r.id, r.kind]));
    await migrateToLatest(h.db);
    expect(await kinds()).toEqual({ [county]: 'county', [gov]: 'government', [office]: 'department', [elsewhere]: 'other' });
    await undo();
    expect((await kinds())[gov]).toBe('other');
  });
});
