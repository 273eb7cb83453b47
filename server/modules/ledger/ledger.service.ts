import { listIsOpen } from '../../../domain/consultations.js';
import type { Category } from '../../../domain/items.js';
import type { LedgerCommit, LedgerCommitResult, LedgerMapping, LedgerPreview, LedgerPreviewProblem, LedgerPreviewRow, UnitDecision } from '../../../domain/ledger.js';
import {
  cellAddress,
  chooseSheet,
  columnIndex,
  columnLetter,
  FIELD_LABEL,
  parseLedger,
  type Grid,
  type LedgerField,
  type LedgerItem,
  type ParsedLedger,
} from '../../../domain/ledger-parse.js';
import { AGREED_FIELDS } from '../../../domain/negotiation.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Party } from '../consultations/consultations.policy.js';
import { loadVisible, partiesOf } from '../consultations/consultations.service.js';
import { addItem, changeItem } from '../items/items.command.js';
import type { ItemFilter } from '../items/items.filters.js';
import { coUnitsOf } from '../items/items.service.js';
import { refreshLights } from '../lights/lights.service.js';
import { addDepartment, getOrgRow, orgsByIds, orgsByNames } from '../organisations/organisations.service.js';
import { assertCanImport } from './ledger.policy.js';
import { readWorkbook, simplify, type LedgerLimits } from './ledger.reader.js';
import * as repo from './ledger.repo.js';
import type { LedgerItemRow } from './ledger.repo.js';

export function ledgerLimits(deps: Deps): LedgerLimits {
  const c = deps.config;
  return { maxBytes: Math.floor(c.LEDGER_MAX_MB * 1024 * 1024), maxRows: c.LEDGER_MAX_ROWS, maxUncompressedBytes: Math.floor(c.LEDGER_MAX_UNCOMPRESSED_MB * 1024 * 1024) };
}

/** Bytes → the chosen sheet and its parse; the CLI's dry run and the upload share it. */
export async function parseWorkbook(buf: Buffer, limits: LedgerLimits, opts: { sheet?: string; defaultYear?: number | null; onProgress?: (done: number, total: number) => void }) {
  const wb = await readWorkbook(buf, limits, opts.onProgress);
  const grid = pickSheet(wb.grids, opts.sheet);
  const parsed = parseLedger(grid, { defaultYear: opts.defaultYear ?? null, normalise: simplify })!;
  return { grids: wb.grids, sheets: wb.sheetNames, parsed };
}

function pickSheet(grids: Grid[], named: string | undefined): Grid {
  const grid = chooseSheet(grids, named, simplify);
  if (named && !grid) throw new AppError('LEDGER_SHEET_NOT_FOUND', `工作簿中没有名为“${named}”的工作表；现有：${grids.map((g) => g.name).join('、')}`);
  if (!grid || !parseLedger(grid, { normalise: simplify })) {
    throw new AppError(
      'LEDGER_NO_LEDGER_SHEET',
      named ? `工作表“${named}”的前十行中找不到表头（至少须有“事项名称”等三列）` : '工作簿中没有像台账的工作表：前十行中找不到含“事项名称”“牵头单位”“完成时限”等列的表头',
    );
  }
  return grid;
}

export async function uploadLedger(
  deps: Deps,
  ctx: RequestContext,
  consultationId: number,
  file: { filename: string; buffer: Buffer },
  sheet?: string,
  onProgress?: (done: number, total: number) => void,
): Promise<LedgerPreview> {
  const { row: consultation, parties } = await loadVisible(deps.db, ctx.actor, consultationId);
  assertCanImport(ctx.actor, parties, consultation.status);
  const { grids, parsed } = await parseWorkbook(file.buffer, ledgerLimits(deps), { sheet, defaultYear: consultation.year, onProgress });
  const now = deps.clock.now().toISOString();
  const id = await deps.db.transaction().execute(async (tx) => {
    // Previews nobody committed hold whole workbooks; the stale ones go when a new one arrives.
    await repo.deleteStalePreviews(tx, consultationId, staleBefore(deps.clock.now()));
    const importId = await repo.insertImport(tx, {
      consultationId,
      filename: file.filename.slice(0, 255),
      gridsJson: repo.gridsToJson(grids),
      sheet: parsed.sheet,
      createdBy: ctx.actor.userId,
      now,
    });
    await recordAudit(tx, ctx, now, {
      action: 'ledger.upload',
      entityType: 'ledger_import',
      entityId: importId,
      after: { consultationId, filename: file.filename, sheet: parsed.sheet, rows: parsed.items.length },
    });
    return importId;
  });
  return previewImport(deps, ctx.actor, id, {});
}

/**
 * The preview of a file against a consultation without storing anything: the command line's dry run,
 * run by an operator on the server, so no caller's scope applies.
 */
export async function previewFile(
  deps: Deps,
  consultationId: number,
  file: { filename: string; buffer: Buffer },
  sheet?: string,
  onProgress?: (done: number, total: number) => void,
): Promise<LedgerPreview> {
  const consultation = await deps.db.selectFrom('consultations').selectAll().where('id', '=', consultationId).executeTakeFirst();
  if (!consultation) throw notFound('会商');
  const parties = (await partiesOf(deps.db, [consultationId])).get(consultationId) ?? [];
  const { grids, parsed } = await parseWorkbook(file.buffer, ledgerLimits(deps), { sheet, defaultYear: consultation.year, onProgress });
  const imp: ImportRow = {
    id: 0,
    consultation_id: consultationId,
    filename: file.filename,
    grids_json: repo.gridsToJson(grids),
    sheet: parsed.sheet,
    status: 'preview',
    created_by: 0,
    created_at: '',
    committed_at: null,
  };
  return (await plan(deps.db, deps, imp, consultation as unknown as Consultation, parties, {}, {})).preview;
}

/** How long an uncommitted preview stays usable. */
export const PREVIEW_TTL_MS = 24 * 3600_000;
const staleBefore = (now: Date) => new Date(now.getTime() - PREVIEW_TTL_MS).toISOString();

/** The import, or 404 when it is missing or belongs to a consultation the caller may not import into. */
async function loadImport(db: Db | Tx, actor: Actor, id: number, now: Date) {
  const imp = await repo.getImport(db, id);
  // A preview left for a day no longer describes the list: it is gone, as if never made.
  if (!imp || (imp.status === 'preview' && imp.created_at < staleBefore(now))) throw notFound('台账导入');
  const { row: consultation, parties } = await loadVisible(db, actor, imp.consultation_id).catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'NOT_FOUND' ? notFound('台账导入') : err;
  });
  try {
    assertCanImport(actor, parties, consultation.status);
  } catch (err) {
    // Someone who may not import never learns that the import exists.
    if (err instanceof AppError && err.code === 'FORBIDDEN') throw notFound('台账导入');
    throw err;
  }
  return { imp, consultation, parties };
}

export async function previewImport(deps: Deps, actor: Actor, id: number, mapping: LedgerMapping): Promise<LedgerPreview> {
  const { imp, consultation, parties } = await loadImport(deps.db, actor, id, deps.clock.now());
  return (await plan(deps.db, deps, imp, consultation, parties, mapping, {})).preview;
}

type Consultation = Awaited<ReturnType<typeof loadVisible>>['row'];
type ImportRow = NonNullable<Awaited<ReturnType<typeof repo.getImport>>>;

interface PlannedRow {
  source: LedgerItem;
  preview: LedgerPreviewRow;
  existing: repo.LedgerItemRow | null;
  leadUnitId: number | null;
  coUnitIds: number[];
  domain: string;
}

const UNRESOLVED = -1;

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
async function plan(db: Db | Tx, deps: Deps, imp: ImportRow, consultation: Consultation, parties: Party[], mapping: LedgerMapping, decisions: Record<string, UnitDecision>) {
  const grids = repo.gridsFromJson(imp.grids_json);
  const grid = pickSheet(grids, mapping.sheet ?? imp.sheet);
  const columns: Partial<Record<LedgerField, number | null>> = {};
  for (const [field, letter] of Object.entries(mapping.columns ?? {}) as [LedgerField, string | null][]) columns[field] = letter === null ? null : columnIndex(letter);
  const categories: Record<number, Category> = {};
  for (const [row, c] of Object.entries(mapping.categories ?? {})) categories[Number(row)] = c;
  const parsed = parseLedger(grid, { defaultYear: consultation.year, normalise: simplify, columns, categories })!;
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

function describeProblems(preview: LedgerPreview) {
  return preview.problems.filter((p) => p.blocking).map((p) => ({ field: p.cell, message: p.message }));
}

/** Applies a previewed import in one transaction: units created, items added and updated, or nothing at all. */
export async function commitImport(deps: Deps, ctx: RequestContext, id: number, body: LedgerCommit): Promise<LedgerCommitResult> {
  const now = deps.clock.now().toISOString();
  const { unitDecisions = {}, itemVersions = {}, ...mapping } = body;
  return deps.db.transaction().execute(async (tx) => {
    const { imp, consultation, parties } = await loadImport(tx, ctx.actor, id, deps.clock.now());
    if (imp.status !== 'preview') throw new AppError('LEDGER_IMPORT_DONE', '该台账已导入，不能重复提交；如需再次导入请重新上传');
    const planned = await plan(tx, deps, imp, consultation, parties, mapping, unitDecisions);
    // What the user approved was computed from these versions; an edit since then changes the picture.
    const moved = planned.rows.find((r) => r.existing && itemVersions[r.existing.id] !== undefined && itemVersions[r.existing.id] !== r.existing.version);
    if (moved) throw new AppError('ITEM_VERSION_CONFLICT', `事项“${moved.existing!.title}”在预览后已被修改，请重新预览后再确认导入`);
    const stillUnknown = planned.preview.unknownUnits.filter((u) => !unitDecisions[u.name]);
    if (planned.preview.blocked || stillUnknown.length) {
      throw new AppError(
        'LEDGER_NOT_READY',
        `还有 ${planned.preview.problems.filter((p) => p.blocking).length} 处问题须先处理（指定类别、对应单位、补全领域或跳过该行）`,
        describeProblems(planned.preview),
      );
    }
    // Units the user asked to create, each under an organisation of the consultation's parties.
    const created = new Map<string, number>();
    const usedNames = new Set(planned.rows.flatMap((r) => [...(r.source.leadUnit ? [r.source.leadUnit] : []), ...r.source.coUnits]));
    for (const [name, d] of Object.entries(unitDecisions)) {
      if (!('create' in d) || !usedNames.has(name)) continue;
      const parent = await getOrgRow(tx, d.create.parentId);
      if (!parent || !parties.some((p) => parent.path.startsWith(p.orgPath))) {
        throw new AppError('VALIDATION_FAILED', `新建单位“${name}”的上级组织须是会商双方的组织或其下级`, [
          { field: `body.unitDecisions.${name}`, message: '上级组织不在会商范围内' },
        ]);
      }
      created.set(name, await addDepartment(tx, ctx, now, { parentId: parent.id, parentPath: parent.path, name, via: 'ledger_import' }));
    }
    const idOf = (name: string | null, fallback: number | null) => (name === null ? fallback : (created.get(name) ?? fallback));
    let added = 0;
    let updated = 0;
    const touched: number[] = [];
    // Lights are refreshed for all touched rows at the end, in one pass.
    const write = { via: 'ledger_import' as const, viaId: imp.id, now, today: deps.clock.today(), deferLights: true };
    for (const r of planned.rows) {
      const p = r.preview;
      const leadUnitId = r.leadUnitId === UNRESOLVED ? idOf(r.source.leadUnit, null) : r.leadUnitId;
      const coUnitIds = [...new Set(r.coUnitIds.map((cid, i) => (cid === UNRESOLVED ? idOf(p.coUnits[i], null)! : cid)))].filter((cid) => cid !== leadUnitId);
      if (!r.existing) {
        const item = await addItem(
          tx,
          ctx,
          consultation.id,
          {
            title: p.title,
            content: p.content,
            category: p.category!,
            domain: r.domain,
            leadUnitId,
            coUnitIds,
            responsible: r.source.responsible,
            deadline: p.ongoing ? null : p.deadline,
            ongoing: p.ongoing,
            fundingWan: p.fundingWan,
            status: p.status ?? 'not_started',
            progress: p.status === 'completed' ? 100 : 0,
            progressNote: p.progressNote,
          },
          write,
        );
        added++;
        touched.push(item.id);
        continue;
      }
      if (!p.changes.length) continue;
      const e = r.existing;
      await changeItem(
        tx,
        ctx,
        e.id,
        {
          category: p.category!,
          content: p.content,
          domain: r.domain,
          leadUnitId,
          coUnitIds,
          responsible: p.changes.includes('responsible') ? r.source.responsible : e.responsible,
          deadline: p.ongoing ? null : p.deadline,
          ongoing: p.ongoing,
          fundingWan: p.fundingWan,
          status: p.status ?? e.status,
          progressNote: p.changes.includes('progressNote') ? p.progressNote : e.progressNote,
        },
        // Someone edited the item between preview and commit: the whole import stops.
        { ...write, version: e.version },
      );
      updated++;
      touched.push(e.id);
    }
    if (touched.length) await refreshLights(tx, deps.clock.today(), now, touched);
    if (!(await repo.markCommitted(tx, imp.id, planned.parsed.sheet, now))) throw new AppError('LEDGER_IMPORT_DONE', '该台账已导入，不能重复提交');
    const result = { id: imp.id, added, updated, unchanged: planned.preview.counts.unchanged, createdUnits: created.size };
    await recordAudit(tx, ctx, now, {
      action: 'ledger.import',
      entityType: 'ledger_import',
      entityId: imp.id,
      after: { consultationId: consultation.id, sheet: planned.parsed.sheet, ...result, skipped: planned.preview.counts.skipped },
    });
    return result;
  });
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

export type { ParsedLedger };
export { FIELD_LABEL };
