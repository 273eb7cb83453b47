import type {
  AddChangeRequestCreate,
  BulkExtensionRequest,
  BulkExtensionResult,
  ChangeLine,
  ChangeRequest,
  ChangeRequestDecision,
  ItemChangeRequestCreate,
  ProposedChanges,
  ProposedItem,
} from '../../../domain/change-requests.js';
import type { ConsultationStatus } from '../../../domain/consultations.js';
import type { Item, ItemStatus } from '../../../domain/items.js';
import type { Side } from '../../../domain/negotiation.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { recordEvent } from '../../platform/events.js';
import { decodeCursor, encodeCursor, pageOf } from '../../platform/cursor.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, notFound } from '../../platform/errors.js';
import { sideOf, type Party } from '../consultations/consultations.policy.js';
import { changeRequestAbilities, decideRefusal, fileRefusal, withdrawRefusal } from './change-requests.abilities.js';
import { loadVisible } from '../consultations/consultations.service.js';
import { isEnabledValue } from '../dictionaries/dictionaries.service.js';
import { addItem, changeItem, loadItem } from '../items/items.command.js';
import { visibleItem } from '../items/items.service.js';
import { resolveUnits } from '../items/items.units.js';
import * as repo from './change-requests.repo.js';

/** The filer's side, once the rules let them file. */
function filingSide(actor: Actor, parties: Party[], status: ConsultationStatus): Side {
  const refusal = fileRefusal(actor, parties, status);
  if (refusal) throw refusal;
  return sideOf(actor, parties)!;
}

/** Rows as the caller sees them: with what the caller may do with each. */
function presenter(actor: Actor, parties: Party[], status: ConsultationStatus) {
  return (r: repo.ChangeRequestRow): ChangeRequest => ({
    ...repo.present(r),
    can: changeRequestAbilities(actor, parties, status, { side: r.side, status: r.status, createdBy: r.created_by }),
  });
}

async function unitNames(db: Db | Tx, ids: (number | null | undefined)[]) {
  return repo.orgNames(db, [...new Set(ids.filter((x): x is number => typeof x === 'number'))]);
}

/** The proposal field by field against the item as it stands, units by name; unchanged fields drop out. */
async function modifyLines(db: Tx, item: Item, p: ProposedChanges): Promise<ChangeLine[]> {
  const names = await unitNames(db, [p.leadUnitId, ...(p.coUnitIds ?? [])]);
  const lines: ChangeLine[] = [];
  const push = (field: ChangeLine['field'], from: unknown, to: unknown) => {
    if (JSON.stringify(from) !== JSON.stringify(to)) lines.push({ field, from, to });
  };
  if (p.title !== undefined) push('title', item.title, p.title);
  if (p.content !== undefined) push('content', item.content, p.content);
  if (p.category !== undefined) push('category', item.category, p.category);
  if (p.leadUnitId !== undefined) push('leadUnit', item.leadUnit, p.leadUnitId === null ? null : (names.get(p.leadUnitId) ?? null));
  if (p.coUnitIds !== undefined) {
    push(
      'coUnits',
      item.coUnits,
      p.coUnitIds.map((id) => names.get(id) ?? String(id)),
    );
  }
  if (p.deadline !== undefined) push('deadline', item.deadline, p.deadline);
  if (p.ongoing !== undefined) push('ongoing', item.ongoing, p.ongoing);
  if (p.fundingWan !== undefined) push('fundingWan', item.fundingWan, p.fundingWan);
  return lines;
}

async function addLines(db: Tx, p: ProposedItem): Promise<ChangeLine[]> {
  const names = await unitNames(db, [p.leadUnitId, ...p.coUnitIds]);
  return [
    { field: 'title', from: null, to: p.title },
    { field: 'content', from: null, to: p.content },
    { field: 'category', from: null, to: p.category },
    { field: 'domain', from: null, to: p.domain },
    { field: 'leadUnit', from: null, to: p.leadUnitId === null ? null : (names.get(p.leadUnitId) ?? null) },
    { field: 'coUnits', from: null, to: p.coUnitIds.map((id) => names.get(id) ?? String(id)) },
    { field: 'responsible', from: null, to: p.responsible },
    { field: 'deadline', from: null, to: p.deadline },
    { field: 'ongoing', from: null, to: p.ongoing },
    { field: 'fundingWan', from: null, to: p.fundingWan },
  ];
}

export async function fileForItem(deps: Deps, ctx: RequestContext, itemId: number, input: ItemChangeRequestCreate): Promise<ChangeRequest> {
  const now = deps.clock.now().toISOString();
  const today = deps.clock.today();
  return deps.db.transaction().execute((tx) => fileOnItem(tx, ctx, itemId, input, now, today));
}

/**
 * The same extension asked for many items of adopted lists at once: one request per item, each
 * decided by the other side on its own. Filed in ONE transaction; an item the rules refuse (out of
 * scope, list not adopted, deadline already passed, no deadline) is reported with the answer a
 * single request would have had, and the others are filed. Every refusal is thrown before anything
 * of that item is written.
 */
export async function fileExtensions(deps: Deps, ctx: RequestContext, input: BulkExtensionRequest): Promise<BulkExtensionResult> {
  const now = deps.clock.now().toISOString();
  const today = deps.clock.today();
  return deps.db.transaction().execute(async (tx) => {
    const result: BulkExtensionResult = { filed: [], refused: [] };
    for (const itemId of input.itemIds) {
      try {
        const cr = await fileOnItem(tx, ctx, itemId, { kind: 'extend', reason: input.reason, deadline: input.deadline }, now, today);
        result.filed.push({ itemId, changeRequestId: cr.id });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        result.refused.push({ id: itemId, code: err.code, status: err.status, message: err.message });
      }
    }
    return result;
  });
}

async function fileOnItem(tx: Tx, ctx: RequestContext, itemId: number, input: ItemChangeRequestCreate, now: string, today: string): Promise<ChangeRequest> {
  const { row, consultation, parties } = await visibleItem(tx, ctx.actor, itemId);
  const side = filingSide(ctx.actor, parties, consultation.status);
  const item = await loadItem(tx, itemId);
  if (item.status === 'cancelled') throw new AppError('INVALID_TRANSITION', '事项已取消，不能再调整');
  let proposed: ProposedChanges & { status?: ItemStatus };
  let lines: ChangeLine[];
  if (input.kind === 'modify') {
    const p = { ...input.changes };
    // Turning an item ongoing drops its deadline; one rule, as the item form has it.
    const ongoing = p.ongoing ?? item.ongoing;
    if (p.ongoing === true && p.deadline === undefined) p.deadline = null;
    const deadline = p.deadline !== undefined ? p.deadline : item.deadline;
    if (ongoing && deadline) throw new AppError('VALIDATION_FAILED', '长期推进的事项不设完成时限', [{ field: 'body.changes.deadline', message: '应为空' }]);
    const units = await resolveUnits(tx, parties, { leadUnitId: p.leadUnitId, coUnitIds: p.coUnitIds });
    if (units.leadUnitId !== undefined) p.leadUnitId = units.leadUnitId;
    lines = await modifyLines(tx, item, p);
    if (!lines.length) throw new AppError('UNPROCESSABLE', '拟调整的内容与现有内容相同', [{ field: 'body.changes', message: '没有变化' }]);
    proposed = p;
  } else if (input.kind === 'extend') {
    if (item.ongoing || !item.deadline) throw new AppError('UNPROCESSABLE', '长期推进或未设时限的事项无需延期', [{ field: 'body.deadline', message: '不适用' }]);
    if (today > item.deadline) {
      throw new AppError('EXTENSION_TOO_LATE', `延期申请须在完成时限（${item.deadline}）之前提出，现已逾期`, { deadline: item.deadline, today });
    }
    if (input.deadline <= item.deadline) {
      throw new AppError('UNPROCESSABLE', '新的完成时限须晚于现有时限', [{ field: 'body.deadline', message: `应晚于 ${item.deadline}` }]);
    }
    proposed = { deadline: input.deadline };
    lines = [{ field: 'deadline', from: item.deadline, to: input.deadline }];
  } else {
    proposed = { status: 'cancelled' };
    lines = [{ field: 'status', from: item.status, to: 'cancelled' }];
  }
  const { id } = await repo.insert(tx, {
    consultation_id: row.consultation_id,
    item_id: itemId,
    kind: input.kind,
    status: 'pending',
    reason: input.reason,
    proposed_json: JSON.stringify(proposed),
    changes_json: JSON.stringify(lines),
    side,
    created_by: ctx.actor.userId,
    created_at: now,
    decided_by: null,
    decided_at: null,
    decision_note: null,
    version: 1,
  });
  await recordAudit(tx, ctx, now, {
    action: 'change_request.create',
    entityType: 'change_request',
    entityId: id,
    after: { kind: input.kind, itemId, reason: input.reason, status: 'pending' },
  });
  await recordEvent(tx, now, {
    type: 'change_request.created',
    entityType: 'change_request',
    entityId: id,
    consultationId: row.consultation_id,
    itemId,
    actorId: ctx.actor.userId,
    data: { kind: input.kind, side, reason: input.reason },
  });
  return presenter(ctx.actor, parties, consultation.status)((await repo.getRow(tx, id))!);
}

export async function fileAdd(deps: Deps, ctx: RequestContext, consultationId: number, input: AddChangeRequestCreate): Promise<ChangeRequest> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const { row: c, parties } = await loadVisible(tx, ctx.actor, consultationId);
    const side = filingSide(ctx.actor, parties, c.status);
    if (!(await isEnabledValue(tx, 'item_domain', input.item.domain))) {
      throw new AppError('UNKNOWN_DOMAIN', `领域“${input.item.domain}”不在领域字典中`, [{ field: 'body.item.domain', message: input.item.domain }]);
    }
    await resolveUnits(tx, parties, { leadUnitId: input.item.leadUnitId, coUnitIds: input.item.coUnitIds });
    const lines = await addLines(tx, input.item);
    const { id } = await repo.insert(tx, {
      consultation_id: consultationId,
      item_id: null,
      kind: 'add',
      status: 'pending',
      reason: input.reason,
      proposed_json: JSON.stringify(input.item),
      changes_json: JSON.stringify(lines),
      side,
      created_by: ctx.actor.userId,
      created_at: now,
      decided_by: null,
      decided_at: null,
      decision_note: null,
      version: 1,
    });
    await recordAudit(tx, ctx, now, {
      action: 'change_request.create',
      entityType: 'change_request',
      entityId: id,
      after: { kind: 'add', itemId: null, reason: input.reason, status: 'pending' },
    });
    await recordEvent(tx, now, {
      type: 'change_request.created',
      entityType: 'change_request',
      entityId: id,
      consultationId,
      actorId: ctx.actor.userId,
      data: { kind: 'add', side, reason: input.reason, title: input.item.title },
    });
    return presenter(ctx.actor, parties, c.status)((await repo.getRow(tx, id))!);
  });
}

export async function listForConsultation(deps: Deps, actor: Actor, consultationId: number, q: { limit: number; cursor?: string }) {
  const { row: c, parties } = await loadVisible(deps.db, actor, consultationId);
  const after = q.cursor ? decodeCursor<[number]>(q.cursor, ['number'])[0] : undefined;
  const rows = await repo.listOfConsultation(deps.db, consultationId, q.limit + 1, after);
  const { page, nextCursor } = pageOf(rows, q.limit, (last) => encodeCursor([last.id]));
  return { data: page.map(presenter(actor, parties, c.status)), nextCursor };
}

export async function listForItem(deps: Deps, actor: Actor, itemId: number) {
  const { consultation, parties } = await visibleItem(deps.db, actor, itemId);
  return { data: (await repo.listOfItem(deps.db, itemId, 200)).map(presenter(actor, parties, consultation.status)), nextCursor: null };
}

/**
 * Writes agreed fields (and the status, for a cancellation) of an adopted item: the change request's
 * approval is the agreement, so the ITEM_AGREED_LOCKED rule of ordinary edits does not apply.
 */
async function applyToItem(tx: Tx, ctx: RequestContext, opts: { now: string; today: string; id: number }, itemId: number, p: ProposedChanges & { status?: ItemStatus }) {
  const item = await loadItem(tx, itemId);
  await changeItem(
    tx,
    ctx,
    itemId,
    {
      title: p.title,
      content: p.content,
      category: p.category,
      leadUnitId: p.leadUnitId,
      coUnitIds: p.coUnitIds,
      deadline: p.deadline,
      ongoing: p.ongoing,
      fundingWan: p.fundingWan,
      status: p.status,
    },
    { version: item.version, via: 'change_request', viaId: opts.id, now: opts.now, today: opts.today },
  );
}

/** The other side's coordinator approves (applying the change in the same transaction) or rejects. */
export async function decide(deps: Deps, ctx: RequestContext, id: number, input: ChangeRequestDecision): Promise<ChangeRequest> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const cr = await repo.getRow(tx, id);
    if (!cr) throw notFound('调整申请');
    const { row: c, parties } = await loadVisible(tx, ctx.actor, cr.consultation_id).catch((err: unknown) => {
      throw err instanceof AppError && err.code === 'NOT_FOUND' ? notFound('调整申请') : err;
    });
    const refusal = decideRefusal(ctx.actor, parties, c.status, { side: cr.side, status: cr.status, createdBy: cr.created_by });
    if (refusal) throw refusal;
    const status = input.approve ? 'approved' : 'rejected';
    // The version and status guards make two decisions arriving together end with one winner.
    if (!(await repo.decide(tx, id, cr.version, { status, decided_by: ctx.actor.userId, decided_at: now, decision_note: input.note }))) {
      throw new AppError('CHANGE_REQUEST_DECIDED', '该调整申请已被他人处理，请刷新后查看');
    }
    let itemId = cr.item_id;
    if (input.approve) {
      const write = { via: 'change_request' as const, viaId: id, now, today: deps.clock.today() };
      if (cr.kind === 'add') {
        const p = JSON.parse(cr.proposed_json) as ProposedItem;
        const item = await addItem(tx, ctx, cr.consultation_id, { ...p, status: 'not_started', progress: 0 }, write);
        await repo.setItem(tx, id, item.id);
        itemId = item.id;
      } else if (cr.item_id !== null) {
        await applyToItem(tx, ctx, { now, today: write.today, id }, cr.item_id, JSON.parse(cr.proposed_json) as ProposedChanges & { status?: ItemStatus });
      }
    }
    await recordAudit(tx, ctx, now, {
      action: 'change_request.decide',
      entityType: 'change_request',
      entityId: id,
      before: { status: 'pending' },
      after: { status, note: input.note },
    });
    await recordEvent(tx, now, {
      type: 'change_request.decided',
      entityType: 'change_request',
      entityId: id,
      consultationId: cr.consultation_id,
      itemId,
      actorId: ctx.actor.userId,
      data: {
        kind: cr.kind,
        side: cr.side,
        approved: input.approve,
        note: input.note,
        ...(cr.kind === 'add' ? { title: (JSON.parse(cr.proposed_json) as ProposedItem).title } : {}),
      },
    });
    return presenter(ctx.actor, parties, c.status)((await repo.getRow(tx, id))!);
  });
}

/** The author takes a pending request back; the item is untouched and the other side no longer has it to decide. */
export async function withdraw(deps: Deps, ctx: RequestContext, id: number): Promise<ChangeRequest> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const cr = await repo.getRow(tx, id);
    if (!cr) throw notFound('调整申请');
    const { row: c, parties } = await loadVisible(tx, ctx.actor, cr.consultation_id).catch((err: unknown) => {
      throw err instanceof AppError && err.code === 'NOT_FOUND' ? notFound('调整申请') : err;
    });
    const refusal = withdrawRefusal(ctx.actor, parties, c.status, { side: cr.side, status: cr.status, createdBy: cr.created_by });
    if (refusal) throw refusal;
    // Same guards as a decision: a withdrawal racing an approval ends with exactly one of them.
    if (!(await repo.withdraw(tx, id, cr.version))) throw new AppError('CHANGE_REQUEST_DECIDED', '该调整申请已被对方处理，请刷新后查看');
    await recordAudit(tx, ctx, now, {
      action: 'change_request.withdraw',
      entityType: 'change_request',
      entityId: id,
      before: { status: 'pending' },
      after: { status: 'withdrawn' },
    });
    return presenter(ctx.actor, parties, c.status)((await repo.getRow(tx, id))!);
  });
}
