import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateDown, migrateToLatest, openDatabase } from '../../platform/db.js';
import { migrations } from './index.js';
import { createTestEnv, dialect, type TestEnv } from '../../testing/support.js';

let env: TestEnv | undefined;
afterAll(() => env?.close());

async function tables(env: TestEnv): Promise<string[]> {
  const q =
    dialect === 'postgres'
      ? sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`
      : sql<{ name: string }>`select name from sqlite_master where type = 'table'`;
  return (await q.execute(env.db)).rows.map((r) => r.name).filter((n) => !n.startsWith('kysely_') && !n.startsWith('sqlite_'));
}

describe(`migrations (${dialect})`, () => {
  it('go all the way down and up again', async () => {
    env = await createTestEnv();
    expect(await tables(env)).toContain('items');
    // The demo rows would block dropping; down is for an emptied database, as an operator would run it.
    for (const t of ['audit_log', 'login_log', 'sessions', 'api_tokens', 'item_co_units', 'items', 'consultation_parties', 'consultations', 'user_roles', 'users', 'dict_items', 'settings']) {
      await env.db.deleteFrom(t as never).execute();
    }
    await sql`update organisations set parent_id = null`.execute(env.db);
    await env.db.deleteFrom('organisations').execute();
    for (let i = 0; i < Object.keys(migrations).length; i++) await migrateDown(env.db);
    expect(await tables(env)).toEqual([]);
    expect(await migrateToLatest(env.db)).toEqual(Object.keys(migrations));
    expect((await tables(env)).sort()).toEqual(
      ['api_tokens', 'audit_log', 'consultation_parties', 'consultations', 'dict_items', 'item_co_units', 'items', 'login_log', 'organisations', 'sessions', 'settings', 'user_roles', 'users'].sort(),
    );
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
});
