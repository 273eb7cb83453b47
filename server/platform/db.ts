import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { migrations } from '../db/migrations/index.js';
import { FailoverPool } from './pg-failover.js';
import { defaultPoolMax } from './pg-pool-size.js';
import { parsePostgresUrl, wantsFailover } from './pg-url.js';
import { PIPELINE, pipelineTransactions, readyConnection } from './pg-pipeline.js';
import type { Database } from './db-schema.js';
import { DataChanges, watchWrites } from './data-changes.js';
import { BackgroundCheckpoints } from './sqlite-checkpoints.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type Dialect = 'sqlite' | 'postgres';

// node-postgres hands int8 and numeric back as strings; SQLite hands numbers. Make both numbers.
pg.types.setTypeParser(20, Number);
pg.types.setTypeParser(1700, Number);

export interface DbHandle {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
  /** Set for a multi-host PostgreSQL URL: the pool that follows the primary. */
  failover?: FailoverPool;
  /** The data's version: moves with every write, so answers can be kept while it stands (answer-cache.ts). */
  changes: DataChanges;
}

const changesByDb = new WeakMap<Db, DataChanges>();

/** The data's version of a database opened by openDatabase (null for any other Kysely instance). */
export function changesOf(db: Db): DataChanges | null {
  return changesByDb.get(db) ?? null;
}

function opened(db: Db, dialect: Dialect, changes: DataChanges, failover?: FailoverPool, checkpoints?: BackgroundCheckpoints | null): DbHandle {
  changesByDb.set(db, changes);
  return {
    db,
    dialect,
    changes,
    failover,
    close: async () => {
      // A command-line run (an import, a restore): the version moves before the connections go.
      await changes.close();
      await checkpoints?.stop();
      await db.destroy();
    },
  };
}

export interface OpenOptions {
  /** PostgreSQL only: connections held at most (config PG_POOL_MAX). */
  poolMax?: number;
}

/** The pool size when the caller names none (tools and tests; the server passes PG_POOL_MAX): the same default. */
export const DEFAULT_PG_POOL_MAX = defaultPoolMax();

export function openDatabase(url: string, { poolMax = DEFAULT_PG_POOL_MAX }: OpenOptions = {}): DbHandle {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const database = new SQLite(file);
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    database.pragma('synchronous = NORMAL');
    const dataVersion = database.prepare('pragma data_version').pluck();
    const checkpoints = file === ':memory:' ? null : new BackgroundCheckpoints(file, database);
    const changes = new DataChanges(null, () => dataVersion.get() as number, checkpoints ? () => checkpoints.wrote() : null);
    const db = new Kysely<Database>({ dialect: watchWrites(new SqliteDialect({ database: withStatementCache(database) }), changes) });
    return opened(db, 'sqlite', changes, undefined, checkpoints);
  }
  if (wantsFailover(url)) {
    const failover = new FailoverPool(parsePostgresUrl(url), { max: poolMax });
    const changes = new DataChanges(() => db);
    const db: Db = new Kysely<Database>({ dialect: watchWrites(pipelineTransactions(new PostgresDialect({ pool: failover })), changes) });
    return opened(db, 'postgres', changes, failover);
  }
  // Without a connect timeout a request waits for ever on a database that neither answers nor
  // refuses (a dead host); with it the request fails and is answered 503. The same timeout bounds the
  // wait for a free connection, which under 200 busy clients on a loaded machine reached several
  // seconds: it is set well above that, so only a database that is really away gets the 503.
  const pool = new pg.Pool({ connectionString: url, max: poolMax, connectionTimeoutMillis: 30_000, ...PIPELINE });
  // An idle connection the server closes (restart, failover, a dropped test database) must not crash
  // the process; the pool opens a fresh one on the next checkout.
  pool.on('error', () => {});
  // The same for a connection lost while checked out but between two queries (inside a transaction,
  // say): node-postgres then emits 'error' on the client itself, which the pool only listens to while
  // the client is idle, and an 'error' event nobody listens to ends the process. The next query on it
  // fails on its own, and the pool discards the broken client when it comes back.
  pool.on('connect', (client) => {
    client.on('error', () => {});
    readyConnection(client);
  });
  const changes = new DataChanges(() => db);
  const db: Db = new Kysely<Database>({ dialect: watchWrites(pipelineTransactions(new PostgresDialect({ pool })), changes) });
  return opened(db, 'postgres', changes);
}

/**
 * Kysely prepares every query afresh; on SQLite preparing costs more than running. The same few
 * hundred SQL strings recur, so keep their prepared statements (least recently used dropped first).
 */
function withStatementCache(database: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = database.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function migrateDown(db: Db): Promise<string | null> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateDown();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return results?.[0]?.migrationName ?? null;
}
