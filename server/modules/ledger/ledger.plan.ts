import { listIsOpen } from '../../../domain/consultations.js';
import type { Category } from '../../../domain/items.js';
import type { LedgerMapping, LedgerPreview, LedgerPreviewProblem, LedgerPreviewRow, UnitDecision } from '../../../domain/ledger.js';
import {
  cellAddress,
  chooseSheet,
  columnIndex,
  columnLetter,
  findHeader,
  parseLedger,
  type Grid,
  type LedgerField,
  type LedgerItem,
  type ParsedLedger,
} from '../../../domain/ledger-parse.js';
import { AGREED_FIELDS } from '../../../domain/negotiation.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import type { Party } from '../consultations/consultations.policy.js';
import { loadVisible } from '../consultations/consultations.service.js';
import type { ItemFilter } from '../items/items.filters.js';
import { coUnitsOf } from '../items/items.service.js';
import { orgsByIds, orgsByNames } from '../organisations/organisations.service.js';
import { simplify } from './ledger.reader.js';
import * as repo from './ledger.repo.js';
import type { LedgerItemRow } from './ledger.repo.js';

/*
 * Planning an import: the sheet chosen, rows matched to the items they update, units and domains
 * resolved, and for every row what would be stored and what would block the commit. Preview and
 * commit both plan; only commit writes.
 */

export function pickSheet(grids: Grid[], named: string | undefined): Grid {
  const grid = chooseSheet(grids, named, simplify);
  if (named && !grid) throw new AppError('LEDGER_SHEET_NOT_FOUND', `工作簿中没有名为“${named}”的工作表；现有：${grids.map((g) => g.name).join('、')}`);
  // A header is what makes a sheet parse; the rows are parsed once, by the caller.
  if (!grid || !findHeader(grid, simplify)) {
    throw new AppError(
      'LEDGER_NO_LEDGER_SHEET',
      named ? `工作表“${named}”的前十行中找不到表头（至少须有“事项名称”等三列）` : '工作簿中没有像台账的工作表：前十行中找不到含“事项名称”“牵头单位”“完成时限”等列的表头',
    );
  }
  return grid;
}

export type Consultation = Awaited<ReturnType<typeof loadVisible>>['row'];

/*
 * The parses of the workbooks most recently previewed, by their stored grids and the mapping they
 * were parsed with. The commit plans the same sheet the preview did: at 10,000 rows reading the
 * stored grids and parsing them again was a second or more of its time. Only what the sheet says is
 * kept; the items it is matched against are read afresh every time. The text of the grids is the key,
 * so nothing stale can be found for a file under an id used again, and another instance simply parses.
 */
interface KnownParse {
  grids: Grid[];
  byMapping: Map<string, ParsedLedger>;
}
const parses = new Map<string, KnownParse>();
const PARSES_KEPT = 2;

/** A committed import is planned no more: its parses need not be kept. */
export function forgetParses(gridsJson: string): void {
  parses.delete(gridsJson);
}

function parseFor(imp: ImportRow, year: number | null, mapping: LedgerMapping, known?: Grid[]) {
  let entry = parses.get(imp.grids_json);
  if (entry) {
    // Most recently used last: the first one is the one to go.
    parses.delete(imp.grids_json);
    parses.set(imp.grids_json, entry);
  } else {
    entry = { grids: known ?? repo.gridsFromJson(imp.grids_json), byMapping: new Map() };
    parses.set(imp.grids_json, entry);
    if (parses.size > PARSES_KEPT) parses.delete(parses.keys().next().value!);
  }
  const sheet = mapping.sheet ?? imp.sheet;
  const key = JSON.stringify([sheet, year, mapping.columns ?? {}, mapping.categories ?? {}]);
  let parsed = entry.byMapping.get(key);
  if (!parsed) {
    const grid = pickSheet(entry.grids, sheet);
    const columns: Partial<Record<LedgerField, number | null>> = {};
    for (const [field, letter] of Object.entries(mapping.columns ?? {}) as [LedgerField, string | null][]) columns[field] = letter === null ? null : columnIndex(letter);
    const categories: Record<number, Category> = {};
    for (const [row, c] of Object.entries(mapping.categories ?? {})) categories[Number(row)] = c;
    parsed = parseLedger(grid, { defaultYear: year, normalise: simplify, columns, categories })!;
    if (entry.byMapping.size >= PARSES_KEPT) entry.byMapping.delete(entry.byMapping.keys().next().value!);
    entry.byMapping.set(key, parsed);
  }
  return { grids: entry.grids, parsed };
}
export type ImportRow = NonNullable<Awaited<ReturnType<typeof repo.getImport>>>;

export interface PlannedRow {
  source: LedgerItem;
  preview: LedgerPreviewRow;
  existing: repo.LedgerItemRow | null;
  leadUnitId: number | null;
  coUnitIds: number[];
  domain: string;
}

export const UNRESOLVED = -1;

/** Resolves unit names the way the item editor does: name or short name, the one under a party first. */
function resolveNames(rows: Awaited<ReturnType<typeof orgsByNames>>, names: string[], parties: Party[]) {
  const out = new Map<string, { id: number | null; ambiguous: boolean }>();
  for (const name of new Set(names)) {
    const matches = rows.filter((r) => r.name === name || r.short_name === name);
    const preferred = matches.filter((r) => parties.some((p) => r.path.startsWith(p.orgPath)));
    const pick = preferred.length === 1 ? preferred[0] : matches.length === 1 ? matches[0] : null;
    out.set(name, { id: pick?.id ?? null, ambiguous: !pick && matches.length > 1 });
  }
  return out;
}

function sameList(a: number[], b: number[]) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The heart of preview and commit: parse with the user's mapping, match rows to existing items, resolve
 * units and domains, and say for every row what would be stored and what would block the commit.
 */
export async function plan(
  db: Db | Tx,
  deps: Deps,
  imp: ImportRow,
  consultation: Consultation,
  parties: Party[],
  mapping: LedgerMapping,
  decisions: Record<string, UnitDecision>,
  /** The grids `imp.grids_json` holds, when the caller has them at hand (just read from the upload). */
  known?: Grid[],
) {
  const { grids, parsed } = parseFor(imp, consultation.year, mapping, known);
  if (parsed.columns.title === undefined) throw new AppError('VALIDATION_FAILED', '必须指定“事项名称”所在的列', [{ field: 'body.columns.title', message: '必填' }]);

  const problems: LedgerPreviewProblem[] = parsed.problems.map((p) => ({ ...p, blocking: p.code === 'LEDGER_CATEGORY_MISSING' || p.code === 'LEDGER_BAD_CATEGORY' }));
  const skip = new Set(mapping.skipRows ?? []);
  const open = listIsOpen(consultation.status);
  const existing = await ledgerItems(db, consultation.id);
  const domains = await repo.enabledDomains(db);
  const names = parsed.items.flatMap((i) => (skip.has(i.row) ? [] : [...(i.leadUnit ? [i.leadUnit] : []), ...i.coUnits]));
  const resolved = resolveNames(await orgsByNames(db, [...new Set(names)]), names, parties);
  const decidedIds = new Set<number>();
  for (const [name, d] of Object.entries(decisions)) {
    if ('orgId' in d) {
      decidedIds.add(d.orgId);
      resolved.set(name, { id: d.orgId, ambiguous: false });
    } else resolved.set(name, { id: UNRESOLVED, ambiguous: false });
  }
  if (decidedIds.size) {
    const found = new Set((await orgsByIds(db, [...decidedIds])).map((o) => o.id));
    const missing = [...decidedIds].find((x) => !found.has(x));
    if (missing) throw new AppError('UNKNOWN_UNIT', `组织 ${missing} 不存在`, [{ field: 'body.unitDecisions', message: String(missing) }]);
  }
  const unknown = new Map<string, { rows: number[]; ambiguous: boolean }>();
  const at = (field: LedgerField, row: number) => cellAddress(row - 1, parsed.columns[field] ?? parsed.columns.title!);
  const block = (cell: string, code: string, message: string) => problems.push({ cell, code, message, blocking: true });

  const byTitle = new Map<string, repo.LedgerItemRow[]>();
  for (const e of existing) byTitle.set(e.title, [...(byTitle.get(e.title) ?? []), e]);
  const claimed = new Set<number>();
  const rows: PlannedRow[] = [];
  const has = (f: LedgerField) => parsed.columns[f] !== undefined;

  for (const src of parsed.items) {
    const skipped = skip.has(src.row);
    const candidates = (byTitle.get(src.title) ?? []).filter((e) => !claimed.has(e.id));
    const match = candidates.find((e) => e.category === src.category) ?? (candidates.length === 1 ? candidates[0] : null);
    if (match && !skipped) claimed.add(match.id);
    const unitId = (name: string, field: LedgerField) => {
      const r = resolved.get(name);
      if (r && r.id !== null) return r.id;
      if (!skipped) {
        const u = unknown.get(name) ?? { rows: [], ambiguous: r?.ambiguous ?? false };
        u.rows.push(src.row);
        unknown.set(name, u);
        block(
          at(field, src.row),
          r?.ambiguous ? 'LEDGER_AMBIGUOUS_UNIT' : 'LEDGER_UNKNOWN_UNIT',
          r?.ambiguous ? `单位“${name}”对应多个组织，须指定` : `系统中没有单位“${name}”，须对应到已有组织或新建`,
        );
      }
      return UNRESOLVED;
    };
    const keepUnits = !has('leadUnit') && !has('coUnits');
    const leadUnitId = has('leadUnit') ? (src.leadUnit ? unitId(src.leadUnit, 'leadUnit') : null) : (match?.leadUnitId ?? null);
    const coUnitIds = has('coUnits') ? src.coUnits.map((n) => unitId(n, 'coUnits')) : (match?.coUnitIds ?? []);
    let domain = src.domain ?? match?.domain ?? '';
    if (!skipped) {
      if (src.domain && !domains.has(src.domain)) block(at('domain', src.row), 'LEDGER_UNKNOWN_DOMAIN', `领域“${src.domain}”不在领域字典中`);
      else if (!domain) block(at('domain', src.row), 'LEDGER_DOMAIN_MISSING', '新增事项须写明领域');
    }
    if (!domain) domain = '';
    const read = (f: LedgerField) => has(f) && !src.unread.includes(f);
    const deadline = read('deadline') ? src.deadline : (match?.deadline ?? null);
    const ongoing = read('deadline') ? src.ongoing : (match?.ongoing ?? false);
    const fundingWan = read('funding') ? src.fundingWan : (match?.fundingWan ?? null);
    const status = src.status ?? match?.status ?? 'not_started';
    const progressNote = has('progress') || has('status') ? src.progressNote : (match?.progressNote ?? null);
    const category = src.category ?? match?.category ?? null;
    const changes: string[] = [];
    if (match) {
      const cmp: [string, boolean][] = [
        ['category', category !== match.category],
        ['content', has('content') && src.content !== match.content],
        ['domain', domain !== match.domain],
        ['leadUnitId', !keepUnits && leadUnitId !== match.leadUnitId],
        ['coUnitIds', !keepUnits && !sameList(coUnitIds, match.coUnitIds)],
        ['deadline', deadline !== match.deadline],
        ['ongoing', ongoing !== match.ongoing],
        ['fundingWan', fundingWan !== match.fundingWan],
        ['status', status !== match.status],
        ['responsible', has('responsible') && src.responsible !== match.responsible],
        // The ledger shows the newest report where there is one: reading it back changes nothing.
        ['progressNote', progressNote !== match.progressNote && !(progressNote !== null && progressNote === match.reportedProgress)],
      ];
      changes.push(...cmp.filter(([, changed]) => changed).map(([f]) => f));
    }
    if (!skipped && !open) {
      if (!match) block(at('title', src.row), 'LEDGER_LIST_LOCKED', '清单已议定，不能通过导入新增事项；请走调整申请或跳过此行');
      else {
        const agreed = changes.filter((f) => (AGREED_FIELDS as readonly string[]).includes(f));
        if (agreed.length) block(at('title', src.row), 'LEDGER_LIST_LOCKED', `清单已议定，议定内容（${agreed.join('、')}）不能通过导入修改；请走调整申请或跳过此行`);
      }
    }
    rows.push({
      source: src,
      existing: match,
      leadUnitId,
      coUnitIds,
      domain,
      preview: {
        row: src.row,
        action: match ? 'update' : 'add',
        itemId: match?.id ?? null,
        itemVersion: match?.version ?? null,
        changes,
        skipped,
        category,
        title: src.title,
        content: has('content') ? src.content : (match?.content ?? ''),
        domain: domain || null,
        leadUnit: has('leadUnit') ? src.leadUnit : (match?.leadUnit ?? null),
        coUnits: has('coUnits') ? src.coUnits : (match?.coUnits ?? []),
        deadline,
        ongoing,
        fundingWan,
        status,
        progressNote,
      },
    });
  }
  const relevant = problems.filter((p) => !skip.has(Number(/\d+$/.exec(p.cell)?.[0])));
  const live = rows.filter((r) => !r.preview.skipped);
  const preview: LedgerPreview = {
    id: imp.id,
    consultationId: consultation.id,
    filename: imp.filename,
    status: imp.status,
    sheet: parsed.sheet,
    sheets: grids.map((g) => g.name),
    headerRow: parsed.headerRow,
    ledgerYear: parsed.ledgerYear,
    columns: Object.fromEntries(Object.entries(parsed.columns).map(([f, c]) => [f, columnLetter(c)])),
    headers: parsed.headers.map((text, i) => ({ column: columnLetter(i), text })),
    rows: rows.map((r) => r.preview),
    skippedRows: parsed.skippedRows,
    problems: relevant,
    unknownUnits: [...unknown].map(([name, u]) => ({ name, rows: [...new Set(u.rows)], ambiguous: u.ambiguous })),
    counts: {
      add: live.filter((r) => !r.existing).length,
      update: live.filter((r) => r.existing && r.preview.changes.length).length,
      unchanged: live.filter((r) => r.existing && !r.preview.changes.length).length,
      skipped: rows.length - live.length,
    },
    blocked: relevant.some((p) => p.blocking),
  };
  return { preview, rows: live, parsed };
}

/** A consultation's live items as the ledger shows them (filtered as the item list is), with their co-units. */
export async function ledgerItems(db: Db | Tx, consultationId: number, f: ItemFilter = {}): Promise<LedgerItemRow[]> {
  const rows = await repo.ledgerItemRows(db, consultationId, f);
  const co = await coUnitsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, coUnitIds: (co.get(r.id) ?? []).map((u) => u.id), coUnits: (co.get(r.id) ?? []).map((u) => u.name) }));
}
