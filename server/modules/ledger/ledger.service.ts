import { parameter } from '../../platform/parameters.js';
import type { LedgerCommit, LedgerCommitResult, LedgerMapping, LedgerPreview } from '../../../domain/ledger.js';
import { FIELD_LABEL, parseLedger, type ParsedLedger } from '../../../domain/ledger-parse.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, notFound } from '../../platform/errors.js';
import { loadVisible, partiesOf } from '../consultations/consultations.service.js';
import { addItems, changeItem, type NewItem } from '../items/items.command.js';
import { refreshLights } from '../lights/lights.service.js';
import { addDepartment, getOrgRow } from '../organisations/organisations.service.js';
import { assertCanImport } from './ledger.policy.js';
import { readWorkbook, simplify, type LedgerLimits } from './ledger.reader.js';
import { forgetParses, pickSheet, plan, UNRESOLVED, type Consultation, type ImportRow } from './ledger.plan.js';
import * as repo from './ledger.repo.js';

/** File size and rows are 系统参数 (the configuration gives their defaults); the unpacked-size guard stays with the configuration. */
export async function ledgerLimits(deps: Deps): Promise<LedgerLimits> {
  const [mb, rows] = await Promise.all([parameter(deps, 'upload.ledgerMaxMb'), parameter(deps, 'upload.ledgerMaxRows')]);
  return { maxBytes: Math.floor(mb * 1024 * 1024), maxRows: rows, maxUncompressedBytes: Math.floor(deps.config.LEDGER_MAX_UNCOMPRESSED_MB * 1024 * 1024) };
}

/** Bytes → the chosen sheet and its parse; the CLI's dry run and the upload share it. */
export async function parseWorkbook(buf: Buffer, limits: LedgerLimits, opts: { sheet?: string; defaultYear?: number | null; onProgress?: (done: number, total: number) => void }) {
  const wb = await readWorkbook(buf, limits, opts.onProgress);
  const grid = pickSheet(wb.grids, opts.sheet);
  const parsed = parseLedger(grid, { defaultYear: opts.defaultYear ?? null, normalise: simplify })!;
  return { grids: wb.grids, sheets: wb.sheetNames, parsed };
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
  const wb = await readWorkbook(file.buffer, await ledgerLimits(deps), onProgress);
  const now = deps.clock.now().toISOString();
  // The preview is planned from the grids just read, before they are stored: one parse of the sheet
  // rather than one to store it and another to preview it.
  const draft: ImportRow = {
    id: 0,
    consultation_id: consultationId,
    filename: file.filename.slice(0, 255),
    grids_json: repo.gridsToJson(wb.grids),
    sheet: pickSheet(wb.grids, sheet).name,
    status: 'preview',
    created_by: ctx.actor.userId,
    created_at: now,
    committed_at: null,
  };
  const { preview, parsed } = await plan(deps.db, deps, draft, consultation, parties, {}, {}, wb.grids);
  const id = await deps.db.transaction().execute(async (tx) => {
    // Previews nobody committed hold whole workbooks; the stale ones go when a new one arrives.
    await repo.deleteStalePreviews(tx, consultationId, staleBefore(deps.clock.now()));
    const importId = await repo.insertImport(tx, {
      consultationId,
      filename: draft.filename,
      gridsJson: draft.grids_json,
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
  return { ...preview, id };
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
  const { grids, parsed } = await parseWorkbook(file.buffer, await ledgerLimits(deps), { sheet, defaultYear: consultation.year, onProgress });
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
    forgetParses(imp.grids_json);
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
    let updated = 0;
    const touched: number[] = [];
    // New rows go in together, in sheet order, after the updates.
    const additions: NewItem[] = [];
    // The updated rows' lights are refreshed together after the updates.
    const write = { via: 'ledger_import' as const, viaId: imp.id, now, today: deps.clock.today(), deferLights: true };
    for (const r of planned.rows) {
      const p = r.preview;
      const leadUnitId = r.leadUnitId === UNRESOLVED ? idOf(r.source.leadUnit, null) : r.leadUnitId;
      const coUnitIds = [...new Set(r.coUnitIds.map((cid, i) => (cid === UNRESOLVED ? idOf(p.coUnits[i], null)! : cid)))].filter((cid) => cid !== leadUnitId);
      if (!r.existing) {
        additions.push({
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
        });
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
    for (let i = 0; i < touched.length; i += 1000) await refreshLights(tx, deps.clock.today(), now, touched.slice(i, i + 1000));
    // New items are stored with their lights (and those lights' events follow the updated items', as before).
    const added = (await addItems(tx, ctx, consultation.id, additions, write)).length;
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

export type { ParsedLedger };
export { FIELD_LABEL };
