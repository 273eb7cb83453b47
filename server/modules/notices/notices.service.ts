import { type ItemNotices, type Notice, type NoticeCreate, type NoticeListQuery, type NoticeSignature, type NoticeUpdate } from '../../../domain/notices.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { decodeCursor, encodeCursor, pageOf } from '../../platform/cursor.js';
import { isUniqueViolation } from '../../platform/db-helpers.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events.js';
import { canRequestCompletion, canReviewCompletion } from '../completion/completion.policy.js';
import { assertCanRead, type Party } from '../consultations/consultations.policy.js';
import { loadVisible } from '../consultations/consultations.service.js';
import { visibleItem } from '../items/items.service.js';
import { refreshLights } from '../lights/lights.service.js';
import { getOrgRow } from '../organisations/organisations.service.js';
import { canDraftNotice, canSignNotice, inLeadUnit } from './notices.policy.js';
import * as repo from './notices.repo.js';

/** Signing races another signature for the same number only a few times in practice; then it gives up with 409. */
const NUMBER_RETRIES = 20;

/** The number comes from the host's name (domain/notices.ts noticeNumber), as in the Word documents. */
export function presentRows(rows: repo.NoticeRow[], today: string): Notice[] {
  return rows.map((r) => repo.presentNotice(r, today));
}

async function presentOne(db: Db | Tx, id: number, today: string): Promise<Notice> {
  return presentRows([(await repo.getNoticeRow(db, id))!], today)[0]!;
}

/** The notice, its item's consultation and parties, or 404 when any is missing or out of scope. */
async function visibleNotice(db: Db | Tx, actor: Actor, id: number) {
  const row = await repo.getNoticeRow(db, id);
  if (!row) throw notFound('督办单');
  const { row: consultation, parties } = await loadVisible(db, actor, row.consultation_id).catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'NOT_FOUND' ? notFound('督办单') : err;
  });
  return { row, consultation, parties };
}

function assertLive(status: string) {
  if (status === 'draft' || status === 'negotiating') throw new AppError('ITEM_NOT_ADOPTED', '清单尚未议定，事项还不能督办');
  if (status === 'closed') throw new AppError('CONSULTATION_LOCKED', '会商已结束，不能再督办');
}

function assertDrafter(actor: Actor, parties: Party[]) {
  if (!canDraftNotice(actor, parties)) throw forbidden('只有发起方（市局）的联络员可以起草督办单');
}

function assertResponseDue(responseDue: string, today: string) {
  if (responseDue <= today) {
    throw new AppError('RESPONSE_DUE_INVALID', `反馈期限须晚于今天（${today}）`, [{ field: 'body.responseDue', message: `应晚于 ${today}` }]);
  }
}

export async function listItemNotices(deps: Deps, actor: Actor, itemId: number): Promise<ItemNotices> {
  const { row: item, parties } = await visibleItem(deps.db, actor, itemId);
  const [rows, lead] = await Promise.all([repo.listItemNoticeRows(deps.db, itemId), item.lead_unit_id !== null ? getOrgRow(deps.db, item.lead_unit_id) : undefined]);
  const leadPath = lead?.path ?? null;
  return {
    data: presentRows(rows, deps.clock.today()),
    nextCursor: null,
    // The item drawer's supervision section (督办单 and 办结) shows an action to whom these policies allow it.
    can: {
      draftNotice: canDraftNotice(actor, parties),
      signNotice: canSignNotice(actor, parties),
      respondNotice: inLeadUnit(actor, leadPath),
      requestCompletion: canRequestCompletion(actor, parties, leadPath),
      reviewCompletion: canReviewCompletion(actor, parties),
    },
  };
}

export async function listNotices(deps: Deps, actor: Actor, q: NoticeListQuery) {
  if (q.consultationId) await loadVisible(deps.db, actor, q.consultationId);
  else assertCanRead(actor);
  const today = deps.clock.today();
  const before = q.cursor ? decodeCursor<[number]>(q.cursor, ['number'])[0] : undefined;
  const rows = await repo.listNoticeRows(deps.db, actor, {
    consultationId: q.consultationId,
    statuses: q.status ? [q.status] : undefined,
    overdueOn: q.overdue === 'true' ? today : undefined,
    beforeId: before,
    limit: q.limit + 1,
  });
  const { page, nextCursor } = pageOf(rows, q.limit, (last) => encodeCursor([last.id]));
  return {
    data: presentRows(page, today),
    nextCursor,
  };
}

export async function getNotice(deps: Deps, actor: Actor, id: number): Promise<Notice> {
  const { row } = await visibleNotice(deps.db, actor, id);
  return presentRows([row], deps.clock.today())[0]!;
}

export async function draftNotice(deps: Deps, ctx: RequestContext, itemId: number, input: NoticeCreate): Promise<Notice> {
  const now = deps.clock.now().toISOString();
  const today = deps.clock.today();
  return deps.db.transaction().execute(async (tx) => {
    const { row: item, consultation, parties } = await visibleItem(tx, ctx.actor, itemId);
    assertDrafter(ctx.actor, parties);
    assertLive(consultation.status);
    // The light is the reason to supervise. Brought up to today first, so a deadline that passed
    // since the last refresh counts (and an item that recovered does not).
    await refreshLights(tx, today, now, [itemId]);
    const light = await repo.itemLight(tx, itemId);
    if (light !== 'red') throw new AppError('ITEM_NOT_RED', '只有亮红灯的事项才能发督办单', { light });
    assertResponseDue(input.responseDue, today);
    const host = parties.find((p) => p.side === 'host')!;
    const id = await repo.insertNotice(tx, { itemId, hostOrgId: host.orgId, ...input, draftedBy: ctx.actor.userId, now });
    await recordAudit(tx, ctx, now, {
      action: 'notice.create',
      entityType: 'supervision_notice',
      entityId: id,
      after: { itemId, status: 'awaiting_signature', ...input },
    });
    await recordEvent(tx, now, {
      type: 'notice.drafted',
      entityType: 'supervision_notice',
      entityId: id,
      consultationId: item.consultation_id,
      itemId,
      actorId: ctx.actor.userId,
      data: { responseDue: input.responseDue },
    });
    return presentOne(tx, id, today);
  });
}

/** The drafter edits a notice the leader sent back (or has not signed yet); it then awaits signature again. */
export async function updateNotice(deps: Deps, ctx: RequestContext, id: number, input: NoticeUpdate): Promise<Notice> {
  const now = deps.clock.now().toISOString();
  const today = deps.clock.today();
  return deps.db.transaction().execute(async (tx) => {
    const { row, consultation, parties } = await visibleNotice(tx, ctx.actor, id);
    assertDrafter(ctx.actor, parties);
    assertLive(consultation.status);
    if (row.status !== 'sent_back' && row.status !== 'awaiting_signature') {
      throw new AppError('NOTICE_NOT_PENDING', '督办单已签发，不能再修改');
    }
    if (row.version !== input.version) throw versionConflict();
    const next = {
      reason: input.reason ?? row.reason,
      requirements: input.requirements ?? row.requirements,
      response_due: input.responseDue ?? row.response_due,
    };
    assertResponseDue(next.response_due, today);
    const ok = await repo.updateGuarded(tx, id, { status: ['sent_back', 'awaiting_signature'] }, { ...next, status: 'awaiting_signature' }, row.version, now);
    if (!ok) throw versionConflict();
    await recordAudit(tx, ctx, now, {
      action: 'notice.update',
      entityType: 'supervision_notice',
      entityId: id,
      before: { status: row.status, reason: row.reason, requirements: row.requirements, responseDue: row.response_due },
      after: { status: 'awaiting_signature', reason: next.reason, requirements: next.requirements, responseDue: next.response_due },
    });
    if (row.status === 'sent_back') {
      await recordEvent(tx, now, {
        type: 'notice.drafted',
        entityType: 'supervision_notice',
        entityId: id,
        consultationId: row.consultation_id,
        itemId: row.item_id,
        actorId: ctx.actor.userId,
        data: { resubmitted: true, responseDue: next.response_due },
      });
    }
    return presentOne(tx, id, today);
  });
}

async function signOnce(deps: Deps, ctx: RequestContext, id: number, input: NoticeSignature): Promise<Notice> {
  const now = deps.clock.now().toISOString();
  const today = deps.clock.today();
  return deps.db.transaction().execute(async (tx) => {
    const { row, consultation, parties } = await visibleNotice(tx, ctx.actor, id);
    if (!canSignNotice(ctx.actor, parties)) throw forbidden('只有发起方（市局）的领导可以签发督办单');
    assertLive(consultation.status);
    if (row.status !== 'awaiting_signature') throw new AppError('NOTICE_NOT_PENDING', '督办单不在待签发状态', { status: row.status });
    if (!input.approve && !input.note) throw new AppError('REASON_REQUIRED', '退回须写明理由', [{ field: 'body.note', message: '必填' }]);
    if (!input.approve) {
      if (!(await repo.updateGuarded(tx, id, { status: ['awaiting_signature'] }, { status: 'sent_back', signature_note: input.note }, row.version, now))) {
        throw new AppError('NOTICE_NOT_PENDING', '督办单已被他人处理，请刷新');
      }
      await recordAudit(tx, ctx, now, {
        action: 'notice.send_back',
        entityType: 'supervision_notice',
        entityId: id,
        before: { status: row.status },
        after: { status: 'sent_back', note: input.note },
      });
      await recordEvent(tx, now, {
        type: 'notice.sent_back',
        entityType: 'supervision_notice',
        entityId: id,
        consultationId: row.consultation_id,
        itemId: row.item_id,
        actorId: ctx.actor.userId,
        data: { note: input.note },
      });
      return presentOne(tx, id, today);
    }
    const year = Number(today.slice(0, 4));
    const seq = await repo.nextSeq(tx, row.host_org_id, year);
    const ok = await repo.updateGuarded(
      tx,
      id,
      { status: ['awaiting_signature'] },
      { status: 'signed', year, seq, signed_by: ctx.actor.userId, signed_at: now, signature_note: input.note || null },
      row.version,
      now,
    );
    // Lost to a second signature of the same notice: it is signed already, once.
    if (!ok) throw new AppError('NOTICE_NOT_PENDING', '督办单已被他人签发，请刷新');
    const notice = await presentOne(tx, id, today);
    await recordAudit(tx, ctx, now, {
      action: 'notice.sign',
      entityType: 'supervision_notice',
      entityId: id,
      before: { status: row.status },
      after: { status: 'signed', number: notice.number, year, seq, note: input.note || null },
    });
    await recordEvent(tx, now, {
      type: 'notice.signed',
      entityType: 'supervision_notice',
      entityId: id,
      consultationId: row.consultation_id,
      itemId: row.item_id,
      actorId: ctx.actor.userId,
      data: { number: notice.number, leadUnitId: row.lead_unit_id, responseDue: row.response_due },
    });
    return notice;
  });
}

/**
 * Signs or sends back. Numbers are max+1 per host and year; two notices signed at the same moment
 * can pick the same number, the unique (host, year, seq) constraint rejects the second, and the whole
 * signature is tried again with a fresh number.
 */
export async function signNotice(deps: Deps, ctx: RequestContext, id: number, input: NoticeSignature): Promise<Notice> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await signOnce(deps, ctx, id, input);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      if (attempt >= NUMBER_RETRIES) throw new AppError('VERSION_CONFLICT', '签发的人太多，编号未能分配，请重试');
    }
  }
}

export async function respondNotice(deps: Deps, ctx: RequestContext, id: number, text: string): Promise<Notice> {
  const now = deps.clock.now().toISOString();
  const today = deps.clock.today();
  return deps.db.transaction().execute(async (tx) => {
    const { row, consultation } = await visibleNotice(tx, ctx.actor, id);
    const lead = row.lead_unit_id !== null ? await getOrgRow(tx, row.lead_unit_id) : undefined;
    if (!inLeadUnit(ctx.actor, lead?.path ?? null)) throw forbidden('只有牵头单位可以反馈督办单');
    assertLive(consultation.status);
    if (row.status === 'answered') throw new AppError('NOTICE_ANSWERED', '督办单已反馈');
    if (row.status !== 'signed') throw new AppError('NOTICE_NOT_SIGNED', '督办单尚未签发，无需反馈');
    if (
      !(await repo.updateGuarded(tx, id, { status: ['signed'] }, { status: 'answered', response_text: text, responded_by: ctx.actor.userId, responded_at: now }, row.version, now))
    ) {
      throw new AppError('NOTICE_ANSWERED', '督办单已反馈');
    }
    const late = today > row.response_due;
    await recordAudit(tx, ctx, now, {
      action: 'notice.respond',
      entityType: 'supervision_notice',
      entityId: id,
      before: { status: row.status },
      after: { status: 'answered', text, late },
    });
    await recordEvent(tx, now, {
      type: 'notice.answered',
      entityType: 'supervision_notice',
      entityId: id,
      consultationId: row.consultation_id,
      itemId: row.item_id,
      actorId: ctx.actor.userId,
      data: { late },
    });
    return presentOne(tx, id, today);
  });
}

// What other modules read here: the module's public face (its repo stays private to it).
export { listNoticeRows } from './notices.repo.js';
