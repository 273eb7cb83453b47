import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dialect, emptyTestDatabase } from '../testing/support.js';
import { openDatabase, type Db, type DbHandle } from './db.js';
import { reusableQuery } from './reusable-query.js';
import { portOf, writesTo } from '../testing/socket-writes.js';

// Statements sent ahead (pg-pipeline.ts) go out without waiting for their answers: their errors must
// still fail the transaction, with their own error, and nothing of it may commit. On SQLite `send`
// runs as `run` does; the same promises hold there.

type Probe = { probe: { id: number; v: string } };
const asProbe = (db: Db) => db as unknown as Kysely<Probe>;

const insertProbe = reusableQuery((db, p: { id: number; v: string }) =>
  asProbe(db as Db)
    .insertInto('probe')
    .values({ id: p.id, v: p.v }),
);

const countProbes = reusableQuery((db, p: { below: number }) =>
  asProbe(db as Db)
    .selectFrom('probe')
    .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n'))
    .where('id', '<', p.below),
);

// A table nobody made: a question that fails.
const missingRows = reusableQuery((db, _p: Record<string, never>) => (db as unknown as Kysely<{ missing: { id: number } }>).selectFrom('missing').select('id'));

let handle: DbHandle;
let drop: () => Promise<void>;
let databaseUrl = '';

beforeAll(async () => {
  ({ handle, url: databaseUrl, drop } = await emptyTestDatabase('pipeline'));
  await sql`create table probe (id integer primary key, v text not null)`.execute(handle.db);
  // The data's version (data-changes.ts) lives in this sequence on PostgreSQL (migration 0036).
  if (dialect === 'postgres') await sql`create sequence huishang_changes`.execute(handle.db);
});

afterAll(async () => {
  await handle.close();
  await drop();
});

beforeEach(async () => {
  await asProbe(handle.db).deleteFrom('probe').execute();
  await asProbe(handle.db).insertInto('probe').values({ id: 1, v: 'there before' }).execute();
});

const ids = async () => (await asProbe(handle.db).selectFrom('probe').select('id').orderBy('id').execute()).map((r) => r.id);

/** The database's own code for a duplicate key. */
const duplicate = dialect === 'postgres' ? { code: '23505' } : { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' };

describe('writes sent ahead', () => {
  it('fail the commit right behind them with their own error, and nothing of the transaction stays', async () => {
    const run = handle.db.transaction().execute(async (tx) => {
      await insertProbe.run(tx, { id: 2, v: 'awaited' });
      await insertProbe.send(tx, { id: 1, v: 'a duplicate, sent ahead' });
    });
    await expect(run).rejects.toMatchObject(duplicate);
    expect(await ids()).toEqual([1]);
  });

  it('fail the next statement awaited after them with their own error', async () => {
    let after: unknown = 'not reached';
    const run = handle.db.transaction().execute(async (tx) => {
      await insertProbe.send(tx, { id: 1, v: 'a duplicate, sent ahead' });
      try {
        await asProbe(tx as unknown as Db)
          .selectFrom('probe')
          .select('id')
          .execute();
        after = 'answered';
      } catch (err) {
        after = err;
        throw err;
      }
    });
    await expect(run).rejects.toMatchObject(duplicate);
    // SQLite ran the insert there and then: the error came at the send, before the read.
    if (dialect === 'postgres') expect(after).toMatchObject(duplicate);
    else expect(after).toBe('not reached');
    expect(await ids()).toEqual([1]);
  });

  it('commit with the transaction when they succeed, and move the data version', async () => {
    const before = await handle.changes.version();
    await handle.db.transaction().execute(async (tx) => {
      await insertProbe.send(tx, { id: 2, v: 'sent ahead' });
      await insertProbe.send(tx, { id: 3, v: 'sent ahead too' });
    });
    await handle.changes.advanced();
    expect(await ids()).toEqual([1, 2, 3]);
    const after = await handle.changes.version();
    expect(typeof before).toBe('number');
    expect(after).toBeGreaterThan(before!);
  });

  it('asked ahead and failed, reject when awaited and fail the transaction, nothing of it staying', async () => {
    let asked: Promise<unknown> = Promise.resolve();
    const run = handle.db.transaction().execute(async (tx) => {
      asked = missingRows.ask(tx, {});
      asked.catch(() => {});
      await insertProbe.run(tx, { id: 40, v: 'after a failed question' });
      await asked;
    });
    await expect(run).rejects.toThrow(/missing/);
    await expect(asked).rejects.toThrow(/missing/);
    expect(await ids()).toEqual([1]);
  });

  it('asked outside a transaction, answer as a query run as usual', async () => {
    expect(await countProbes.ask(handle.db, { below: 100 })).toEqual([{ n: 1 }]);
  });

  it('run as usual outside a transaction: the caller gets the error', async () => {
    await expect(insertProbe.send(handle.db, { id: 1, v: 'a duplicate, no transaction' })).rejects.toMatchObject(duplicate);
    await insertProbe.send(handle.db, { id: 4, v: 'no transaction' });
    expect(await ids()).toEqual([1, 4]);
  });

  it('fail at once, before the commit, on a value the driver cannot send', async () => {
    // Nothing reaches the server, so it has no failed statement to abort the transaction for.
    const unsendable = {
      toPostgres: () => {
        throw new Error('cannot be sent');
      },
    } as unknown as string;
    // One connection, so what follows runs on the very one the failure happened on.
    const one = dialect === 'postgres' ? openDatabase(databaseUrl, { poolMax: 1 }) : handle;
    try {
      const run = one.db.transaction().execute(async (tx) => {
        await insertProbe.run(tx, { id: 2, v: 'awaited' });
        await insertProbe.send(tx, { id: 3, v: unsendable });
      });
      // SQLite's driver refuses such a value itself, as it refuses every object.
      await expect(run).rejects.toThrow(dialect === 'postgres' ? 'cannot be sent' : /can only bind/);
      expect(await ids()).toEqual([1]);
      // Nothing of it went out: the connection still runs the same prepared statement.
      await insertProbe.run(one.db, { id: 3, v: 'then sent' });
      expect(await ids()).toEqual([1, 3]);
    } finally {
      if (one !== handle) await one.close();
    }
  });

  it('are undone with their failure by rolling back to a savepoint, and the transaction goes on', async () => {
    const trx = await handle.db.startTransaction().execute();
    try {
      const at = await trx.savepoint('before_duplicate').execute();
      await insertProbe.send(at, { id: 1, v: 'a duplicate, sent ahead' }).catch(() => {
        // SQLite: the error comes here; PostgreSQL: at the next statement, which is the rollback below.
      });
      await at.rollbackToSavepoint('before_duplicate').execute();
      await insertProbe.run(trx, { id: 13, v: 'after the rollback' });
      await trx.commit().execute();
    } catch (err) {
      await trx.rollback().execute();
      throw err;
    }
    expect(await ids()).toEqual([1, 13]);
  });

  it('run as usual outside a transaction on a connection that ran one before', async () => {
    await handle.db.connection().execute(async (conn) => {
      await conn.transaction().execute(async (tx) => {
        await insertProbe.run(tx, { id: 12, v: 'in the transaction' });
      });
      await expect(insertProbe.send(conn, { id: 1, v: 'a duplicate, after it' })).rejects.toMatchObject(duplicate);
    });
    expect(await ids()).toEqual([1, 12]);
  });

  it('leave a transaction rolled back by its code with nothing of it', async () => {
    const run = handle.db.transaction().execute(async (tx) => {
      await insertProbe.send(tx, { id: 5, v: 'sent ahead' });
      throw new Error('changed my mind');
    });
    await expect(run).rejects.toThrow('changed my mind');
    expect(await ids()).toEqual([1]);
  });
});

describe.skipIf(dialect !== 'postgres')('PostgreSQL transactions whose BEGIN is not waited for', () => {
  it('still run every statement inside the transaction, at the isolation level asked for', async () => {
    const level = await handle.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (tx) => (await sql<{ transaction_isolation: string }>`show transaction_isolation`.execute(tx)).rows[0]!.transaction_isolation);
    expect(level).toBe('repeatable read');
    const inBlock = await handle.db
      .transaction()
      .execute(async (tx) => (await sql<{ xid: string | null }>`select pg_current_xact_id_if_assigned()::text as xid`.execute(tx)).rows[0]);
    // Not yet assigned (nothing written), but asked inside a block: a statement outside one would
    // have no transaction to ask about after it ends, and a write inside keeps one id throughout.
    expect(inBlock).toEqual({ xid: null });
    const xids = await handle.db.transaction().execute(async (tx) => {
      await insertProbe.run(tx, { id: 6, v: 'first' });
      const a = (await sql<{ xid: string }>`select pg_current_xact_id()::text as xid`.execute(tx)).rows[0]!.xid;
      await insertProbe.send(tx, { id: 7, v: 'second' });
      const b = (await sql<{ xid: string }>`select pg_current_xact_id()::text as xid`.execute(tx)).rows[0]!.xid;
      return [a, b];
    });
    expect(xids[0]).toBe(xids[1]);
    expect(await ids()).toEqual([1, 6, 7]);
  });

  it('do not take the failure of a write sent ahead for a failed sequence advance after a commit', async () => {
    // insufficient_privilege (42501) is what the combined commit takes for a failed advance after a
    // durable commit (data-changes.ts); the same code from a write sent ahead means nothing committed.
    const role = `huishang_probe_${randomUUID().slice(0, 8)}`;
    await sql.raw(`create role ${role}`).execute(handle.db);
    await sql.raw(`grant select on probe to ${role}`).execute(handle.db);
    try {
      const run = handle.db.transaction().execute(async (tx) => {
        await insertProbe.run(tx, { id: 8, v: 'as the owner' });
        await sql.raw(`set local role ${role}`).execute(tx);
        await insertProbe.send(tx, { id: 9, v: 'without the right to' });
      });
      await expect(run).rejects.toMatchObject({ code: '42501' });
      expect(await ids()).toEqual([1]);
    } finally {
      await sql.raw(`drop owned by ${role}`).execute(handle.db);
      await sql.raw(`drop role ${role}`).execute(handle.db);
    }
  });

  it('send BEGIN with the first statement, and a write sent ahead with the COMMIT: two writes, not four', async () => {
    const own = openDatabase(databaseUrl, { poolMax: 1 });
    try {
      const once = (id: number) =>
        own.db.transaction().execute(async (tx) => {
          await asProbe(tx as unknown as Db)
            .selectFrom('probe')
            .select('id')
            .where('id', '=', id)
            .execute();
          await insertProbe.send(tx, { id, v: 'counted' });
        });
      // Connected, and its statements prepared, before counting.
      await once(10);
      expect(await writesTo(portOf(databaseUrl), () => once(11))).toBe(2);
      expect(await ids()).toEqual([1, 10, 11]);
    } finally {
      await own.close();
    }
  });

  it('send a query asked ahead with the next statement, and answer it when awaited: two writes, not three', async () => {
    const own = openDatabase(databaseUrl, { poolMax: 1 });
    try {
      const once = (id: number) =>
        own.db.transaction().execute(async (tx) => {
          const asked = countProbes.ask(tx, { below: 100 });
          await insertProbe.run(tx, { id, v: 'after the question' });
          await insertProbe.send(tx, { id: id + 1, v: 'sent ahead' });
          return asked;
        });
      await once(20);
      let answer: unknown;
      expect(await writesTo(portOf(databaseUrl), async () => (answer = await once(30)))).toBe(2);
      // Asked before the inserts: it counts the rows there were then.
      expect(answer).toEqual([{ n: 3 }]);
      expect(await ids()).toEqual([1, 20, 21, 30, 31]);
    } finally {
      await own.close();
    }
  });
});
