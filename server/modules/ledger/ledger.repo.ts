import type { Category, ItemStatus } from '../../../domain/items.js';
import { yuanToWan } from '../../../domain/items.js';
import type { Grid } from '../../../domain/ledger-parse.js';
import { dialectOf } from '../../platform/db-helpers.js';
import type { Db, Tx } from '../../platform/db.js';
import { itemFilter, type ItemFilter } from '../items/items.filters.js';

type Conn = Db | Tx;

/** Grids go to JSON with dates tagged, so a date cell comes back as a date. */
const DATE_TAG = '\u0000date:';

export function gridsToJson(grids: Grid[]): string {
  return JSON.stringify(grids.map((g) => ({ name: g.name, rows: g.rows.map((r) => r.map((c) => (c instanceof Date ? DATE_TAG + c.toISOString() : c))) })));
}

/** The tag as JSON writes it: a sheet without dates needs no walk through its cells. */
const DATE_TAG_JSON = JSON.stringify(DATE_TAG).slice(1, -1);

export function gridsFromJson(json: string): Grid[] {
  // A reviver is called for every value of every cell; one walk over the parsed rows costs far less.
  const grids = JSON.parse(json) as Grid[];
  if (!json.includes(DATE_TAG_JSON)) return grids;
  for (const g of grids) {
    for (const row of g.rows) {
      for (let i = 0; i < row.length; i++) {
        const v = row[i];
        if (typeof v === 'string' && v.startsWith(DATE_TAG)) row[i] = new Date(v.slice(DATE_TAG.length));
      }
    }
  }
  return grids;
}

export async function insertImport(db: Conn, v: { consultationId: number; filename: string; gridsJson: string; sheet: string; createdBy: number; now: string }) {
  const row = await db
    .insertInto('ledger_imports')
    .values({
      consultation_id: v.consultationId,
      filename: v.filename,
      grids_json: v.gridsJson,
      sheet: v.sheet,
      status: 'preview',
      created_by: v.createdBy,
      created_at: v.now,
      committed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteStalePreviews(db: Conn, consultationId: number, before: string) {
  await db.deleteFrom('ledger_imports').where('consultation_id', '=', consultationId).where('status', '=', 'preview').where('created_at', '<', before).execute();
}

export async function getImport(db: Conn, id: number) {
  return db.selectFrom('ledger_imports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks the import committed; the status guard makes a second, concurrent commit find nothing to do. */
export async function markCommitted(db: Conn, id: number, sheet: string, now: string): Promise<boolean> {
  const res = await db.updateTable('ledger_imports').set({ status: 'committed', committed_at: now, sheet }).where('id', '=', id).where('status', '=', 'preview').executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function enabledDomains(db: Conn): Promise<Set<string>> {
  const rows = await db.selectFrom('dict_items').select('value').where('dict_type', '=', 'item_domain').where('enabled', '=', 1).execute();
  return new Set(rows.map((r) => r.value));
}

export interface LedgerItemRow {
  id: number;
  title: string;
  content: string;
  category: Category;
  domain: string;
  leadUnitId: number | null;
  leadUnit: string | null;
  coUnitIds: number[];
  coUnits: string[];
  responsible: string;
  deadline: string | null;
  ongoing: boolean;
  fundingWan: number | null;
  status: ItemStatus;
  progress: number;
  light: string;
  progressNote: string | null;
  /** The newest progress report's text that was not sent back, if any. */
  reportedProgress: string | null;
  sortOrder: number;
  version: number;
}

/** A consultation's live items as the ledger shows them, in ledger order, before their co-units are added. */
export async function ledgerItemRows(db: Conn, consultationId: number, f: ItemFilter = {}) {
  const rows = await db
    .selectFrom('items as i')
    .leftJoin('organisations as lu', 'lu.id', 'i.lead_unit_id')
    .select([
      'i.id',
      'i.title',
      'i.content',
      'i.category',
      'i.domain',
      'i.lead_unit_id',
      'lu.name as lead_unit_name',
      'i.responsible',
      'i.deadline',
      'i.ongoing',
      'i.funding_yuan',
      'i.status',
      'i.progress',
      'i.light',
      'i.progress_note',
      'i.sort_order',
      'i.version',
    ])
    .where('i.consultation_id', '=', consultationId)
    .where('i.deleted_at', 'is', null)
    .where((eb) => itemFilter(eb, dialectOf(db), f))
    .orderBy('i.category')
    .orderBy('i.sort_order')
    .orderBy('i.id')
    .execute();
  const reported = await latestReports(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    content: r.content,
    category: r.category as Category,
    domain: r.domain,
    leadUnitId: r.lead_unit_id,
    leadUnit: r.lead_unit_name ?? null,
    responsible: r.responsible,
    deadline: r.deadline,
    ongoing: r.ongoing === 1,
    fundingWan: r.funding_yuan === null ? null : yuanToWan(Number(r.funding_yuan)),
    status: r.status as ItemStatus,
    progress: r.progress,
    light: r.light,
    progressNote: r.progress_note,
    reportedProgress: reported.get(r.id) ?? null,
    sortOrder: r.sort_order,
    version: r.version,
  }));
}

/** Report HTML as ledger text: paragraphs become lines, tags and entities go. */
export function htmlToText(html: string): string {
  return html
    .replace(/<\s*(br|\/p|\/div|\/li)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

async function latestReports(db: Conn, itemIds: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (!itemIds.length) return out;
  const rows = await db
    .selectFrom('progress_reports')
    .select(['item_id', 'period', 'progress_html'])
    .where('item_id', 'in', itemIds)
    .where('status', '!=', 'returned')
    .orderBy('item_id')
    .orderBy('period', 'desc')
    .orderBy('id', 'desc')
    .execute();
  for (const r of rows) if (!out.has(r.item_id)) out.set(r.item_id, htmlToText(r.progress_html));
  return out;
}
