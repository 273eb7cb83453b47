import type { Programme } from '../../../domain/programmes.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { isUniqueViolation } from '../../platform/db-helpers.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import { assertCanRead } from '../consultations/consultations.policy.js';
import { loadVisible } from '../consultations/consultations.service.js';
import { visibleItem } from '../items/items.service.js';
import { getOrgRow } from '../organisations/organisations.service.js';
import { canEditHosted } from './projects.policy.js';
import * as repo from './programmes.repo.js';

export async function getProgramme(deps: Deps, actor: Actor, id: number): Promise<Programme> {
  assertCanRead(actor);
  const row = await repo.findVisible(deps.db, actor, id);
  if (!row) throw notFound('行动');
  const items = (await repo.itemsOf(deps.db, actor, [id])).get(id) ?? [];
  return repo.presentProgramme(row, items, actor);
}

export async function listProgrammes(deps: Deps, actor: Actor, q: { year?: number; consultationId?: number }) {
  assertCanRead(actor);
  let consultation: { id: number; hostOrgId: number; year: number } | undefined;
  if (q.consultationId !== undefined) {
    const { row, parties } = await loadVisible(deps.db, actor, q.consultationId);
    const host = parties.find((p) => p.side === 'host');
    consultation = { id: row.id, hostOrgId: host?.orgId ?? 0, year: row.year };
  }
  const rows = await repo.listVisible(deps.db, actor, { year: q.year, consultation });
  const items = await repo.itemsOf(
    deps.db,
    actor,
    rows.map((r) => r.id),
    q.consultationId,
  );
  return { data: rows.map((r) => repo.presentProgramme(r, items.get(r.id) ?? [], actor)) };
}

export async function createProgramme(deps: Deps, ctx: RequestContext, input: { name: string; year: number; description: string; hostOrgId?: number }) {
  const { actor } = ctx;
  assertCanRead(actor);
  const hostOrgId = input.hostOrgId ?? actor.orgId;
  const now = deps.clock.now().toISOString();
  const id = await deps.db
    .transaction()
    .execute(async (tx) => {
      const host = await getOrgRow(tx, hostOrgId);
      if (!host || !canEditHosted(actor, host.path)) throw forbidden('只有本单位或上级单位的市局联络员可以新建行动');
      const last = await tx
        .selectFrom('programmes')
        .select((eb) => eb.fn.max('sort_order').as('m'))
        .where('host_org_id', '=', hostOrgId)
        .where('year', '=', input.year)
        .executeTakeFirst();
      const row = await tx
        .insertInto('programmes')
        .values({
          host_org_id: hostOrgId,
          year: input.year,
          name: input.name,
          description: input.description,
          sort_order: Number(last?.m ?? 0) + 1,
          version: 1,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, ctx, now, {
        action: 'programme.create',
        entityType: 'programme',
        entityId: row.id,
        after: { name: input.name, year: input.year, description: input.description, hostOrgId },
      });
      return row.id;
    })
    .catch((err: unknown) => {
      if (isUniqueViolation(err)) throw new AppError('DUPLICATE', `${input.year}年已有名为“${input.name}”的行动`, [{ field: 'body.name', message: '重复' }]);
      throw err;
    });
  return getProgramme(deps, actor, id);
}

/**
 * Puts an item into a programme (or takes it out with null). The caller must see the item and may
 * edit both the programme it leaves and the one it joins. The write is guarded by the assignment
 * read at the start, so two simultaneous conflicting assignments end with one winner and a 409.
 */
export async function assignItem(deps: Deps, ctx: RequestContext, itemId: number, input: { programmeId: number | null; weight: number; fromProgrammeId?: number | null }) {
  const { actor } = ctx;
  const now = deps.clock.now().toISOString();
  return deps.db
    .transaction()
    .execute(async (tx) => {
      const { consultation } = await visibleItem(tx, actor, itemId);
      if (consultation.status === 'closed') throw new AppError('CONSULTATION_LOCKED', '会商已结束，事项不能再调整所属行动');
      const current = await repo.assignmentOf(tx, itemId);
      if (input.fromProgrammeId !== undefined && input.fromProgrammeId !== (current?.programme_id ?? null)) throw versionConflict();
      if (current) {
        const path = await repo.programmeHostPath(tx, current.programme_id);
        if (!path || !canEditHosted(actor, path)) throw forbidden('只有行动所属单位的市局联络员可以调整事项');
      }
      if (input.programmeId !== null) {
        const target = await repo.findVisible(tx, actor, input.programmeId);
        if (!target) throw new AppError('UNPROCESSABLE', '行动不存在或无权访问', [{ field: 'body.programmeId', message: String(input.programmeId) }]);
        if (!canEditHosted(actor, target.host_path)) throw forbidden('只有行动所属单位的市局联络员可以把事项归入行动');
      }
      const before = current ? { programmeId: current.programme_id, weight: current.weight } : { programmeId: null, weight: null };
      const after = input.programmeId === null ? { programmeId: null, weight: null } : { programmeId: input.programmeId, weight: input.weight };
      if (current && input.programmeId === null) {
        const res = await tx
          .deleteFrom('programme_items')
          .where('item_id', '=', itemId)
          .where('programme_id', '=', current.programme_id)
          .where('weight', '=', current.weight)
          .executeTakeFirst();
        if (Number(res.numDeletedRows) !== 1) throw versionConflict();
      } else if (current && input.programmeId !== null) {
        const res = await tx
          .updateTable('programme_items')
          .set({ programme_id: input.programmeId, weight: input.weight })
          .where('item_id', '=', itemId)
          .where('programme_id', '=', current.programme_id)
          .where('weight', '=', current.weight)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw versionConflict();
      } else if (input.programmeId !== null) {
        await tx.insertInto('programme_items').values({ item_id: itemId, programme_id: input.programmeId, weight: input.weight }).execute();
      }
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        await recordAudit(tx, ctx, now, { action: 'programme.assign', entityType: 'item', entityId: itemId, before, after });
      }
    })
    .catch((err: unknown) => {
      // Two first assignments of one item at once: the primary key lets one in.
      if (isUniqueViolation(err)) throw versionConflict();
      throw err;
    })
    .then(() => programmeOfItem(deps, actor, itemId));
}

export async function programmeOfItem(deps: Deps, actor: Actor, itemId: number) {
  const { consultation } = await visibleItem(deps.db, actor, itemId);
  const a = await repo.assignmentOf(deps.db, itemId);
  // The rules assignItem enforces before it looks at the target: an open consultation, and a
  // programme the caller may take the item out of (which programmes it may join, each says).
  const hostPath = a ? await repo.programmeHostPath(deps.db, a.programme_id) : null;
  const leavable = !a || (hostPath !== null && canEditHosted(actor, hostPath));
  return { itemId, programmeId: a?.programme_id ?? null, weight: a?.weight ?? null, canChange: consultation.status !== 'closed' && leavable };
}
