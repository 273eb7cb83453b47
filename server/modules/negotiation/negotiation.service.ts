import type { ConsultationStatus } from '../../../domain/consultations.js';
import type { Agreement } from '../../../domain/agreement.js';
import { agreedByBoth, compareSnapshots, type AdoptionState, type Comparison, type ListVersion, type Side, type SnapshotItem } from '../../../domain/negotiation.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { recordEvent } from '../../platform/events.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { canEditItems, type Party, sideOf } from '../consultations/consultations.policy.js';
import { loadVisible } from '../consultations/consultations.service.js';
import { clearConfirmations, loadItem } from '../items/items.command.js';
import { detailsOf, listItemRows, presentItem, visibleItem } from '../items/items.service.js';
import { saveVersionRefusal } from './negotiation.abilities.js';
import * as repo from './negotiation.repo.js';
import { refreshConsultationPunctuality } from '../lights/lights.service.js';

/** The side a coordinator speaks for; only coordinators mark, save versions and confirm. */
function coordinatorSide(actor: Actor, parties: Party[]): Side {
  const side = sideOf(actor, parties);
  if (!side || !canEditItems(actor, parties)) throw forbidden('只有会商双方的联络员可以确认清单');
  return side;
}

function assertNegotiating(status: string) {
  if (status !== 'negotiating') throw new AppError('CONSULTATION_NOT_NEGOTIATING', '会商不在协商阶段，不能确认或议定清单');
}

export async function markAgreement(deps: Deps, ctx: RequestContext, itemId: number, input: { agreed: boolean; note: string }) {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const { row, consultation, parties } = await visibleItem(tx, ctx.actor, itemId);
    const side = coordinatorSide(ctx.actor, parties);
    assertNegotiating(consultation.status);
    const before = (await loadItem(tx, itemId)).agreement[side];
    await repo.upsertAgreement(tx, { itemId, side, agreed: input.agreed, note: input.note, userId: ctx.actor.userId, at: now });
    // Withdrawing agreement reopens the list, so earlier adoption confirmations no longer hold.
    if (!input.agreed) await clearConfirmations(tx, row.consultation_id);
    await recordAudit(tx, ctx, now, {
      action: 'item.agreement',
      entityType: 'item',
      entityId: itemId,
      // Keys name the side, so the record still says whose mark changed after unchanged fields drop out.
      before: { [`${side}.agreed`]: before?.agreed ?? null, [`${side}.note`]: before?.note ?? null },
      after: { [`${side}.agreed`]: input.agreed, [`${side}.note`]: input.note },
    });
    return loadItem(tx, itemId);
  });
}

function presentVersion(v: Awaited<ReturnType<typeof repo.listVersions>>[number]): ListVersion {
  return { id: v.id, label: v.label, kind: v.kind, itemCount: v.item_count, createdBy: v.display_name, createdAt: v.created_at };
}

export async function listVersions(deps: Deps, actor: Actor, consultationId: number): Promise<ListVersion[]> {
  await loadVisible(deps.db, actor, consultationId);
  return (await repo.listVersions(deps.db, consultationId)).map(presentVersion);
}

export async function saveVersion(deps: Deps, ctx: RequestContext, consultationId: number, label: string): Promise<ListVersion> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const { row: c, parties } = await loadVisible(tx, ctx.actor, consultationId);
    const refusal = saveVersionRefusal(ctx.actor, parties, c.status);
    if (refusal) throw refusal;
    const items = (await currentList(tx, consultationId)).map((x) => x.item);
    const { id } = await repo.insertVersion(tx, { consultationId, label, kind: 'manual', items, userId: ctx.actor.userId, at: now });
    await recordAudit(tx, ctx, now, { action: 'version.create', entityType: 'consultation', entityId: consultationId, after: { versionId: id, label, itemCount: items.length } });
    return { id, label, kind: 'manual' as const, itemCount: items.length, createdBy: ctx.actor.displayName, createdAt: now };
  });
}

async function snapshotOf(db: Db | Tx, consultationId: number, versionId: number) {
  const v = await repo.getVersion(db, consultationId, versionId);
  if (!v) throw notFound('版本');
  return { meta: { id: v.id, label: v.label, createdAt: v.created_at }, items: JSON.parse(v.snapshot_json) as SnapshotItem[] };
}

export async function compareVersions(deps: Deps, actor: Actor, consultationId: number, from: number, to: number | 'current'): Promise<Comparison> {
  await loadVisible(deps.db, actor, consultationId);
  const a = await snapshotOf(deps.db, consultationId, from);
  const b =
    to === 'current'
      ? { meta: { id: null, label: '当前清单', createdAt: null }, items: (await currentList(deps.db, consultationId)).map((x) => x.item) }
      : await snapshotOf(deps.db, consultationId, to);
  return { from: a.meta, to: b.meta, ...compareSnapshots(a.items, b.items) };
}

async function adoptionState(db: Db | Tx, deps: Deps, consultationId: number): Promise<AdoptionState> {
  const c = await db.selectFrom('consultations').select(['status', 'agreed_version_id']).where('id', '=', consultationId).executeTakeFirstOrThrow();
  const list = await currentList(db, consultationId);
  const confirmed = await repo.confirmations(db, consultationId);
  const bySide = (s: Side) => {
    const r = confirmed.find((x) => x.side === s);
    return r ? { by: r.display_name, at: r.at } : null;
  };
  const adopted = !['draft', 'negotiating'].includes(c.status);
  return {
    host: bySide('host'),
    partner: bySide('partner'),
    adopted,
    status: c.status,
    pendingItems: adopted ? 0 : list.filter((x) => !agreedByBoth(x.agreement)).length,
    agreedVersionId: c.agreed_version_id,
  };
}

export async function getAdoption(deps: Deps, actor: Actor, consultationId: number) {
  await loadVisible(deps.db, actor, consultationId);
  return adoptionState(deps.db, deps, consultationId);
}

/**
 * One side confirms the list. When both have, the list is frozen as the agreed version and the
 * consultation moves to implementation — in the same transaction as the second confirmation.
 */
export async function confirmAdoption(deps: Deps, ctx: RequestContext, consultationId: number): Promise<AdoptionState> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    // Taking the consultation row first serialises two confirmations arriving together.
    await tx.updateTable('consultations').set({ updated_at: now }).where('id', '=', consultationId).execute();
    const { row, parties } = await loadVisible(tx, ctx.actor, consultationId);
    const side = coordinatorSide(ctx.actor, parties);
    assertNegotiating(row.status);
    const list = await currentList(tx, consultationId);
    if (!list.length) throw new AppError('ITEMS_NOT_AGREED', '清单还没有事项，不能议定');
    const pending = list.filter((x) => !agreedByBoth(x.agreement));
    if (pending.length) {
      throw new AppError(
        'ITEMS_NOT_AGREED',
        `尚有 ${pending.length} 项未经双方确认，不能议定`,
        pending.map((x) => ({ id: x.item.id, title: x.item.title })),
      );
    }
    await tx.deleteFrom('adoption_confirmations').where('consultation_id', '=', consultationId).where('side', '=', side).execute();
    await tx.insertInto('adoption_confirmations').values({ consultation_id: consultationId, side, user_id: ctx.actor.userId, at: now }).execute();
    await recordAudit(tx, ctx, now, { action: 'consultation.adoption_confirm', entityType: 'consultation', entityId: consultationId, after: { side } });
    const confirmed = await repo.confirmations(tx, consultationId);
    if (confirmed.length === 2) {
      const { id } = await repo.insertVersion(tx, {
        consultationId,
        label: '议定清单',
        kind: 'adopted',
        items: list.map((x) => x.item),
        userId: ctx.actor.userId,
        at: now,
      });
      const status: ConsultationStatus = 'implementing';
      await tx
        .updateTable('consultations')
        .set({ status, agreed_version_id: id, adopted_on: deps.clock.today(), version: row.version + 1, updated_at: now })
        .where('id', '=', consultationId)
        .execute();
      // From today the items owe reports: each one's punctuality now runs to the first period's end.
      await refreshConsultationPunctuality(tx, deps.clock.today(), consultationId);
      await recordAudit(tx, ctx, now, {
        action: 'consultation.adopt',
        entityType: 'consultation',
        entityId: consultationId,
        before: { status: row.status },
        after: { status, agreedVersionId: id, itemCount: list.length },
      });
      await recordEvent(tx, now, {
        type: 'consultation.adopted',
        entityType: 'consultation',
        entityId: consultationId,
        consultationId,
        actorId: ctx.actor.userId,
        data: { agreedVersionId: id, itemCount: list.length },
      });
    }
    return adoptionState(tx, deps, consultationId);
  });
}

/** The whole current list in ledger order, as a version keeps it, with each item's marks. */
export async function currentList(db: Db | Tx, consultationId: number): Promise<{ item: SnapshotItem; agreement: Agreement }[]> {
  const rows = await listItemRows(db, consultationId, { limit: 100_000 });
  const details = await detailsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const i = presentItem(r, details(r.id));
    return {
      item: {
        id: i.id,
        title: i.title,
        content: i.content,
        category: i.category,
        domain: i.domain,
        leadUnit: i.leadUnit,
        coUnits: i.coUnits,
        responsible: i.responsible,
        deadline: i.deadline,
        ongoing: i.ongoing,
        fundingWan: i.fundingWan,
        sortOrder: i.sortOrder,
      },
      agreement: i.agreement,
    };
  });
}
