import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialect, emptyTestDatabase } from '../testing/support.js';
import type { Db, DbHandle } from './db.js';
import { reusableQuery } from './reusable-query.js';
import { keepPrepared } from './pg-prepared.js';
import { readyConnection } from './pg-pipeline.js';

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

  it('ask the server to describe the rows only on their first run on a connection (PostgreSQL)', async () => {
    if (dialect !== 'postgres') return;
    const client = new pg.Client({ connectionString: databaseUrl });
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
      const read = 'select id, label, amount, flag from kinds where id = $1';
      const write = 'update kinds set amount = amount + $1 where id = $2';
      keepPrepared(read);
      keepPrepared(write);
      const counts: number[] = [];
      const answers: unknown[] = [];
      for (let i = 0; i < 3; i++) {
        const before = describes;
        answers.push((await client.query(read, [2])).rows);
        await client.query(write, [0, 2]);
        counts.push(describes - before);
      }
      expect(counts).toEqual([2, 0, 0]);
      expect(answers).toEqual(Array(3).fill([{ id: 2, label: null, amount: 20, flag: false }]));
    } finally {
      await client.end();
    }
  });
});

const truth = (b: boolean) => (dialect === 'sqlite' ? Number(b) : b);

/** SQLite answers booleans as 0 and 1: compared as the application reads them. */
function normalise<R extends { flag: unknown }>(r: R): R {
  return { ...r, flag: Boolean(r.flag) };
}
