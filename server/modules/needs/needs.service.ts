import type { Category } from '../../../domain/items.js';
import { ATTACHMENT_LIMITS, type Attachment } from '../../../domain/attachments.js';
import { listIsOpen } from '../../../domain/consultations.js';
import {
  canBeMergeTarget,
  canConvert,
  canTriage,
  type Need,
  type NeedConvert,
  type NeedCreate,
  type NeedListQuery,
  type NeedStatus,
  type NeedTriage,
} from '../../../domain/needs.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { attachmentsOf, countAttachments, storeAttachment, type IncomingFile } from '../../platform/attachments.js';
import { recordAudit } from '../../platform/audit.js';
import { recordEvent } from '../../platform/events.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { Deps } from '../../platform/deps.js';
import type { Db, Tx } from '../../platform/db.js';
import { AppError, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import { assertCanRead } from '../consultations/consultations.policy.js';
import { loadVisible } from '../consultations/consultations.service.js';
import { isEnabledValue } from '../dictionaries/dictionaries.service.js';
import { addItem } from '../items/items.command.js';
import { visibleItem } from '../items/items.service.js';
import { canSubmitNeed, canTriageNeed } from './needs.policy.js';
import * as repo from './needs.repo.js';

/** The need and its consultation, or 404 when either is missing or outside the caller's scope. */
async function visibleNeed(db: Db | Tx, actor: Actor, id: number, what = '需求') {
  assertCanRead(actor);
  const row = await repo.getNeedRow(db, id);
  if (!row) throw notFound(what);
  const { row: consultation, parties } = await loadVisible(db, actor, row.consultation_id).catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'NOT_FOUND' ? notFound(what) : err;
  });
  return { row, consultation, parties };
}

/** For the attachment download: may the caller read this need? Throws 404 otherwise. */
export async function assertNeedReadable(db: Db | Tx, actor: Actor, needId: number): Promise<void> {
  await visibleNeed(db, actor, needId, '附件');
}

async function present(db: Db | Tx, row: repo.NeedRow): Promise<Need> {
  const files = await attachmentsOf(db, 'need', [row.id]);
  return repo.presentNeed(row, files.get(row.id) ?? []);
}

function assertVersion(given: number | undefined, current: number) {
  if (given !== undefined && given !== current) throw versionConflict();
}

export async function listNeeds(deps: Deps, actor: Actor, consultationId: number, q: NeedListQuery) {
  await loadVisible(deps.db, actor, consultationId);
  const before = q.cursor ? decodeCursor<[number]>(q.cursor, ['number'])[0] : undefined;
  const rows = await repo.listNeedRows(deps.db, consultationId, { status: q.status, urgency: q.urgency, before, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const files = await attachmentsOf(
    deps.db,
    'need',
    page.map((r) => r.id),
  );
  const last = page[page.length - 1];
  return {
    data: page.map((r) => repo.presentNeed(r, files.get(r.id) ?? [])),
    nextCursor: rows.length > q.limit ? encodeCursor([last.id]) : null,
  };
}

export async function getNeed(deps: Deps, actor: Actor, id: number): Promise<Need> {
  const { row } = await visibleNeed(deps.db, actor, id);
  return present(deps.db, row);
}

/** Where an item came from: the need it was converted from, or null for items entered directly. */
export async function sourceNeedOfItem(deps: Deps, actor: Actor, itemId: number): Promise<{ need: Need | null }> {
  await visibleItem(deps.db, actor, itemId);
  const row = await repo.getNeedRowOfItem(deps.db, itemId);
  return { need: row ? await present(deps.db, row) : null };
}

async function checkDomain(db: Db | Tx, domain: string) {
  if (!(await isEnabledValue(db, 'item_domain', domain))) {
    throw new AppError('UNKNOWN_DOMAIN', `领域“${domain}”不在领域字典中`, [{ field: 'body.domain', message: domain }]);
  }
}

export async function createNeed(deps: Deps, ctx: RequestContext, consultationId: number, input: NeedCreate): Promise<Need> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const { row: c, parties } = await loadVisible(tx, ctx.actor, consultationId);
    if (!canSubmitNeed(ctx.actor, parties)) throw forbidden('只有会商方（县）的联络员可以提交需求');
    if (!listIsOpen(c.status)) throw new AppError('CONSULTATION_LOCKED', '清单已议定，不再征集需求');
    await checkDomain(tx, input.domain);
    const id = await repo.insertNeed(tx, {
      consultationId,
      title: input.title,
      description: input.description,
      domain: input.domain,
      urgency: input.urgency,
      suggestedCategory: input.suggestedCategory,
      submittedBy: ctx.actor.userId,
      submitterOrgId: ctx.actor.orgId,
      now,
    });
    const row = (await repo.getNeedRow(tx, id))!;
    await recordAudit(tx, ctx, now, {
      action: 'need.create',
      entityType: 'need',
      entityId: id,
      after: { consultationId, title: row.title, description: row.description, domain: row.domain, urgency: row.urgency, suggestedCategory: row.suggested_category },
    });
    await recordEvent(tx, now, {
      type: 'need.submitted',
      entityType: 'need',
      entityId: id,
      consultationId,
      actorId: ctx.actor.userId,
      data: { title: row.title, urgency: row.urgency },
    });
    return repo.presentNeed(row, []);
  });
}

export async function triageNeed(deps: Deps, ctx: RequestContext, id: number, input: NeedTriage): Promise<Need> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const { row, consultation, parties } = await visibleNeed(tx, ctx.actor, id);
    if (!canTriageNeed(ctx.actor, parties)) throw forbidden('只有发起方（市局）的联络员可以处理需求');
    if (consultation.status === 'closed') throw new AppError('CONSULTATION_LOCKED', '会商已结束，需求不能再处理');
    assertVersion(input.version, row.version);
    if (!canTriage(row.status)) throw new AppError('INVALID_TRANSITION', '这条需求已经处理过了');
    let mergedIntoId: number | null = null;
    if (input.decision === 'merge') {
      const target = input.mergeIntoId === undefined ? undefined : await repo.getNeedRow(tx, input.mergeIntoId);
      if (!target || target.consultation_id !== row.consultation_id || target.id === row.id) {
        throw new AppError('UNPROCESSABLE', '只能合并到本次会商的另一条需求', [{ field: 'body.mergeIntoId', message: '不是本次会商的其他需求' }]);
      }
      if (!canBeMergeTarget(target.status)) {
        throw new AppError('UNPROCESSABLE', '不能合并到已合并或不予采纳的需求', [{ field: 'body.mergeIntoId', message: '目标需求已合并或不予采纳' }]);
      }
      mergedIntoId = target.id;
    }
    const status: NeedStatus = input.decision === 'accept' ? 'accepted' : input.decision === 'merge' ? 'merged' : 'declined';
    const reason = input.reason ? input.reason : null;
    const ok = await repo.updateNeedGuarded(
      tx,
      id,
      { version: row.version, status: row.status },
      { status, triageReason: reason, mergedIntoId, triagedBy: ctx.actor.userId, triagedAt: now, now },
    );
    // Two hosts deciding the same need at once: the guard lets exactly one through.
    if (!ok) throw versionConflict();
    await recordAudit(tx, ctx, now, {
      action: 'need.triage',
      entityType: 'need',
      entityId: id,
      before: { status: row.status },
      after: { decision: input.decision, status, reason, mergedIntoId },
    });
    return present(tx, (await repo.getNeedRow(tx, id))!);
  });
}

/** Creates the draft item the need asks for and links the two; once only, and only while the list is open. */
export async function convertNeed(deps: Deps, ctx: RequestContext, id: number, input: NeedConvert): Promise<Need> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const { row, consultation, parties } = await visibleNeed(tx, ctx.actor, id);
    if (!canTriageNeed(ctx.actor, parties)) throw forbidden('只有发起方（市局）的联络员可以把需求转为清单事项');
    if (!listIsOpen(consultation.status)) {
      throw new AppError('CONSULTATION_LOCKED', '清单已议定，需求不能再转为事项');
    }
    assertVersion(input.version, row.version);
    if (row.item_id !== null) throw new AppError('INVALID_TRANSITION', '这条需求已经转为清单事项');
    if (!canConvert(row.status)) throw new AppError('INVALID_TRANSITION', '已合并或不予采纳的需求不能转为事项');
    const category = (input.category ?? row.suggested_category) as Category | null;
    if (!category) {
      throw new AppError('VALIDATION_FAILED', '需求没有建议类别，请指定事项类别', [{ field: 'body.category', message: '必填' }]);
    }
    await checkDomain(tx, row.domain);
    const item = await addItem(
      tx,
      ctx,
      row.consultation_id,
      {
        title: row.title,
        content: row.description,
        category,
        domain: row.domain,
        leadUnitId: null,
        coUnitIds: [],
        responsible: '',
        deadline: null,
        ongoing: false,
        fundingWan: null,
        status: 'not_started',
        progress: 0,
      },
      { via: 'need', viaId: id, now, today: deps.clock.today() },
    );
    const itemId = item.id;
    const ok = await repo.updateNeedGuarded(
      tx,
      id,
      { version: row.version, status: row.status },
      { status: 'converted', itemId: itemId, ...(row.triaged_by === null ? { triagedBy: ctx.actor.userId, triagedAt: now } : {}), now },
    );
    // A simultaneous conversion won: this transaction, item included, rolls back.
    if (!ok) throw versionConflict();
    await recordAudit(tx, ctx, now, {
      action: 'need.convert',
      entityType: 'need',
      entityId: id,
      before: { status: row.status },
      after: { status: 'converted', itemId: itemId, category },
    });
    return present(tx, (await repo.getNeedRow(tx, id))!);
  });
}

/** Checks who may attach before a byte of the upload is read, then stores it. */
export async function attachFile(deps: Deps, ctx: RequestContext, id: number, receive: () => Promise<IncomingFile>): Promise<Attachment> {
  const { row } = await visibleNeed(deps.db, ctx.actor, id);
  if (row.submitted_by !== ctx.actor.userId) throw forbidden('只有需求的提交人可以为其上传附件');
  const owner = { type: 'need' as const, id };
  if ((await countAttachments(deps.db, owner)) >= ATTACHMENT_LIMITS.perCommentMax) {
    throw new AppError('UNPROCESSABLE', `每条需求最多 ${ATTACHMENT_LIMITS.perCommentMax} 个附件`);
  }
  return storeAttachment(deps, ctx, owner, await receive());
}
