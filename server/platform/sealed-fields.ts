import { sql, type Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Db } from './db.js';
import { blindIndex, currentFieldKeyId, fieldKeyId, isSealed, loadFieldKey, loadPreviousFieldKeys, openField, sealField, sealedPrefix, setFieldKey } from './field-crypto.js';

/**
 * Every column that holds sealed text: the start-up check, the sealing of rows written before
 * sealing existed, and the key rotation all walk this one list, so a column added here is covered
 * by all three. A column sealed anywhere else (two-factor secrets, say) belongs here too: left out,
 * it would still be under the old key when the rotation reports none left.
 */
export interface SealedColumn {
  table: string;
  /** The row's key, for paging and the guarded update. */
  key: string;
  column: string;
  /** The blind-index column kept beside it, and the kind its index is computed for. */
  index?: { column: string; kind: string };
  /** Only rows where this column has this value are sealed (the outbox's robot targets are ids). */
  only?: { column: string; value: string };
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'users', key: 'id', column: 'phone', index: { column: 'phone_index', kind: 'phone' } },
  { table: 'users', key: 'id', column: 'email', index: { column: 'email_index', kind: 'email' } },
  { table: 'users', key: 'id', column: 'totp_secret' },
  { table: 'users', key: 'id', column: 'totp_pending_secret' },
  { table: 'org_webhooks', key: 'org_id', column: 'wecom_url' },
  { table: 'org_webhooks', key: 'org_id', column: 'dingtalk_url' },
  { table: 'org_webhooks', key: 'org_id', column: 'dingtalk_secret' },
  { table: 'deliveries', key: 'id', column: 'target', only: { column: 'channel', value: 'email' } },
];

const BATCH = 500;
/** Sealed text begins `f1:<8 hex key id>:`. */
const PREFIX_LENGTH = 12;

/** The sealed columns are named at run time, from the list above. */
type AnyDb = Kysely<Record<string, Record<string, string | number | null>>>;

function base(db: AnyDb, c: SealedColumn) {
  let q = db.selectFrom(c.table).where(c.column, 'is not', null);
  if (c.only) q = q.where(c.only.column, '=', c.only.value);
  return q;
}

export interface SealedCensus {
  /** Values per key id, and `plain` for values not sealed at all. */
  byKey: Record<string, number>;
  columns: { name: string; byKey: Record<string, number> }[];
}

/** How many values of each sealed column are under which key (or still plain). */
export async function sealedCensus(db: Db): Promise<SealedCensus> {
  const any = db as unknown as AnyDb;
  const census: SealedCensus = { byKey: {}, columns: [] };
  for (const c of SEALED_COLUMNS) {
    const prefix = sql<string>`substr(${sql.ref(c.column)}, 1, ${sql.lit(PREFIX_LENGTH)})`;
    const rows = await base(any, c)
      .select([prefix.as('prefix'), (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(prefix)
      .execute();
    const byKey: Record<string, number> = {};
    for (const r of rows as { prefix: string; n: number | string }[]) {
      const id = /^f1:[0-9a-f]{8}:$/.test(r.prefix) ? r.prefix.slice(3, 11) : 'plain';
      byKey[id] = (byKey[id] ?? 0) + Number(r.n);
      census.byKey[id] = (census.byKey[id] ?? 0) + Number(r.n);
    }
    census.columns.push({ name: `${c.table}.${c.column}`, byKey });
  }
  return census;
}

/**
 * Re-seals, under the current key, every value of every sealed column that is not under it yet:
 * `plain` only the values never sealed (start-up after the upgrade), `all` also those under a
 * previous key (the rotation). Each row is updated only if it still holds what was read, so a
 * concurrent edit (already sealed under the current key) is never overwritten.
 */
export async function resealFields(db: Db, which: 'plain' | 'all'): Promise<number> {
  const any = db as unknown as AnyDb;
  const current = sealedPrefix(currentFieldKeyId());
  let changed = 0;
  for (const c of SEALED_COLUMNS) {
    let after: number | null = null;
    for (;;) {
      const prefix = sql`substr(${sql.ref(c.column)}, 1, ${sql.lit(PREFIX_LENGTH)})`;
      let q = base(any, c)
        .select([`${c.key} as k`, `${c.column} as v`])
        .where(which === 'plain' ? sql<boolean>`substr(${sql.ref(c.column)}, 1, 3) <> 'f1:'` : sql<boolean>`${prefix} <> ${current}`)
        .orderBy(c.key)
        .limit(BATCH);
      if (after !== null) q = q.where(c.key, '>', after);
      const rows = (await q.execute()) as { k: number; v: string }[];
      if (!rows.length) break;
      for (const r of rows) {
        const plain = isSealed(r.v) ? openField(r.v) : r.v;
        const set: Record<string, string | null> = { [c.column]: sealField(plain) };
        if (c.index) set[c.index.column] = plain === '' ? null : blindIndex(c.index.kind, plain);
        const res = await any.updateTable(c.table).set(set).where(c.key, '=', r.k).where(c.column, '=', r.v).executeTakeFirst();
        changed += Number(res.numUpdatedRows);
      }
      after = Number(rows[rows.length - 1].k);
    }
  }
  return changed;
}

/**
 * Loads the field keys and checks them against the database before anything is served: every key
 * a value is sealed under must be configured (FIELD_KEY, or FIELD_KEY_PREVIOUS during a rotation),
 * else the start fails with the reason, rather than the app answering with fields it cannot open.
 * Then seals the values written before sealing existed.
 */
export async function openFieldKeys(db: Db, config: Pick<Config, 'FIELD_KEY' | 'FIELD_KEY_FILE' | 'FIELD_KEY_PREVIOUS'>): Promise<{ sealedNow: number }> {
  const census = await sealedCensus(db);
  const inUse = Object.keys(census.byKey).filter((id) => id !== 'plain');
  const current = loadFieldKey(config, inUse.length === 0);
  const previous = loadPreviousFieldKeys(config);
  const known = [current, ...previous].map(fieldKeyId);
  const missing = inUse.filter((id) => !known.includes(id));
  if (missing.length) {
    throw new Error(
      `字段加密密钥不符：数据库中有 ${missing.map((id) => `${census.byKey[id]} 个字段以密钥 ${id}`).join('、')} 加密，` +
        `而配置的 FIELD_KEY${previous.length ? ' 和 FIELD_KEY_PREVIOUS' : ''} 只有密钥 ${known.join('、')}。` +
        '请配置原来的密钥（轮换期间把旧密钥放在 FIELD_KEY_PREVIOUS）；换用新密钥将无法解密这些字段。',
    );
  }
  setFieldKey(current, previous);
  return { sealedNow: census.byKey.plain ? await resealFields(db, 'plain') : 0 };
}

export interface RotationResult {
  resealed: number;
  /** Values left under any key but the current one, or plain: 0 when the rotation is complete. */
  left: number;
  current: string;
}

/** The rotation: everything under FIELD_KEY_PREVIOUS (or plain) re-sealed under FIELD_KEY. */
export async function rotateFieldKeys(db: Db): Promise<RotationResult> {
  const resealed = await resealFields(db, 'all');
  const current = currentFieldKeyId();
  const after = await sealedCensus(db);
  const left = Object.entries(after.byKey)
    .filter(([id]) => id !== current)
    .reduce((n, [, v]) => n + v, 0);
  return { resealed, left, current };
}
