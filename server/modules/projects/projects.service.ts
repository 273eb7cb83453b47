import { wanToYuan } from '../../../domain/items.js';
import { type Project, type ProjectCreateData, type ProjectListQuery, type ProjectPatch } from '../../../domain/projects.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { decodeCursor, encodeCursor, pageOf } from '../../platform/cursor.js';
import type { Deps } from '../../platform/deps.js';
import type { Db, Tx } from '../../platform/db.js';
import { AppError, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import { assertCanRead } from '../consultations/consultations.policy.js';
import { loadVisible } from '../consultations/consultations.service.js';
import { getOrgRow } from '../organisations/organisations.service.js';
import { canEditHosted } from './projects.policy.js';
import * as repo from './projects.repo.js';
import { indexRow } from '../search/search.index.js';

/** The project, or a 404 when missing or out of the caller's scope. */
async function loadProject(db: Db | Tx, actor: Actor, id: number) {
  assertCanRead(actor);
  const row = await repo.findVisible(db, actor, id);
  if (!row) throw notFound('项目');
  return row;
}

async function present(db: Db | Tx, actor: Actor, row: repo.ProjectRow): Promise<Project> {
  const items = (await repo.linkedItemsOf(db, actor, [row.id])).get(row.id) ?? [];
  return repo.presentProject(row, items, actor);
}

export async function getProject(deps: Deps, actor: Actor, id: number): Promise<Project> {
  return present(deps.db, actor, await loadProject(deps.db, actor, id));
}

export async function listProjects(deps: Deps, actor: Actor, q: ProjectListQuery) {
  assertCanRead(actor);
  if (q.consultationId !== undefined) await loadVisible(deps.db, actor, q.consultationId);
  const after = q.cursor ? decodeCursor<[number]>(q.cursor, ['number'])[0] : undefined;
  const rows = await repo.listVisible(deps.db, actor, { ...q, after, limit: q.limit + 1 });
  const { page, nextCursor } = pageOf(rows, q.limit, (last) => encodeCursor([last.id]));
  const items = await repo.linkedItemsOf(
    deps.db,
    actor,
    page.map((r) => r.id),
  );
  return {
    data: page.map((r) => repo.presentProject(r, items.get(r.id) ?? [], actor)),
    nextCursor,
  };
}

/** What an audit row compares: what a person edits. */
function auditView(p: Project) {
  const { id: _i, version: _v, createdAt: _c, updatedAt: _u, canEdit: _e, hostOrg: _h, items, totalWan: _t, ...rest } = p;
  return { ...rest, itemIds: items.map((i) => i.id) };
}

export async function createProject(deps: Deps, ctx: RequestContext, v: ProjectCreateData): Promise<Project> {
  const { actor } = ctx;
  assertCanRead(actor);
  const hostOrgId = v.hostOrgId ?? actor.orgId;
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const host = await getOrgRow(tx, hostOrgId);
    // A host coordinator creates for the own organisation or one above it.
    if (!host || !canEditHosted(actor, host.path)) throw forbidden('只有本单位或上级单位的市局联络员可以新建项目');
    const row = await tx
      .insertInto('projects')
      .values({
        host_org_id: hostOrgId,
        name: v.name,
        type: v.type,
        summary: v.summary,
        undertakers_json: JSON.stringify(v.undertakers),
        fiscal_yuan: wanToYuan(v.fiscalWan),
        self_raised_yuan: wanToYuan(v.selfRaisedWan),
        start_date: v.startDate,
        end_date: v.endDate,
        milestones_json: JSON.stringify(v.milestones),
        outcomes_json: JSON.stringify(v.outcomes),
        status: v.status,
        version: 1,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await indexRow(tx, 'project', row.id);
    const project = await present(tx, actor, (await repo.findVisible(tx, actor, row.id))!);
    await recordAudit(tx, ctx, now, { action: 'project.create', entityType: 'project', entityId: row.id, after: { ...auditView(project), hostOrgId } });
    return project;
  });
}

export async function updateProject(deps: Deps, ctx: RequestContext, id: number, input: ProjectPatch): Promise<Project> {
  const { actor } = ctx;
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const row = await loadProject(tx, actor, id);
    if (!canEditHosted(actor, row.host_path)) throw forbidden('只有项目所属单位的市局联络员可以修改项目');
    if (row.version !== input.version) throw versionConflict();
    const before = await present(tx, actor, row);
    const startDate = input.startDate ?? row.start_date;
    const endDate = input.endDate ?? row.end_date;
    if (endDate < startDate) throw new AppError('VALIDATION_FAILED', '结束日期不能早于开始日期', [{ field: 'body.endDate', message: '不能早于开始日期' }]);
    const res = await tx
      .updateTable('projects')
      .set({
        name: input.name ?? row.name,
        type: input.type ?? row.type,
        summary: input.summary ?? row.summary,
        undertakers_json: input.undertakers ? JSON.stringify(input.undertakers) : row.undertakers_json,
        fiscal_yuan: input.fiscalWan !== undefined ? wanToYuan(input.fiscalWan) : row.fiscal_yuan,
        self_raised_yuan: input.selfRaisedWan !== undefined ? wanToYuan(input.selfRaisedWan) : row.self_raised_yuan,
        start_date: startDate,
        end_date: endDate,
        milestones_json: input.milestones ? JSON.stringify(input.milestones) : row.milestones_json,
        outcomes_json: input.outcomes ? JSON.stringify(input.outcomes) : row.outcomes_json,
        status: input.status ?? row.status,
        version: row.version + 1,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    // The version guard in the WHERE makes two simultaneous edits of one version end with one winner.
    if (Number(res.numUpdatedRows) !== 1) throw versionConflict();
    await indexRow(tx, 'project', id);
    const after = await present(tx, actor, (await repo.findVisible(tx, actor, id))!);
    await recordAudit(tx, ctx, now, { action: 'project.update', entityType: 'project', entityId: id, before: auditView(before), after: auditView(after) });
    return after;
  });
}

/** Replaces the links the caller can see; links to items out of the caller's scope stay as they are. */
export async function setProjectItems(deps: Deps, ctx: RequestContext, id: number, input: { itemIds: number[]; version: number }): Promise<Project> {
  const { actor } = ctx;
  const now = deps.clock.now().toISOString();
  const wanted = [...new Set(input.itemIds)];
  return deps.db.transaction().execute(async (tx) => {
    const row = await loadProject(tx, actor, id);
    if (!canEditHosted(actor, row.host_path)) throw forbidden('只有项目所属单位的市局联络员可以关联事项');
    if (row.version !== input.version) throw versionConflict();
    const seen = await repo.visibleAmong(tx, actor, wanted);
    const unknown = wanted.filter((i) => !seen.has(i));
    if (unknown.length) {
      throw new AppError('UNPROCESSABLE', `事项不存在或无权访问：${unknown.join('、')}`, [{ field: 'body.itemIds', message: unknown.join(',') }]);
    }
    const current = await repo.linkedItemIds(tx, id);
    const currentSeen = await repo.visibleAmong(tx, actor, current);
    const kept = current.filter((i) => !currentSeen.has(i));
    const res = await tx
      .updateTable('projects')
      .set({ version: row.version + 1, updated_at: now })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw versionConflict();
    await repo.replaceLinks(tx, id, [...kept, ...wanted]);
    await recordAudit(tx, ctx, now, {
      action: 'project.update',
      entityType: 'project',
      entityId: id,
      before: { itemIds: [...currentSeen].sort((a, b) => a - b) },
      after: { itemIds: [...wanted].sort((a, b) => a - b) },
    });
    return present(tx, actor, (await repo.findVisible(tx, actor, id))!);
  });
}
