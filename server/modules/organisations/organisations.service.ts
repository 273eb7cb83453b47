import { divisionCodeFits, type ListedOrg, type OrgCreate, type OrgUpdate } from '../../../domain/organisations.js';
import { can, isUnder } from '../../platform/access.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Tx } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import { adminScopePath, assertInScope } from './organisations.policy.js';
import * as repo from './organisations.repo.js';

export async function listOrganisations(deps: Deps, actor: Actor): Promise<ListedOrg[]> {
  // The same rule the writes below enforce (adminScopePath + assertInScope), asked of every row.
  const scope = can(actor, 'org.manage') ? adminScopePath(actor, 'org.manage') : null;
  return (await repo.listOrgRows(deps.db)).map((r) => ({ ...repo.presentOrg(r), canManage: scope !== null && isUnder(r.path, scope) }));
}

function checkCode(kind: OrgCreate['kind'], code: string | null | undefined) {
  if (!divisionCodeFits(kind, code)) {
    throw new AppError('VALIDATION_FAILED', '行政区划代码与组织类型不符（省以 0000 结尾，市以 00 结尾；部门可不填）', [{ field: 'body.divisionCode', message: '与组织类型不符' }]);
  }
}

export async function createOrganisation(deps: Deps, ctx: RequestContext, input: OrgCreate) {
  const scope = adminScopePath(ctx.actor, 'org.manage');
  checkCode(input.kind, input.divisionCode);
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    let parentPath = '/';
    if (input.parentId !== null) {
      const parent = await repo.getOrgRow(tx, input.parentId);
      if (!parent) throw notFound('上级组织', '上级组织不存在');
      assertInScope(scope, parent.path);
      parentPath = parent.path;
    } else if (scope !== '/' && scope.split('/').filter(Boolean).length > 0) {
      throw forbidden('只能在本级组织之下新增组织');
    }
    const id = await repo.insertOrg(tx, {
      parentId: input.parentId,
      parentPath,
      name: input.name,
      shortName: input.shortName ?? null,
      kind: input.kind,
      divisionCode: input.divisionCode ?? null,
      sortOrder: input.sortOrder ?? 0,
      now,
    });
    const org = repo.presentOrg((await repo.getOrgRow(tx, id))!);
    await recordAudit(tx, ctx, now, { action: 'org.create', entityType: 'organisation', entityId: id, after: org });
    return org;
  });
}

export async function updateOrganisation(deps: Deps, ctx: RequestContext, id: number, input: OrgUpdate) {
  const scope = adminScopePath(ctx.actor, 'org.manage');
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const row = await repo.getOrgRow(tx, id);
    if (!row) throw notFound('组织', '组织不存在');
    assertInScope(scope, row.path);
    if (row.version !== input.version) throw versionConflict();
    const kind = input.kind ?? (row.kind as OrgCreate['kind']);
    const code = input.divisionCode !== undefined ? input.divisionCode : row.division_code;
    checkCode(kind, code);
    if (input.parentId !== undefined && input.parentId !== row.parent_id) {
      if (input.parentId === null) throw new AppError('VALIDATION_FAILED', '不能把组织移到最顶层', [{ field: 'body.parentId', message: '不能为空' }]);
      const parent = await repo.getOrgRow(tx, input.parentId);
      if (!parent) throw notFound('上级组织', '上级组织不存在');
      assertInScope(scope, parent.path);
      if (parent.path.startsWith(row.path)) throw new AppError('UNPROCESSABLE', '不能把组织移到它自己的下级之下');
      await repo.rewriteSubtreePaths(tx, row.path, `${parent.path}${row.id}/`);
    }
    const res = await tx
      .updateTable('organisations')
      .set({
        name: input.name ?? row.name,
        short_name: input.shortName !== undefined ? (input.shortName ?? null) : row.short_name,
        kind,
        division_code: code ?? null,
        parent_id: input.parentId !== undefined ? input.parentId : row.parent_id,
        sort_order: input.sortOrder ?? row.sort_order,
        version: row.version + 1,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw versionConflict();
    const after = repo.presentOrg((await repo.getOrgRow(tx, id))!);
    await recordAudit(tx, ctx, now, { action: 'org.update', entityType: 'organisation', entityId: id, before: repo.presentOrg(row), after });
    return after;
  });
}

export async function deleteOrganisation(deps: Deps, ctx: RequestContext, id: number) {
  const scope = adminScopePath(ctx.actor, 'org.manage');
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    const row = await repo.getOrgRow(tx, id);
    if (!row) throw notFound('组织', '组织不存在');
    assertInScope(scope, row.path);
    const use = await repo.orgUsage(tx, id);
    if (use.children || use.users || use.parties || use.items) {
      throw new AppError('ORG_HAS_CHILDREN', '该组织下仍有下级组织、用户或会商事项，不能删除', use);
    }
    await tx.deleteFrom('organisations').where('id', '=', id).execute();
    await recordAudit(tx, ctx, now, { action: 'org.delete', entityType: 'organisation', entityId: id, before: repo.presentOrg(row) });
  });
}

/**
 * A department a ledger import names and the user asked to create, under an organisation of the
 * consultation's parties (the caller checked that); recorded as any other new organisation.
 */
export async function addDepartment(tx: Tx, ctx: RequestContext, now: string, v: { parentId: number; parentPath: string; name: string; via: string }): Promise<number> {
  const id = await repo.insertOrg(tx, { parentId: v.parentId, parentPath: v.parentPath, name: v.name, shortName: null, kind: 'department', divisionCode: null, sortOrder: 0, now });
  await recordAudit(tx, ctx, now, {
    action: 'org.create',
    entityType: 'organisation',
    entityId: id,
    after: { id, name: v.name, parentId: v.parentId, kind: 'department', via: v.via },
  });
  return id;
}

// What other modules read of organisations: the module's public face (its repo stays private to it).
export { getOrgRow, orgsByIds, orgsByNames } from './organisations.repo.js';
