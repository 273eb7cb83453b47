import type { Actor } from '../../platform/actor.js';
import type { Db, Dialect, Tx } from '../../platform/db.js';
import { dialectOf, jsonArrayOf, jsonColumn } from '../../platform/db-helpers.js';
import { type Batcher, batcher, paddedIds } from '../../platform/batches.js';
import { AppError } from '../../platform/errors.js';
import { reusableQuery } from '../../platform/reusable-query.js';
import { visibilityKey, visibleToActor } from '../consultations/consultations.policy.js';
import { assembleHistory, historyColumns, type HistoryValues } from '../reports/reports.service.js';
import { collectDetails, detailRows, type DetailRow } from './items.details.repo.js';
import { base } from './items.repo.js';

// The item page in one statement: the item, if its consultation is in the caller's scope, with its live
// parent's summary (a deleted parent is no parent), whether it has live children, its co-units and
// agreement marks, and, when asked, its whole report history. On PostgreSQL every statement is a round
// trip and a socket write on each side, which cost more than reading the rows: three statements
// here were half the page's time.

type Conn = Db | Tx;

interface PageContext {
  actor: Actor;
  dialect: Dialect;
  reports: boolean;
}

const pageQuery = reusableQuery((db, p: { ids: number[] }, ctx: PageContext) =>
  base(db)
    .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
    .leftJoin('items as p', (j) => j.onRef('p.id', '=', 'i.parent_item_id').on('p.deleted_at', 'is', null))
    .leftJoin('consultations as pc', 'pc.id', 'p.consultation_id')
    .select(['p.id as parent_id', 'p.title as parent_title', 'p.consultation_id as parent_consultation_id', 'pc.title as parent_consultation_title'])
    // Most items have no children: then the page need not look for the ones the caller may see.
    .select((eb) => eb.exists(eb.selectFrom('items as ch').select('ch.id').whereRef('ch.parent_item_id', '=', 'i.id').where('ch.deleted_at', 'is', null)).as('has_children'))
    .select((eb) => jsonArrayOf(ctx.dialect, detailRows(db, eb.ref('i.id'))).as('details'))
    .$if(ctx.reports, (q) => q.select((eb) => historyColumns(db, ctx.dialect, { itemId: eb.ref('i.id') })))
    .where('i.id', 'in', p.ids)
    .where((eb) => visibleToActor(eb, ctx.actor)),
);

type Page = Awaited<ReturnType<typeof readPages>> extends Map<number, infer P> ? P : never;

/** The pages of these items in the caller's scope, by id, each read once. */
async function readPages(db: Conn, ctx: PageContext, key: string, ids: number[]) {
  const rows = await pageQuery.run(db, { ids }, ctx, key);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        row,
        details: collectDetails(jsonColumn(row.details as DetailRow[] | string))(row.id),
        reports: ctx.reports ? assembleHistory(row as typeof row & HistoryValues) : undefined,
      },
    ]),
  );
}

/**
 * Pages asked for together by callers who see the same (one visibility key) are read in one statement
 * (batches.ts): on PostgreSQL eight pages in one cost the database about what two did one by one.
 * One batcher per database handle and key; the key decides the statement, so whose context builds it
 * does not matter.
 */
const grouped = new WeakMap<Db, Map<string, Batcher<number, Page | undefined>>>();
const PAGE_BATCH = { maxBatch: 32, maxInFlight: 2, maxWaiting: 2_000, busy: () => new AppError('DATABASE_UNAVAILABLE', '服务繁忙，请稍后再试') };

function pagesOf(db: Db, ctx: PageContext, key: string): Batcher<number, Page | undefined> {
  let byKey = grouped.get(db);
  if (!byKey) grouped.set(db, (byKey = new Map()));
  let pages = byKey.get(key);
  if (!pages) {
    pages = batcher({
      ...PAGE_BATCH,
      run: async (ids) => {
        const found = await readPages(db, ctx, key, paddedIds([...new Set(ids)]));
        return ids.map((id) => ({ ok: true, value: found.get(id) }));
      },
    });
    byKey.set(key, pages);
  }
  return pages;
}

/** The item page's row (undefined: no such item in the caller's scope), its details, and its reports when asked. */
export async function itemPage(db: Conn, actor: Actor, id: number, withReports: boolean): Promise<Page | undefined> {
  const dialect = dialectOf(db);
  const ctx = { actor, dialect, reports: withReports };
  const key = `${visibilityKey(actor)}|${dialect}|${withReports}`;
  // Inside a transaction, its own snapshot: read on its own.
  if (db.isTransaction) return (await readPages(db, ctx, key, [id])).get(id);
  return pagesOf(db, ctx, key).submit(id);
}
