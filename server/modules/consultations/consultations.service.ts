import {
  canMoveConsultation,
  type Consultation,
  type ConsultationCreate,
  type ConsultationDetail,
  type ConsultationStatus,
  type ConsultationUpdate,
} from '../../../domain/consultations.js';
import { CONSULTATION_STATUS_LABEL } from '../../../domain/labels.js';
import { mayBeConsultationPartner } from '../../../domain/organisations.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { requirePermission } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { Deps } from '../../platform/deps.js';
import type { Db, Tx } from '../../platform/db.js';
import { AppError, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import { getOrgRow, orgsByIds } from '../organisations/organisations.service.js';
import { consultationAbilities } from './consultations.abilities.js';
import { assertCanRead, canUpdateConsultation, type Party, sideOf } from './consultations.policy.js';
import * as repo from './consultations.repo.js';
import { consultationRenamed } from '../search/search.index.js';
import { refreshConsultationPunctuality } from '../lights/lights.service.js';

function present(row: repo.ConsultationRow, parties: Party[], actor: Actor): Consultation {
  const host = parties.find((p) => p.side === 'host');
  return {
    id: row.id,
    title: row.title,
    year: row.year,
    theme: row.theme,
    status: row.status,
    hostOrg: host ? { id: host.orgId, name: host.orgName } : { id: 0, name: '' },
    partnerOrgs: parties.filter((p) => p.side === 'partner').map((p) => ({ id: p.orgId, name: p.orgName })),
    mySide: sideOf(actor, parties),
    can: consultationAbilities(actor, parties, row.status),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The consultation with its parties, or a 404 when missing or out of the caller's scope. */
export async function loadVisible(db: Db | Tx, actor: Actor, id: number) {
  assertCanRead(actor);
  const row = await repo.findVisible(db, actor, id);
  if (!row) throw notFound('会商');
  const parties = (await repo.partiesOf(db, [id])).get(id) ?? [];
  return { row, parties };
}

export async function getConsultation(deps: Deps, actor: Actor, id: number): Promise<ConsultationDetail> {
  const { row, parties } = await loadVisible(deps.db, actor, id);
  const counts = (await repo.countsOf(deps.db, [id])).get(id)!;
  return { ...present(row, parties, actor), counts };
}

export async function listConsultations(deps: Deps, actor: Actor, q: { status?: ConsultationStatus; year?: number; q?: string; limit: number; cursor?: string }) {
  assertCanRead(actor);
  const after = q.cursor ? decodeCursor<[number, number]>(q.cursor, ['number', 'number']) : undefined;
  const rows = await repo.listVisible(deps.db, actor, { ...q, after, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const ids = page.map((r) => r.id);
  const [parties, counts] = await Promise.all([repo.partiesOf(deps.db, ids), repo.countsOf(deps.db, ids)]);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => ({ ...present(r, parties.get(r.id) ?? [], actor), counts: counts.get(r.id)! })),
    nextCursor: rows.length > q.limit ? encodeCursor([last.year, last.id]) : null,
  };
}

async function checkPartners(db: Db | Tx, hostOrgId: number, partnerOrgIds: number[]) {
  const unique = [...new Set(partnerOrgIds)];
  if (unique.includes(hostOrgId)) {
    throw new AppError('VALIDATION_FAILED', '会商双方不能是同一组织', [{ field: 'body.partnerOrgIds', message: '不能包含发起方' }]);
  }
  const found = await orgsByIds(db, unique);
  if (found.length !== unique.length) {
    throw new AppError('VALIDATION_FAILED', '会商方组织不存在', [{ field: 'body.partnerOrgIds', message: '组织不存在' }]);
  }
  const notGovernment = found.filter((o) => !mayBeConsultationPartner(o.kind));
  if (notGovernment.length) {
    const names = notGovernment.map((o) => o.name).join('、');
    throw new AppError('VALIDATION_FAILED', `会商方须为县（区）等人民政府，“${names}”不是人民政府，不能作为会商方`, [{ field: 'body.partnerOrgIds', message: '只能选择人民政府' }]);
  }
  return unique;
}

export async function createConsultation(deps: Deps, ctx: RequestContext, input: ConsultationCreate) {
  const { actor } = ctx;
  requirePermission(actor, 'consultation.create');
  const hostOrgId = input.hostOrgId ?? actor.orgId;
  const now = deps.clock.now().toISOString();
  const id = await deps.db.transaction().execute(async (tx) => {
    const host = await getOrgRow(tx, hostOrgId);
    // A coordinator hosts for the own organisation or one above it (an office for its bureau).
    if (!host || !actor.orgPath.startsWith(host.path)) {
      throw forbidden('只能以本单位或上级单位名义发起会商');
    }
    const partners = await checkPartners(tx, hostOrgId, input.partnerOrgIds);
    const row = await tx
      .insertInto('consultations')
      .values({ title: input.title, year: input.year, theme: input.theme, status: 'draft', version: 1, created_by: actor.userId, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await repo.replaceParties(tx, row.id, hostOrgId, partners);
    await recordAudit(tx, ctx, now, {
      action: 'consultation.create',
      entityType: 'consultation',
      entityId: row.id,
      after: { title: input.title, year: input.year, theme: input.theme, status: 'draft', hostOrgId, partnerOrgIds: partners },
    });
    return row.id;
  });
  return getConsultation(deps, actor, id);
}

export async function updateConsultation(deps: Deps, ctx: RequestContext, id: number, input: ConsultationUpdate) {
  const { actor } = ctx;
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    const { row, parties } = await loadVisible(tx, actor, id);
    if (!canUpdateConsultation(actor, parties)) throw forbidden('只有发起方联络员可以修改会商');
    if (row.version !== input.version) throw versionConflict();
    const from = row.status;
    if (input.status && !canMoveConsultation(from, input.status)) {
      throw new AppError('INVALID_TRANSITION', `会商状态不能从“${CONSULTATION_STATUS_LABEL[from]}”改为“${CONSULTATION_STATUS_LABEL[input.status]}”`);
    }
    const host = parties.find((p) => p.side === 'host')!;
    const beforePartners = parties.filter((p) => p.side === 'partner').map((p) => p.orgId);
    let afterPartners = beforePartners;
    if (input.partnerOrgIds) {
      if (from !== 'draft' && from !== 'negotiating') throw new AppError('CONSULTATION_LOCKED', '清单议定后不能再更换会商方');
      afterPartners = await checkPartners(tx, host.orgId, input.partnerOrgIds);
      await repo.replaceParties(tx, id, host.orgId, afterPartners);
    }
    const next = {
      title: input.title ?? row.title,
      year: input.year ?? row.year,
      theme: input.theme ?? row.theme,
      status: input.status ?? row.status,
    };
    const res = await tx
      .updateTable('consultations')
      .set({ ...next, version: row.version + 1, updated_at: now })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw versionConflict();
    await consultationRenamed(tx, id);
    // Whether the list is in force decides which periods every item owes.
    if (next.status !== from) await refreshConsultationPunctuality(tx, deps.clock.today(), id);
    if (next.status === 'draft' && from !== 'draft') {
      // Back to preparation: any confirmation of the list given during negotiation lapses.
      await tx.deleteFrom('adoption_confirmations').where('consultation_id', '=', id).execute();
    }
    await recordAudit(tx, ctx, now, {
      action: 'consultation.update',
      entityType: 'consultation',
      entityId: id,
      before: { title: row.title, year: row.year, theme: row.theme, status: row.status, partnerOrgIds: beforePartners },
      after: { ...next, partnerOrgIds: afterPartners },
    });
  });
  return getConsultation(deps, actor, id);
}

// What other modules read of consultations: the module's public face (its repo stays private to it).
export { partiesOf } from './consultations.repo.js';
