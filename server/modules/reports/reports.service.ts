import type { Attachment } from '../../../domain/attachments.js';
import { isLiveConsultation } from '../../../domain/consultations.js';
import { isItemClosed } from '../../../domain/items.js';
import { addDays, periodContaining, type ReportCycle } from '../../../domain/periods.js';
import { REPORT_LIMITS, type Report, type ReportCreate, type ReportRevise, type ReportReview, type ReportSlot } from '../../../domain/reports.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { countAttachments, storeAttachment, type IncomingFile } from '../../platform/attachments.js';
import { recordAudit } from '../../platform/audit.js';
import { bindPending, countPending, discardPending, pendingCutoff, type PendingOwner } from '../../platform/pending-attachments.js';
import { isUniqueViolation } from '../../platform/db-helpers.js';
import type { Deps } from '../../platform/deps.js';
import type { Db, Tx } from '../../platform/db.js';
import { AppError, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events.js';
import type { Party } from '../consultations/consultations.policy.js';
import { changeItem } from '../items/items.command.js';
import type { ItemRow } from '../items/items.repo.js';
import { coUnitsOf, visibleItem } from '../items/items.service.js';
import { consultationCycle, itemReportSlots, refreshLights } from '../lights/lights.service.js';
import { canReviewReport, canWriteReport, contributingOrg } from './reports.policy.js';
import * as history from './reports.history.repo.js';
import * as repo from './reports.repo.js';
import { sanitizeProgress } from './reports.sanitize.js';

/** The item, its consultation's reporting cycle, the parties and the cooperating units; 404 out of scope. */
async function itemContext(db: Db | Tx, actor: Actor, itemId: number) {
  const { row: item, consultation, parties } = await visibleItem(db, actor, itemId);
  const cycle = await consultationCycle(db, item.consultation_id);
  const closed = await db.selectFrom('items').select('closed_on').where('id', '=', itemId).executeTakeFirstOrThrow();
  const coUnitIds = ((await coUnitsOf(db, [itemId])).get(itemId) ?? []).map((u) => u.id);
  return { item, consultation, parties, cycle, closedOn: closed.closed_on, coUnitIds };
}
type ItemContext = Awaited<ReturnType<typeof itemContext>>;

/** The report with its item context, or 404 when either is missing or out of the caller's scope. */
async function visibleReport(db: Db | Tx, actor: Actor, id: number, what = '进展报告') {
  const row = await repo.getReportRow(db, id);
  if (!row) throw notFound(what);
  const ctx = await itemContext(db, actor, row.item_id).catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'NOT_FOUND' ? notFound(what) : err;
  });
  return { row, ...ctx };
}

/** For the attachment download: may the caller read this report? Throws 404 otherwise. */
export async function assertReportReadable(db: Db | Tx, actor: Actor, reportId: number): Promise<void> {
  await visibleReport(db, actor, reportId, '附件');
}

/** A file staged for a report not yet saved is its uploader's alone, and only while they still see the item. */
export async function assertDraftEvidenceReadable(db: Db | Tx, actor: Actor, itemId: number, row: { uploaded_by: number }): Promise<void> {
  if (row.uploaded_by !== actor.userId) throw notFound('附件');
  await visibleItem(db, actor, itemId).catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'NOT_FOUND' ? notFound('附件') : err;
  });
}

/** Owed periods and the running one, each with its state and report. */
function slotsOf(c: ItemContext, reports: readonly { id: number; period: string; status: string; first_submitted_at: string }[], today: string): ReportSlot[] {
  const horizon = addDays(periodContaining(c.cycle.report_cycle as ReportCycle, today).end, 1);
  const ids = new Map(reports.map((r) => [r.period, r.id]));
  return itemReportSlots(c.cycle, { closed_on: c.closedOn, status: c.item.status }, reports, today, horizon)
    .reverse()
    .map((s) => ({ ...s, reportId: ids.get(s.period) ?? null }));
}

function assertOpenForReports(c: ItemContext) {
  if (!isLiveConsultation(c.cycle.status) || !c.cycle.adopted_on) throw new AppError('ITEM_NOT_ADOPTED', '清单尚未议定，事项还不需要报送进展');
  if (isItemClosed(c.item.status)) throw new AppError('ITEM_CLOSED', '事项已办结或取消，不再报送进展');
}

async function presentOne(db: Db | Tx, id: number): Promise<Report> {
  return repo.presentReport((await history.fullReport(db, id))!);
}

export async function listReports(deps: Deps, actor: Actor, itemId: number) {
  const c = await itemContext(deps.db, actor, itemId);
  const rows = await history.fullReportsOfItem(deps.db, itemId);
  const open = isLiveConsultation(c.cycle.status) && !!c.cycle.adopted_on && !isItemClosed(c.item.status);
  return {
    slots: slotsOf(c, rows, deps.clock.today()),
    data: rows.map(repo.presentReport),
    nextCursor: null,
    can: {
      write: open && canWriteReport(actor, c.parties, c.item.lead_unit_id),
      contribute: open && contributingOrg(actor, c.coUnitIds) !== null,
      review: canReviewReport(actor, c.parties),
    },
  };
}

export async function listSlots(deps: Deps, actor: Actor, itemId: number) {
  const c = await itemContext(deps.db, actor, itemId);
  return { data: slotsOf(c, await repo.reportRowsOfItem(deps.db, itemId), deps.clock.today()), nextCursor: null };
}

export async function getReport(deps: Deps, actor: Actor, id: number): Promise<Report> {
  await visibleReport(deps.db, actor, id);
  return presentOne(deps.db, id);
}

function assertWriter(actor: Actor, parties: Party[], item: ItemRow) {
  if (!canWriteReport(actor, parties, item.lead_unit_id)) throw forbidden('进展报告由牵头单位填报员或县联络员报送');
}

async function content(input: ReportCreate | ReportRevise): Promise<repo.ReportContent> {
  return { progressHtml: await sanitizeProgress(input.progressHtml), percent: input.percent, problems: input.problems, nextSteps: input.nextSteps };
}

const draftOf = (itemId: number): PendingOwner => ({ type: 'report_draft', id: itemId });

/** The writer's files staged with the form join the report in the report's own transaction. */
async function bindEvidence(deps: Deps, tx: Tx, ctx: RequestContext, itemId: number, reportId: number, ids: readonly number[]) {
  if (ids.length === 0) return;
  const owner = { type: 'report' as const, id: reportId };
  if ((await countAttachments(tx, owner)) + ids.length > REPORT_LIMITS.evidenceMax) {
    throw new AppError('UNPROCESSABLE', `每份报告最多 ${REPORT_LIMITS.evidenceMax} 个佐证材料`, [{ field: 'body.evidenceIds', message: '数量超出上限' }]);
  }
  await bindPending(tx, { from: draftOf(itemId), to: owner, ids, uploadedBy: ctx.actor.userId, since: pendingCutoff(deps.clock.now()) });
}

export async function createReport(deps: Deps, ctx: RequestContext, itemId: number, input: ReportCreate): Promise<Report> {
  const now = deps.clock.now().toISOString();
  const today = deps.clock.today();
  return deps.db
    .transaction()
    .execute(async (tx) => {
      const c = await itemContext(tx, ctx.actor, itemId);
      assertWriter(ctx.actor, c.parties, c.item);
      assertOpenForReports(c);
      const slot = slotsOf(c, [], today).find((s) => s.period === input.period);
      if (!slot) {
        throw new AppError('PERIOD_NOT_OWED', `周期 ${input.period} 不是本事项应报送的周期`, [{ field: 'body.period', message: '不是应报送的周期' }]);
      }
      if (await repo.reportIdForPeriod(tx, itemId, input.period)) throw new AppError('DUPLICATE', '该周期已有进展报告，请在原报告上修改');
      const values = await content(input);
      const id = await repo.insertReport(tx, { itemId, period: input.period, content: values, authorId: ctx.actor.userId, authorOrgId: ctx.actor.orgId, now });
      await repo.insertRound(tx, id, 1, values, ctx.actor.userId, now);
      await bindEvidence(deps, tx, ctx, itemId, id, input.evidenceIds);
      await recordAudit(tx, ctx, now, {
        action: 'report.submit',
        entityType: 'report',
        entityId: id,
        after: { itemId, period: input.period, percent: values.percent, problems: values.problems, nextSteps: values.nextSteps, evidenceIds: input.evidenceIds },
      });
      await recordEvent(tx, now, {
        type: 'report.submitted',
        entityType: 'report',
        entityId: id,
        consultationId: c.item.consultation_id,
        itemId,
        actorId: ctx.actor.userId,
        data: { period: input.period, round: 1 },
      });
      await refreshLights(tx, today, now, [itemId]);
      return presentOne(tx, id);
    })
    .catch((err: unknown) => {
      // Two writers for one period at once: the unique (item, period) constraint lets one through.
      if (isUniqueViolation(err)) throw new AppError('DUPLICATE', '该周期已有进展报告，请在原报告上修改');
      throw err;
    });
}

export async function reviseReport(deps: Deps, ctx: RequestContext, id: number, input: ReportRevise): Promise<Report> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const c = await visibleReport(tx, ctx.actor, id);
    assertWriter(ctx.actor, c.parties, c.item);
    assertOpenForReports(c);
    if (c.row.status !== 'returned') throw new AppError('REPORT_NOT_IN_REVIEW', c.row.status === 'accepted' ? '报告已审核通过，不能再修改' : '报告正在审核，退回后才能修改');
    if (input.version !== c.row.version) throw versionConflict();
    const values = await content(input);
    const round = c.row.round + 1;
    if (!(await repo.reviseGuarded(tx, id, c.row.version, round, values, ctx.actor.userId, now))) throw versionConflict();
    await repo.insertRound(tx, id, round, values, ctx.actor.userId, now);
    await bindEvidence(deps, tx, ctx, c.item.id, id, input.evidenceIds);
    await recordAudit(tx, ctx, now, {
      action: 'report.revise',
      entityType: 'report',
      entityId: id,
      before: repo.reportAuditView(c.row),
      after: {
        period: c.row.period,
        status: 'submitted',
        round,
        percent: values.percent,
        problems: values.problems,
        nextSteps: values.nextSteps,
        ...(input.evidenceIds.length ? { evidenceIds: input.evidenceIds } : {}),
      },
    });
    await recordEvent(tx, now, {
      type: 'report.submitted',
      entityType: 'report',
      entityId: id,
      consultationId: c.item.consultation_id,
      itemId: c.item.id,
      actorId: ctx.actor.userId,
      data: { period: c.row.period, round },
    });
    // Back in review: the slot goes from returned to submitted.
    await refreshLights(tx, deps.clock.today(), now, [c.item.id]);
    return presentOne(tx, id);
  });
}

export async function reviewReport(deps: Deps, ctx: RequestContext, id: number, input: ReportReview): Promise<Report> {
  const now = deps.clock.now().toISOString();
  const today = deps.clock.today();
  return deps.db.transaction().execute(async (tx) => {
    const c = await visibleReport(tx, ctx.actor, id);
    if (!canReviewReport(ctx.actor, c.parties)) throw forbidden('进展报告由市局联络员审核');
    // Whoever wrote the report, or sits in the unit that did, does not also pass it.
    if (ctx.actor.userId === c.row.author_id || ctx.actor.orgId === c.row.author_org_id) {
      throw new AppError('OWN_REPORT_REVIEW', '不能审核本单位报送的进展报告');
    }
    if (!input.accept && !input.note) throw new AppError('REASON_REQUIRED', '退回报告须说明理由', [{ field: 'body.note', message: '必填' }]);
    if (c.row.status !== 'submitted') throw new AppError('REPORT_NOT_IN_REVIEW', '报告已审核过，不能重复审核');
    if (input.version !== undefined && input.version !== c.row.version) throw versionConflict();
    const decision = input.accept ? 'accepted' : 'returned';
    if (!(await repo.decideGuarded(tx, id, c.row.version, decision, input.note, ctx.actor.userId, now))) {
      throw new AppError('REPORT_NOT_IN_REVIEW', '报告已被他人审核，请刷新后查看');
    }
    await repo.decideRound(tx, id, c.row.round, decision, input.note, ctx.actor.userId, now);
    await recordAudit(tx, ctx, now, {
      action: 'report.review',
      entityType: 'report',
      entityId: id,
      before: { status: 'submitted' },
      after: { status: decision, round: c.row.round, note: input.note },
    });
    if (input.accept) await applyToItem(tx, ctx, { now, today }, c.item, c.row);
    await recordEvent(tx, now, {
      type: input.accept ? 'report.accepted' : 'report.returned',
      entityType: 'report',
      entityId: id,
      consultationId: c.item.consultation_id,
      itemId: c.item.id,
      actorId: ctx.actor.userId,
      data: { period: c.row.period, round: c.row.round, note: input.note, authorId: c.row.author_id },
    });
    await refreshLights(tx, today, now, [c.item.id]);
    return presentOne(tx, id);
  });
}

/**
 * The item follows the accepted report: progress becomes its percent and a not-started item is in
 * progress. 100% does not complete it: completion goes through close-out (办结) with evidence.
 * A report for an earlier period accepted after a later one does not roll progress back.
 */
async function applyToItem(tx: Tx, ctx: RequestContext, at: { now: string; today: string }, item: ItemRow, report: repo.ReportRow) {
  if (await repo.laterAccepted(tx, item.id, report.period)) return;
  const status = item.status === 'not_started' ? 'in_progress' : item.status;
  if (status === item.status && report.percent === item.progress) return;
  // The light is refreshed once the review is recorded, with the report's new state.
  await changeItem(tx, ctx, item.id, { progress: report.percent, status }, { version: item.version, via: 'report', viaId: report.id, ...at, deferLights: true });
}

export async function addContribution(deps: Deps, ctx: RequestContext, id: number, text: string): Promise<Report> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const c = await visibleReport(tx, ctx.actor, id);
    const orgId = contributingOrg(ctx.actor, c.coUnitIds);
    if (orgId === null) throw forbidden('只有配合单位的填报员可以补充配合进展');
    assertOpenForReports(c);
    if (c.row.status === 'accepted') throw new AppError('REPORT_NOT_IN_REVIEW', '报告已审核通过，不能再补充');
    const existing = await repo.findContribution(tx, id, orgId);
    let contributionId: number;
    if (existing) {
      if (!(await repo.updateContribution(tx, existing.id, existing.version, ctx.actor.userId, text, now))) throw versionConflict();
      contributionId = existing.id;
    } else {
      contributionId = await repo.insertContribution(tx, id, orgId, ctx.actor.userId, text, now);
    }
    await recordAudit(tx, ctx, now, {
      action: 'report.contribute',
      entityType: 'report',
      entityId: id,
      before: existing ? { orgId, text: existing.text } : null,
      after: { orgId, text },
    });
    await recordEvent(tx, now, {
      type: 'contribution.added',
      entityType: 'report',
      entityId: id,
      consultationId: c.item.consultation_id,
      itemId: c.item.id,
      actorId: ctx.actor.userId,
      data: { contributionId, orgId },
    });
    return presentOne(tx, id);
  });
}

/** Evidence for a report: its writers and the cooperating units' reporters, before it is accepted. */
export async function attachEvidence(deps: Deps, ctx: RequestContext, id: number, receive: () => Promise<IncomingFile>): Promise<Attachment> {
  const c = await visibleReport(deps.db, ctx.actor, id);
  if (!canWriteReport(ctx.actor, c.parties, c.item.lead_unit_id) && contributingOrg(ctx.actor, c.coUnitIds) === null) {
    throw forbidden('只有报送单位和配合单位可以上传佐证材料');
  }
  assertOpenForReports(c);
  if (c.row.status === 'accepted') throw new AppError('REPORT_NOT_IN_REVIEW', '报告已审核通过，不能再上传佐证材料');
  const owner = { type: 'report' as const, id };
  if ((await countAttachments(deps.db, owner)) >= REPORT_LIMITS.evidenceMax) {
    throw new AppError('UNPROCESSABLE', `每份报告最多 ${REPORT_LIMITS.evidenceMax} 个佐证材料`);
  }
  return storeAttachment(deps, ctx, owner, await receive());
}

/**
 * A file picked in the report form, uploaded before the report is saved so a phone sends each photo
 * as it is chosen. Only the report's writers, while the item takes reports, and a bounded number per
 * writer and item, so a form left open cannot fill the disk; the report claims them when saved.
 */
export async function stageEvidence(deps: Deps, ctx: RequestContext, itemId: number, receive: () => Promise<IncomingFile>): Promise<Attachment> {
  const c = await itemContext(deps.db, ctx.actor, itemId);
  assertWriter(ctx.actor, c.parties, c.item);
  assertOpenForReports(c);
  const owner = draftOf(itemId);
  if ((await countPending(deps.db, owner, ctx.actor.userId, pendingCutoff(deps.clock.now()))) >= REPORT_LIMITS.evidenceMax) {
    throw new AppError('UNPROCESSABLE', `每份报告最多 ${REPORT_LIMITS.evidenceMax} 个佐证材料，请先移除不需要的文件`);
  }
  return storeAttachment(deps, ctx, owner, await receive());
}

export async function discardEvidence(deps: Deps, ctx: RequestContext, attachmentId: number): Promise<void> {
  await discardPending(deps, ctx, 'report_draft', attachmentId);
}

// The item page reads an item's report history in its own statement (items.page.repo.ts).
export { presentReport } from './reports.repo.js';
export { assembleHistory, historyColumns, type FullReportRow, type HistoryValues } from './reports.history.repo.js';
