import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Kysely, Migrator, type Migration } from 'kysely';
import type { Config } from '../config.js';
import { migrations as allMigrations } from '../db/migrations/index.js';
import { storedFilePath } from '../platform/attachments.js';
import { sm3Hasher } from '../platform/crypto.js';
import { foreignKeys, resetIdSequences, sqliteSnapshot, type ForeignKey } from '../platform/db-helpers.js';
import { openDatabase, type DbHandle, type Dialect } from '../platform/db.js';

/**
 * A backup is a directory:
 *   manifest.json        written last, so a directory without it is an unfinished backup
 *   db/<table>.jsonl     every row of every table, one JSON object a line (portable across SQLite and PostgreSQL)
 *   files/<xx>/<key>     the attachment store, laid out as under FILES_DIR
 *   database.sqlite      (SQLite sources only) the consistent copy the rows were read from; usable as is
 */
export const BACKUP_FORMAT = 'huishang-backup';
export const BACKUP_VERSION = 1;

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  createdAt: string;
  dialect: Dialect;
  /** Migrations the source had run, oldest first: the schema the rows belong to. */
  migrations: string[];
  tables: Record<string, number>;
  files: { count: number; bytes: number };
}

export class BackupError extends Error {}

type Row = Record<string, unknown>;
/** Every table by name, its columns untyped: backup walks whatever tables the migrations made. */
type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

const any = (db: unknown) => db as AnyDb;

async function isEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await fsp.readdir(dir)).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
}

/**
 * SQLite's full-text index (the FTS5 table and its shadow tables) is derived from search_entries: its
 * triggers rebuild it as those rows are restored, and PostgreSQL has no such tables. The item tallies
 * (migrations 0034, 0035) are derived from items the same way on both databases: the triggers on
 * items count each restored item, so a copy of them would count every item twice.
 */
const TALLY_TABLES = ['item_tallies', 'item_domain_tallies', 'item_punctuality_tallies'];

export function isDerivedTable(name: string): boolean {
  return /^search_fts(_|$)/.test(name) || TALLY_TABLES.includes(name);
}

async function userTables(db: AnyDb): Promise<{ name: string; columns: { name: string; isNullable: boolean; isAutoIncrementing: boolean }[] }[]> {
  const tables = await db.introspection.getTables();
  return tables
    .filter((t) => !t.isView && !isDerivedTable(t.name))
    .map((t) => ({ name: t.name, columns: t.columns.map((c) => ({ name: c.name, isNullable: c.isNullable, isAutoIncrementing: c.isAutoIncrementing })) }));
}

async function ranMigrations(db: AnyDb): Promise<string[]> {
  const rows = await db.selectFrom('kysely_migration').select('name').orderBy('name').execute();
  return rows.map((r) => r.name as string);
}

/**
 * Columns the database computes from the others (PostgreSQL's stored tsvector of the search index):
 * never copied, so a backup stays portable and restores into a table that works them out from the
 * row again (a trigger on PostgreSQL, migration 0039).
 */
const DERIVED_COLUMNS: Record<string, string[]> = { search_entries: ['document', 'scope'] };

async function readAll(db: AnyDb, table: string, hasId: boolean): Promise<Row[]> {
  let q = db.selectFrom(table).selectAll();
  if (hasId) q = q.orderBy('id');
  const rows = (await q.execute()) as Row[];
  const derived = DERIVED_COLUMNS[table];
  if (derived) for (const r of rows) for (const c of derived) delete r[c];
  return rows;
}

async function writeJsonl(file: string, rows: Row[]): Promise<void> {
  const out = fs.createWriteStream(file, { encoding: 'utf8' });
  for (const r of rows) {
    if (!out.write(`${JSON.stringify(r)}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

async function readJsonl(file: string): Promise<Row[]> {
  if (!fs.existsSync(file)) return [];
  const text = await fsp.readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Row);
}

async function fileSm3(file: string): Promise<{ sm3: string; size: number }> {
  const hash = sm3Hasher();
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sm3: hash.digest('hex'), size };
}

const relativeStoragePath = (key: string) => path.join(key.slice(0, 2), key);

/** Writes a complete backup of the database and its attachment store into an empty (or new) directory. */
export async function backup(handle: DbHandle, config: Pick<Config, 'FILES_DIR'>, dir: string, now = new Date()): Promise<Manifest> {
  const target = path.resolve(dir);
  if (!(await isEmptyDir(target))) throw new BackupError(`备份目录 ${target} 不是空的`);
  await fsp.mkdir(path.join(target, 'db'), { recursive: true });

  const dump = async (src: AnyDb) => {
    const tables: Record<string, number> = {};
    let attachments: Row[] = [];
    for (const t of await userTables(src)) {
      const rows = await readAll(
        src,
        t.name,
        t.columns.some((c) => c.name === 'id'),
      );
      await writeJsonl(path.join(target, 'db', `${t.name}.jsonl`), rows);
      tables[t.name] = rows.length;
      if (t.name === 'attachments') attachments = rows;
    }
    return { tables, migrations: await ranMigrations(src), attachments };
  };

  let snapshot: Awaited<ReturnType<typeof dump>>;
  if (handle.dialect === 'sqlite') {
    // VACUUM INTO copies a consistent state while the app keeps writing; the rows are read from the copy.
    const copy = path.join(target, 'database.sqlite');
    await sqliteSnapshot(any(handle.db), copy);
    const src = openDatabase(`sqlite:${copy}`);
    try {
      snapshot = await dump(any(src.db));
    } finally {
      await src.close();
    }
  } else {
    // One repeatable-read transaction: every table as of the same instant.
    snapshot = await any(handle.db)
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute((tx) => dump(tx));
  }

  // Only files whose rows are in the snapshot: a file still being uploaded has no row yet.
  let bytes = 0;
  const missing: string[] = [];
  for (const a of snapshot.attachments) {
    const key = String(a.storage_key);
    const from = storedFilePath(config, key);
    const to = path.join(target, 'files', relativeStoragePath(key));
    await fsp.mkdir(path.dirname(to), { recursive: true });
    try {
      await fsp.copyFile(from, to);
      bytes += (await fsp.stat(to)).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      missing.push(`${String(a.id)}:${String(a.filename)}`);
    }
  }
  if (missing.length) throw new BackupError(`附件文件缺失，备份不完整（附件 ID:文件名）：${missing.join('、')}`);

  const manifest: Manifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: now.toISOString(),
    dialect: handle.dialect,
    migrations: snapshot.migrations,
    tables: snapshot.tables,
    files: { count: snapshot.attachments.length, bytes },
  };
  await fsp.writeFile(path.join(target, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

async function readManifest(dir: string): Promise<Manifest> {
  let raw: string;
  try {
    raw = await fsp.readFile(path.join(dir, 'manifest.json'), 'utf8');
  } catch {
    throw new BackupError(`${dir} 中没有 manifest.json：不是备份目录，或备份未完成`);
  }
  const m = JSON.parse(raw) as Partial<Manifest>;
  if (m.format !== BACKUP_FORMAT || m.version !== BACKUP_VERSION || !Array.isArray(m.migrations) || typeof m.tables !== 'object') {
    throw new BackupError('无法识别的备份格式');
  }
  return m as Manifest;
}

function migratorUpTo(names: string[]) {
  const wanted = new Set(names);
  const subset: Record<string, Migration> = Object.fromEntries(Object.entries(allMigrations).filter(([name]) => wanted.has(name)));
  return (db: AnyDb) => new Migrator({ db, provider: { getMigrations: async () => subset } });
}

async function migrateOrThrow(m: Migrator) {
  const { error } = await m.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** Tables the migrations themselves fill (such as the job list): their rows are replaced, not counted as data. */
async function migrationFilledTables(names: string[]): Promise<Set<string>> {
  const scratch = openDatabase('sqlite::memory:');
  try {
    await migrateOrThrow(migratorUpTo(names)(any(scratch.db)));
    const filled = new Set<string>();
    for (const t of await userTables(any(scratch.db))) {
      if (
        await any(scratch.db)
          .selectFrom(t.name)
          .select(any(scratch.db).fn.countAll().as('n'))
          .executeTakeFirst()
          .then((r) => Number(r?.n) > 0)
      ) {
        filled.add(t.name);
      }
    }
    return filled;
  } finally {
    await scratch.close();
  }
}

interface Plan {
  order: string[];
  /** Nullable foreign keys to a table not yet inserted (or to the same table): written as null, then updated. */
  deferred: Map<string, string[]>;
}

/** Parents before children; a cycle is broken at a nullable foreign key. */
export function insertionPlan(tables: { name: string; columns: { name: string; isNullable: boolean }[] }[], fks: ForeignKey[]): Plan {
  const nullable = new Map(tables.map((t) => [t.name, new Set(t.columns.filter((c) => c.isNullable).map((c) => c.name))]));
  const remaining = new Set(tables.map((t) => t.name));
  const order: string[] = [];
  const deferred = new Map<string, string[]>();
  const refsOf = (t: string) => fks.filter((f) => f.table === t && f.refTable !== t && remaining.has(f.refTable));
  while (remaining.size) {
    const names = [...remaining].sort();
    const ready = names.filter((t) => refsOf(t).length === 0);
    const next = ready[0] ?? names.find((t) => refsOf(t).every((f) => nullable.get(t)?.has(f.column)));
    if (!next) throw new BackupError(`无法确定数据表的写入顺序：${names.join(', ')} 之间存在不可为空的循环引用`);
    // A self-reference, or a reference to a table still to come: insert null now, fill it in once every row exists.
    const later = fks.filter((f) => f.table === next && (f.refTable === next || remaining.has(f.refTable)));
    if (later.length) deferred.set(next, [...new Set(later.map((f) => f.column))]);
    remaining.delete(next);
    order.push(next);
  }
  return { order, deferred };
}

async function insertRows(db: AnyDb, table: string, rows: Row[]) {
  if (!rows.length) return;
  // Stay well under both databases' limits on bound parameters per statement.
  const perRow = Object.keys(rows[0]).length || 1;
  const chunk = Math.max(1, Math.floor(4000 / perRow));
  for (let i = 0; i < rows.length; i += chunk) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + chunk))
      .execute();
  }
}

/** Restores a backup into an empty database and an empty FILES_DIR; newer migrations then run over the restored rows. */
export async function restore(handle: DbHandle, config: Pick<Config, 'FILES_DIR'>, dir: string): Promise<Manifest> {
  const source = path.resolve(dir);
  const manifest = await readManifest(source);
  const unknown = manifest.migrations.filter((m) => !(m in allMigrations));
  if (unknown.length) throw new BackupError(`备份来自更新的版本（本程序没有迁移：${unknown.join(', ')}），请用相同或更新的版本恢复`);
  const known = Object.keys(allMigrations).sort();
  if (known.slice(0, manifest.migrations.length).join() !== [...manifest.migrations].sort().join()) {
    throw new BackupError('备份的数据库结构与本程序的迁移记录不一致，无法恢复');
  }

  const filesRoot = path.resolve(config.FILES_DIR);
  const filesPresent = fs.existsSync(filesRoot) ? (await fsp.readdir(filesRoot)).filter((e) => e !== 'tmp') : [];
  if (filesPresent.length) throw new BackupError(`附件目录 ${filesRoot} 不是空的`);

  // Every attachment must be in the backup with the bytes its row vouches for, before anything is written.
  const attachments = await readJsonl(path.join(source, 'db', 'attachments.jsonl'));
  for (const a of attachments) {
    const file = path.join(source, 'files', relativeStoragePath(String(a.storage_key)));
    if (!fs.existsSync(file)) throw new BackupError(`备份缺少附件文件：${String(a.filename)}（ID ${String(a.id)}）`);
    const got = await fileSm3(file);
    if (got.sm3 !== a.sm3 || got.size !== Number(a.size)) throw new BackupError(`附件文件已损坏（SM3 不符）：${String(a.filename)}（ID ${String(a.id)}）`);
  }

  const db = any(handle.db);
  const before = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (before.some((t) => t.name === 'kysely_migration')) {
    const ran = await ranMigrations(db);
    if (ran.some((m) => !manifest.migrations.includes(m))) throw new BackupError('目标数据库已迁移到比备份更新的版本，请使用全新的空数据库恢复');
  }
  await migrateOrThrow(migratorUpTo(manifest.migrations)(db));

  const tables = await userTables(db);
  const filled = await migrationFilledTables(manifest.migrations);
  for (const t of tables) {
    if (filled.has(t.name)) continue;
    const r = await db.selectFrom(t.name).select(db.fn.countAll().as('n')).executeTakeFirst();
    if (Number(r?.n) > 0) throw new BackupError(`目标数据库不是空的（${t.name} 表已有数据），只能恢复到空数据库`);
  }
  const missingTables = Object.keys(manifest.tables).filter((t) => !tables.some((x) => x.name === t));
  if (missingTables.length) throw new BackupError(`备份中的数据表在本程序中不存在：${missingTables.join(', ')}`);

  const plan = insertionPlan(
    tables,
    await foreignKeys(
      db,
      tables.map((t) => t.name),
    ),
  );
  await db.transaction().execute(async (tx) => {
    for (const name of [...plan.order].reverse()) if (filled.has(name)) await tx.deleteFrom(name).execute();
    const patches: { table: string; id: unknown; values: Row }[] = [];
    for (const name of plan.order) {
      const rows = await readJsonl(path.join(source, 'db', `${name}.jsonl`));
      if (rows.length !== (manifest.tables[name] ?? 0)) throw new BackupError(`备份中 ${name} 表的行数与清单不符，备份可能已损坏`);
      const later = plan.deferred.get(name) ?? [];
      const insertable = later.length
        ? rows.map((r) => {
            const values: Row = {};
            for (const c of later) if (r[c] !== null && r[c] !== undefined) values[c] = r[c];
            if (Object.keys(values).length) {
              if (r.id === undefined) throw new BackupError(`${name} 表没有 id 列，无法延后写入外键`);
              patches.push({ table: name, id: r.id, values });
            }
            return { ...r, ...Object.fromEntries(later.map((c) => [c, null])) };
          })
        : rows;
      await insertRows(tx, name, insertable);
    }
    for (const p of patches) await tx.updateTable(p.table).set(p.values).where('id', '=', p.id).execute();
    await resetIdSequences(
      tx,
      handle.dialect,
      // Only generated ids have a sequence (sessions, for one, are keyed by a random token).
      tables.filter((t) => t.columns.some((c) => c.name === 'id' && c.isAutoIncrementing)).map((t) => t.name),
    );
  });

  // Code newer than the backup: bring the restored rows up to this version's schema.
  await migrateOrThrow(new Migrator({ db, provider: { getMigrations: async () => allMigrations } }));

  for (const a of attachments) {
    const key = String(a.storage_key);
    const to = storedFilePath(config, key);
    await fsp.mkdir(path.dirname(to), { recursive: true });
    await fsp.copyFile(path.join(source, 'files', relativeStoragePath(key)), to);
  }
  return manifest;
}
