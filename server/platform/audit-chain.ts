import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { Config } from '../config.js';
import type { Clock } from './clock.js';
import type { Db, Tx } from './db.js';
import type { AuditLogTable, Database } from './db-schema.js';
import { dialectOf, insertRows, pgRowsInsert, preparedOnce } from './db-helpers.js';
import { sendAhead } from './pg-pipeline.js';
import { keyFromConfigOrFile } from './key-files.js';
import { reusableQuery } from './reusable-query.js';

/**
 * The audit log's hash chain (等保 2.0 三级: audit records protected against change and deletion).
 * Each row's link is HMAC-SM3(key, previous link ‖ the row's fields); the key lives outside the
 * database (AUDIT_KEY, or the AUDIT_KEY_FILE beside it), so whoever can write to the database still
 * cannot forge a link. The chain runs in lanes (below); `audit_chain` keeps each lane's head, so rows
 * cut off a lane's end show too, and the anchor the retention purge leaves it, so it verifies from there.
 * A row also names the next lane's head (its witness), so a lane's end cut off together with its head
 * shows once the lane before it has written a row since the rows cut off were written.
 */

let key: Buffer | null = null;

/** Where a lane's chain starts: lane 1 as the single chain before it always did. */
const seedOf = (lane: number) => (lane === 1 ? 'genesis' : `genesis:${lane}`);

/** The key from AUDIT_KEY (hex), else from AUDIT_KEY_FILE, which is created (0600) on the first boot. */
export function loadAuditKey(config: Pick<Config, 'AUDIT_KEY' | 'AUDIT_KEY_FILE'>): Buffer {
  return keyFromConfigOrFile(config.AUDIT_KEY, config.AUDIT_KEY_FILE, '审计密钥');
}

export function setAuditKey(k: Buffer): void {
  key = k;
}

function requireKey(): Buffer {
  // Failing closed: an audited change without its link would be a hole in the chain.
  if (!key) throw new Error('audit key not loaded: call setAuditKey(loadAuditKey(config)) at start-up');
  return key;
}

/** What a caller logs: every column of the row but those the chain fills in. */
export type ChainedFields = Omit<Selectable<AuditLogTable>, 'id' | 'chain_hmac' | 'chain_lane' | 'witness_id' | 'witness_hmac'>;

/** The next lane's head when the row's lane was taken; both null when that lane had no row yet (and on rows logged before witnesses). */
type Witness = Pick<Selectable<AuditLogTable>, 'witness_id' | 'witness_hmac'>;

/**
 * The fields a link covers: every column of the row but its id, its lane and the link itself. The lane
 * is covered by where the link starts: each lane's first link follows from a seed of its own, so a row
 * moved or copied into another lane, its first included, no longer verifies there.
 */
type LinkedFields = ChainedFields & Partial<Witness>;

const num = (v: number | string | null) => (v === null ? null : Number(v));

/**
 * One fixed serialisation of a row; the same on both databases (ids and numbers as decimal text). The
 * witness is covered when there is one, so rows logged before witnesses keep their links, and a
 * witness removed from a row breaks it.
 */
function canonical(r: LinkedFields): string {
  const n = (v: number | string | null) => (v === null ? null : String(Number(v)));
  const fields = [r.at, n(r.user_id), r.username, n(r.org_id), r.action, r.entity_type, n(r.entity_id), r.before_json, r.after_json, r.ip, r.request_id];
  if (r.witness_id != null) fields.push(n(r.witness_id), r.witness_hmac ?? null);
  return JSON.stringify(fields);
}

export function link(prev: string | null, row: LinkedFields, k: Buffer = requireKey(), lane = 1): string {
  return createHmac('sm3', k)
    .update(prev ?? seedOf(lane))
    .update('\n')
    .update(canonical(row))
    .digest('hex');
}

/**
 * The chain runs in lanes: independent chains, each with its head in its own `audit_chain` row
 * (ids 1..AUDIT_LANES), every row naming its lane. A writer holds its lane's head from reading it to
 * its commit, the disk flush included; with a single head every audited write of every instance
 * committed one after another (PostgreSQL: about 500 comments a second here, whatever the cores).
 * Within a lane ids still follow the chain's order. Heads carry no key: cutting off a lane's end and
 * setting its head back to match would remove rows of that lane from among newer rows of the others,
 * where one chain lost only its newest rows. So every row also names its witness, the head of the next
 * lane (lane n witnesses lane n + 1, the last the first) as it stood when the row's lane was taken,
 * covered by the row's link. Rows cut off a lane go unnoticed only if no row of the lane before it
 * named one of them, that is, if that lane has not written since; hiding the rows that did means
 * cutting them too, and so on around the ring. What can vanish unseen is, in each lane, the rows
 * written since the lane before it last wrote: the newest stretch of each lane, staggered, where one
 * chain lost only the newest rows of the log.
 */
export const AUDIT_LANES = 8;

type Lane = { id: number; head_hmac: string | null } & Witness;

/** The next lane's head beside a lane's own: read, not locked (a committed head is a row that stays). */
function withWitness<O>(q: SelectQueryBuilder<Database, 'audit_chain', O>) {
  const next = sql<number>`${sql.ref('audit_chain.id')} % ${sql.lit(AUDIT_LANES)} + 1`;
  return q.select((eb) => [
    eb.selectFrom('audit_chain as w').select('w.head_id').where('w.id', '=', next).as('witness_id'),
    eb.selectFrom('audit_chain as w').select('w.head_hmac').where('w.id', '=', next).as('witness_hmac'),
  ]);
}

// Every audited change runs these: built once per shape (reusable-query.ts), not per write.
// PostgreSQL: a lane no other transaction holds, if there is one; the lanes are tried in random order.
const freeLaneQuery = reusableQuery((tx, _p: Record<string, never>) =>
  withWitness(tx.selectFrom('audit_chain').select(['id', 'head_hmac']))
    .where('id', '<=', AUDIT_LANES)
    .orderBy(sql`random()`)
    .limit(1)
    .forUpdate()
    .skipLocked(),
);
const laneQuery = reusableQuery((tx, p: { lane: number }) => {
  const head = withWitness(tx.selectFrom('audit_chain').select(['id', 'head_hmac'])).where('id', '=', p.lane);
  return dialectOf(tx) === 'postgres' ? head.forUpdate() : head;
});
type ChainedRow = ChainedFields & Witness & { chain_hmac: string; chain_lane: number };

const auditInsertQuery = reusableQuery((tx, p: ChainedRow) => tx.insertInto('audit_log').values(p).returning('id'));
const chainAdvanceQuery = reusableQuery((tx, p: { lane: number; headId: number; headHmac: string }) =>
  tx.updateTable('audit_chain').set({ head_id: p.headId, head_hmac: p.headHmac }).where('id', '=', p.lane),
);
// PostgreSQL: the row and the head's move in one statement, so the lane stays locked for one round trip less.
const insertAndAdvanceQuery = reusableQuery((tx, p: ChainedRow) =>
  tx
    .with('ins', (db) => db.insertInto('audit_log').values(p).returning('id'))
    .updateTable('audit_chain')
    .set((eb) => ({ head_id: eb.selectFrom('ins').select('ins.id'), head_hmac: p.chain_hmac }))
    .where('id', '=', p.chain_lane),
);

const randomLane = () => 1 + Math.floor(Math.random() * AUDIT_LANES);

/** The lane each open transaction holds and its head as that transaction left it (or the lane it asked for ahead). */
const held = new WeakMap<Tx, Lane | Promise<Lane | undefined>>();

/**
 * Asks for a free lane now, for the transaction's first audit row: on PostgreSQL the query travels
 * with the transaction's next statement instead of taking a round trip of its own when the row is
 * written. For a transaction that will write an audit row; the lane is held from here to its end.
 */
export function takeLaneAhead(tx: Tx): void {
  if (held.has(tx) || dialectOf(tx) !== 'postgres') return;
  const lane = freeLaneQuery.ask(tx, {}).then(([free]) => free);
  // Not awaited when the transaction fails before its audit row: its error is the transaction's.
  lane.catch(() => {});
  held.set(tx, lane);
}

/**
 * The lane this transaction holds, or one it takes now, with its head. A transaction keeps one lane
 * for all its audit rows: taking a second while holding the first could deadlock with another writer
 * or with the retention purge. PostgreSQL: a lane no other writer holds (FOR UPDATE SKIP LOCKED), else
 * it waits for a random one; SQLite writes one at a time anyway.
 */
async function takeLane(tx: Tx): Promise<Lane> {
  const mine = held.get(tx);
  let lane = mine instanceof Promise ? await mine : mine;
  if (lane) return lane;
  if (dialectOf(tx) === 'postgres' && !mine) [lane] = await freeLaneQuery.run(tx, {});
  lane ??= (await laneQuery.run(tx, { lane: randomLane() }))[0]!;
  held.set(tx, lane);
  return lane;
}

/** A row with the witness its lane was taken with: every row of a transaction names the same. */
const witnessedIn = (lane: Lane, row: ChainedFields): ChainedFields & Witness => ({ ...row, witness_id: lane.witness_id, witness_hmac: lane.witness_hmac });

/** Inserts one audit row with its link, inside the caller's transaction, at the head of the lane it holds. */
export async function appendAudit(tx: Tx, row: ChainedFields): Promise<void> {
  const lane = await takeLane(tx);
  const witnessed = witnessedIn(lane, row);
  const linked = { ...witnessed, chain_hmac: link(lane.head_hmac, witnessed, requireKey(), lane.id), chain_lane: lane.id };
  // PostgreSQL: sent ahead, so it travels with the COMMIT that usually follows (pg-pipeline.ts).
  if (dialectOf(tx) === 'postgres') await insertAndAdvanceQuery.send(tx, linked);
  else {
    const [inserted] = await auditInsertQuery.run(tx, linked);
    await chainAdvanceQuery.run(tx, { lane: lane.id, headId: inserted!.id, headHmac: linked.chain_hmac });
  }
  held.set(tx, { ...lane, head_hmac: linked.chain_hmac });
}

/** Rows per INSERT: far below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const APPEND_CHUNK = 500;

/**
 * Inserts many audit rows, chained in the order given into one lane, inside the caller's transaction:
 * the lane's head is read and locked once and moved once, and the rows go in a few hundred per statement, instead of
 * three statements a row. A multi-row insert numbers its rows in the order of its values, so ids
 * still follow the chain's order.
 */
export async function appendAudits(tx: Tx, rows: ChainedFields[]): Promise<void> {
  if (!rows.length) return;
  // One row (a comment written alone) through statements built once, not a statement built for it.
  if (rows.length === 1) return appendAudit(tx, rows[0]!);
  const lane = await takeLane(tx);
  let prev = lane.head_hmac;
  const k = requireKey();
  const linked = rows.map((row) => {
    const witnessed = witnessedIn(lane, row);
    prev = link(prev, witnessed, k, lane.id);
    return { ...witnessed, chain_hmac: prev, chain_lane: lane.id };
  });
  const columns = Object.keys(linked[0]!);
  if (dialectOf(tx) === 'postgres') {
    // Each chunk's rows and the head's move in one statement, sent ahead as one row's is: a bulk
    // change or a batch of comments waits for none of it before its COMMIT.
    for (let i = 0; i < linked.length; i += APPEND_CHUNK) {
      const chunk = linked.slice(i, i + APPEND_CHUNK);
      const rows = pgRowsInsert('audit_log', columns, chunk, sql`returning id`);
      const advance = sql`with ins as (${rows}) update audit_chain set head_id = (select max(id) from ins), head_hmac = ${chunk.at(-1)!.chain_hmac} where id = ${lane.id}`;
      await tx.executeQuery(sendAhead(preparedOnce(advance.compile(tx))));
    }
  } else {
    let lastId = 0;
    for (let i = 0; i < linked.length; i += APPEND_CHUNK) {
      const ids = await insertRows<Database, { id: number }>(tx, 'audit_log', columns, linked.slice(i, i + APPEND_CHUNK), sql`returning id`);
      for (const r of ids) lastId = Math.max(lastId, Number(r.id));
    }
    await tx.updateTable('audit_chain').set({ head_id: lastId, head_hmac: prev }).where('id', '=', lane.id).execute();
  }
  held.set(tx, { ...lane, head_hmac: prev });
}

export interface ChainState {
  ok: boolean;
  /** Rows in the log now, and rows removed by the retention purge so far. */
  rows: number;
  purged: number;
  /** The first row whose link does not hold, and why; null when the whole chain holds. */
  firstBroken: { id: number | null; reason: string } | null;
  /** The last row whose link held (null: none yet), and how many rows held up to it. */
  verifiedThroughId: number | null;
  verifiedRows: number;
  headId: number | null;
  oldestAt: string | null;
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Walks the whole log in id order, recomputing every link against its lane's previous one; stops at
 * the first that does not hold. Then each lane's head must be its last row. All of it in one snapshot:
 * rows of different lanes commit out of id order, and a walk in batches would otherwise meet a lane's
 * later row before an earlier one committed.
 */
export async function verifyAuditChain(db: Db, k: Buffer = requireKey()): Promise<ChainState> {
  const snapshot = dialectOf(db) === 'postgres' ? db.transaction().setIsolationLevel('repeatable read') : db.transaction();
  return snapshot.execute((tx) => verifyIn(tx, k));
}

async function verifyIn(db: Tx, k: Buffer): Promise<ChainState> {
  const lanes = await db.selectFrom('audit_chain').selectAll().orderBy('id').execute();
  const walk = new Map(lanes.map((l) => [l.id, { prev: l.anchor_hmac, lastId: num(l.anchor_id) }]));
  // The retention purge removes a prefix of ids: its last row is the newest anchor of any lane.
  const cut = Math.max(0, ...lanes.map((l) => num(l.anchor_id) ?? 0));
  const heads = lanes.map((l) => num(l.head_id)).filter((id): id is number => id !== null);
  let afterId = cut;
  let rows = 0;
  let lastId: number | null = null;
  let held = 0;
  let oldestAt: string | null = null;
  const state = (firstBroken: ChainState['firstBroken']): ChainState => ({
    ok: firstBroken === null,
    rows,
    purged: Number(lanes.find((l) => l.id === 1)?.purged ?? 0),
    firstBroken,
    verifiedThroughId: lastId,
    verifiedRows: held,
    headId: heads.length ? Math.max(...heads) : null,
    oldestAt,
  });
  if (lanes.length !== AUDIT_LANES || lanes.some((l, i) => l.id !== i + 1)) {
    return state({ id: null, reason: `审计链的链头不是 ${AUDIT_LANES} 条（1 至 ${AUDIT_LANES}）：链头表被改动` });
  }
  const early = await db.selectFrom('audit_log').select('id').where('id', '<=', cut).orderBy('id').limit(1).executeTakeFirst();
  if (early) return state({ id: early.id, reason: '保留期清理点之前出现了记录' });
  // Rows naming a witness that is gone. Only a naming row whose own link holds counts: a witness edited
  // into a row breaks that row, and is found there. The smallest gone id such a row named, up to where
  // the walk stops, is where the log stops being whole; everything before it was verified by then.
  const naming = await witnessesGone(db, cut);
  let goneAt: number | null = null;
  const broken = async (at: ChainState['firstBroken']): Promise<ChainState> => {
    if (goneAt === null) return state(at);
    const before = await db
      .selectFrom('audit_log')
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('id').as('last')])
      .where('id', '>', cut)
      .where('id', '<', goneAt)
      .executeTakeFirst();
    held = Number(before?.n ?? 0);
    lastId = num(before?.last ?? null);
    return state({ id: goneAt, reason: '此记录已不在，而另一条链上更晚的记录见证过它：其所在链末尾的记录被删除' });
  };
  for (;;) {
    const batch = await db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(2000).execute();
    for (const r of batch) {
      rows++;
      oldestAt ??= r.at;
      const lane = walk.get(r.chain_lane);
      if (!r.chain_hmac) return broken({ id: r.id, reason: '记录未封存（缺少校验值）' });
      if (!lane) return broken({ id: r.id, reason: '记录所属的审计链不存在' });
      if (!same(link(lane.prev, r, k, r.chain_lane), r.chain_hmac)) {
        return broken({ id: r.id, reason: lane.prev === r.chain_hmac ? '记录重复' : '记录内容被修改，或其前面的记录被删除或插入' });
      }
      lane.prev = r.chain_hmac;
      lane.lastId = r.id;
      lastId = r.id;
      held++;
      const named = naming.get(r.id);
      if (named !== undefined && (goneAt === null || named < goneAt)) goneAt = named;
    }
    if (batch.length < 2000) break;
    afterId = batch[batch.length - 1].id;
  }
  if (goneAt !== null) return broken(null);
  for (const l of lanes) {
    const w = walk.get(l.id)!;
    if ((l.head_hmac ?? null) !== w.prev || w.lastId !== num(l.head_id)) {
      return state({ id: num(l.head_id), reason: '链尾与最后一条记录不符：末尾的记录被删除' });
    }
  }
  return state(null);
}

/** How many rows naming a gone witness are looked at: a log cut that deep is reported all the same. */
const MAX_GONE_WITNESSES = 10_000;

/**
 * The rows naming a witness that is not there with that link (rows at or before the retention purge's
 * cut are gone by design), by the naming row's id. The link is the witnessed row's, so a row with that
 * id and link is the row named, wherever it now sits; one moved breaks its own link.
 */
async function witnessesGone(db: Tx, cut: number): Promise<Map<number, number>> {
  const found = await db
    .selectFrom('audit_log as r')
    .select(['r.witness_id', 'r.id'])
    .where('r.witness_id', '>', cut)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('audit_log as w').select('w.id').whereRef('w.id', '=', 'r.witness_id').whereRef('w.chain_hmac', '=', 'r.witness_hmac'))),
    )
    .orderBy('r.witness_id')
    .orderBy('r.id')
    .limit(MAX_GONE_WITNESSES)
    .execute();
  return new Map(found.map((r) => [r.id, Number(r.witness_id)]));
}

/** Links the rows written before the chain existed (an upgraded database), once, in id order, into lane 1. */
export async function sealUnchained(db: Db): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const open = await tx.selectFrom('audit_log').selectAll().where('chain_hmac', 'is', null).orderBy('id').execute();
    if (!open.length) return 0;
    let prev = (await tx.selectFrom('audit_chain').select('head_hmac').where('id', '=', 1).executeTakeFirstOrThrow()).head_hmac;
    let head = 0;
    for (const r of open) {
      // Written before the lanes existed, so in lane 1 (the column's default).
      if (r.chain_lane !== 1) throw new Error(`audit row ${r.id} unsealed outside lane 1`);
      prev = link(prev, r);
      head = r.id;
      await tx.updateTable('audit_log').set({ chain_hmac: prev }).where('id', '=', r.id).execute();
    }
    await tx.updateTable('audit_chain').set({ head_id: head, head_hmac: prev }).where('id', '=', 1).execute();
    return open.length;
  });
}

/** The law's floor: six calendar months (up to 184 days), and never under 180 days whatever the caller asks. */
export const MIN_RETENTION_DAYS = 180;

/**
 * The instant before which rows may go: `retentionDays` back, but never later than six calendar
 * months and 180 days back, so no setting or caller can purge a row the law says to keep
 * (网络安全法: 网络日志留存不少于六个月).
 */
export function retentionCutoff(now: Date, retentionDays: number): string {
  const sixMonths = new Date(now);
  sixMonths.setUTCMonth(sixMonths.getUTCMonth() - 6);
  // 31 August minus six months is 2 or 3 March by setUTCMonth; the end of February is the honest answer.
  if (sixMonths.getUTCDate() !== now.getUTCDate()) sixMonths.setUTCDate(0);
  const days = now.getTime() - Math.max(retentionDays, MIN_RETENTION_DAYS) * 86_400_000;
  return new Date(Math.min(days, sixMonths.getTime())).toISOString();
}

/**
 * Removes rows older than the retention period (never under 180 days: the config refuses less).
 * The last removed row of each lane becomes the anchor that lane verifies from.
 */
export async function purgeExpiredAudit(db: Db, clock: Clock, retentionDays: number): Promise<number> {
  const before = retentionCutoff(clock.now(), retentionDays);
  return db.transaction().execute(async (tx) => {
    // Every lane, in id order (a writer holds one lane at most, takeLane: no deadlock): no head moves meanwhile.
    let lanes = tx.selectFrom('audit_chain').select('id').orderBy('id');
    if (dialectOf(tx) === 'postgres') lanes = lanes.forUpdate();
    await lanes.execute();
    // Whole prefix only: the rows older than the cut-off up to the first younger one.
    const firstKept = await tx.selectFrom('audit_log').select('id').where('at', '>=', before).orderBy('id').limit(1).executeTakeFirst();
    let doomed = tx.selectFrom('audit_log').select('id').orderBy('id', 'desc').limit(1);
    if (firstKept) doomed = doomed.where('id', '<', firstKept.id);
    const last = await doomed.executeTakeFirst();
    if (!last) return 0;
    // Each lane verifies from the last of its rows that goes.
    const anchors = await tx
      .selectFrom('audit_log')
      .select(['id', 'chain_lane', 'chain_hmac'])
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('audit_log')
          .select((e) => e.fn.max('id').as('id'))
          .where('id', '<=', last.id)
          .groupBy('chain_lane'),
      )
      .execute();
    await tx.updateTable('audit_chain').set({ purging: 1 }).where('id', '=', 1).execute();
    const res = await tx.deleteFrom('audit_log').where('id', '<=', last.id).executeTakeFirst();
    const n = Number(res.numDeletedRows);
    for (const a of anchors) {
      await tx.updateTable('audit_chain').set({ anchor_id: a.id, anchor_hmac: a.chain_hmac }).where('id', '=', a.chain_lane).execute();
    }
    await tx
      .updateTable('audit_chain')
      .set({ purging: 0, purged: sql`purged + ${n}` })
      .where('id', '=', 1)
      .execute();
    return n;
  });
}
