import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialect, emptyTestDatabase } from '../testing/support.js';
import type { Db, DbHandle } from './db.js';
import { reusableQuery } from './reusable-query.js';
import { keepPrepared } from './pg-prepared.js';
import { PIPELINE, readyConnection } from './pg-pipeline.js';

// Named statements ask the server to describe their rows only on their first run on a connection
// (pg-prepared.ts): every later run must read its rows exactly as a described one would.

type Tables = { kinds: { id: number; label: string | null; amount: number; flag: boolean | number; at: string | null } };
const asTables = (db: Db) => db as unknown as Kysely<Tables>;

const byAmount = reusableQuery((db, p: { min: number }) =>
  asTables(db as Db)
    .selectFrom('kinds')
    .select(['id', 'label', 'amount', 'flag', 'at'])
    .where('amount', '>=', p.min)
    .orderBy('id'),
);
// SQLite has no booleans: it is given 0 and 1.
const addKind = reusableQuery((db, p: { id: number; label: string | null; amount: number; flag: boolean | number }) =>
  asTables(db as Db)
    .insertInto('kinds')
    .values({ id: p.id, label: p.label, amount: p.amount, flag: p.flag, at: null }),
);

let handle: DbHandle;
let drop: () => Promise<void>;
let databaseUrl = '';

beforeAll(async () => {
  ({ handle, url: databaseUrl, drop } = await emptyTestDatabase('prepared'));
  await sql`create table kinds (id integer primary key, label text, amount integer not null, flag boolean not null, at text)`.execute(handle.db);
});

afterAll(async () => {
  await handle.close();
  await drop();
});

describe(`named statements run again (${dialect})`, () => {
  it('read their rows on every run as the first run did: names, nulls and types, after a first run that found none', async () => {
    const plain = (db: Db, min: number) => asTables(db).selectFrom('kinds').select(['id', 'label', 'amount', 'flag', 'at']).where('amount', '>=', min).orderBy('id').execute();
    // One connection throughout: what a statement's first run learnt belongs to its connection.
    await handle.db.transaction().execute(async (tx) => {
      expect(await byAmount.run(tx, { min: 0 })).toEqual([]);
      await addKind.run(tx, { id: 1, label: '甲', amount: 10, flag: truth(true) });
      await addKind.run(tx, { id: 2, label: null, amount: 20, flag: truth(false) });
      await addKind.send(tx, { id: 3, label: '丙', amount: 30, flag: truth(true) });
      for (const min of [0, 15, 25, 31]) {
        const rows = (await byAmount.run(tx, { min })).map(normalise);
        expect(rows).toEqual((await plain(tx, min)).map(normalise));
        expect(rows.map((r) => r.id)).toEqual([1, 2, 3].filter((id) => id * 10 >= min));
        for (const r of rows) expect(Object.keys(r)).toEqual(['id', 'label', 'amount', 'flag', 'at']);
      }
    });
    expect((await byAmount.run(handle.db, { min: 20 })).map(normalise)).toEqual([
      { id: 2, label: null, amount: 20, flag: false, at: null },
      { id: 3, label: '丙', amount: 30, flag: true, at: null },
    ]);
  });

  // The rest speak to PostgreSQL over a client of their own, in pipeline mode as the app's pool is,
  // counting the descriptions it asks for; each reads a table of its own, made before it.
  it('ask the server to describe the rows only on their first run on a connection (PostgreSQL)', async () => {
    if (dialect !== 'postgres') return;
    await withClient('once', async (client, described, table) => {
      const read = `select id, label, amount, flag from ${table} where id = $1`;
      const write = `update ${table} set amount = amount + $1 where id = $2`;
      keepPrepared(read);
      keepPrepared(write);
      const counts: number[] = [];
      const answers: unknown[] = [];
      for (let i = 0; i < 3; i++) {
        const before = described();
        answers.push((await client.query(read, [2])).rows);
        await client.query(write, [0, 2]);
        counts.push(described() - before);
      }
      expect(counts).toEqual([2, 0, 0]);
      expect(answers).toEqual(Array(3).fill([{ id: 2, label: null, amount: 20, flag: false }]));
    });
  });

  it('keep runs of one statement in flight together apart, asked before and after it was described (PostgreSQL)', async () => {
    if (dialect !== 'postgres') return;
    await withClient('flight', async (client, described, table) => {
      const read = `select id, label from ${table} where id = $1`;
      keepPrepared(read);
      const all = () => Promise.all([3, 1, 2, 99, 3].map(async (id) => (await client.query(read, [id])).rows));
      const want = [[{ id: 3, label: '丙' }], [{ id: 1, label: '甲' }], [{ id: 2, label: null }], [], [{ id: 3, label: '丙' }]];
      expect(await all()).toEqual(want);
      const before = described();
      expect(await all()).toEqual(want);
      expect(described()).toBe(before);
    });
  });

  it('go on after a first run the server refused and after a value that cannot be sent, the statement still prepared (PostgreSQL)', async () => {
    if (dialect !== 'postgres') return;
    await withClient('recover', async (client, _described, table) => {
      const read = `select id, label from ${table} where id = $1`;
      keepPrepared(read);
      const unsendable = {
        toPostgres() {
          throw new Error('cannot be sent');
        },
      };
      await expect(client.query(read, [unsendable])).rejects.toThrow('cannot be sent');
      await expect(client.query(read, ['x'])).rejects.toThrow(/invalid input syntax/);
      expect((await client.query(read, [1])).rows).toEqual([{ id: 1, label: '甲' }]);
      await expect(client.query(read, [unsendable])).rejects.toThrow('cannot be sent');
      await expect(client.query(read, ['y'])).rejects.toThrow(/invalid input syntax/);
      expect((await client.query(read, [2])).rows).toEqual([{ id: 2, label: null }]);
    });
  });

  it('fail a run whose rows no longer have the columns it was described with, and ask again on the next (PostgreSQL)', async () => {
    if (dialect !== 'postgres') return;
    await withClient('reshaped', async (client, described, table) => {
      const read = `select id, label from ${table} where id = $1`;
      keepPrepared(read);
      expect((await client.query(read, [1])).rows).toEqual([{ id: 1, label: '甲' }]);
      // What a pooler that prepares statements on its own connections does after a schema change:
      // the same name, prepared again, answering other columns.
      const { rows } = await client.query<{ name: string }>(`select name from pg_prepared_statements where statement = $1`, [read]);
      await client.query(`deallocate ${rows[0]!.name}; prepare ${rows[0]!.name}(int) as select id, label, amount from ${table} where id = $1`);
      await expect(client.query(read, [1])).rejects.toThrow(/no longer have the columns/);
      const before = described();
      expect((await client.query(read, [1])).rows).toEqual([{ id: 1, label: '甲', amount: 10 }]);
      expect(described()).toBe(before + 1);
    });
  });
});

/** A pipelined client with the app's statement handling, counting descriptions, over a new table of three rows. */
async function withClient(name: string, use: (client: pg.Client, described: () => number, table: string) => Promise<void>) {
  const table = `wire_${name}`;
  await sql.raw(`create table ${table} (id integer primary key, label text, amount integer not null, flag boolean not null)`).execute(handle.db);
  await sql.raw(`insert into ${table} values (1, '甲', 10, true), (2, null, 20, false), (3, '丙', 30, true)`).execute(handle.db);
  const client = new pg.Client({ connectionString: databaseUrl, ...PIPELINE });
  await client.connect();
  try {
    readyConnection(client);
    const connection = (client as unknown as { connection: { describe(...args: unknown[]): void } }).connection;
    let describes = 0;
    const describe = connection.describe.bind(connection);
    connection.describe = (...args: unknown[]) => {
      describes++;
      describe(...args);
    };
    await use(client, () => describes, table);
  } finally {
    await client.end();
  }
}

const truth = (b: boolean) => (dialect === 'sqlite' ? Number(b) : b);

/** SQLite answers booleans as 0 and 1: compared as the application reads them. */
function normalise<R extends { flag: unknown }>(r: R): R {
  return { ...r, flag: Boolean(r.flag) };
}
