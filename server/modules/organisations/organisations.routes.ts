import type { FastifyInstance } from 'fastify';
import { organisationEndpoints as api } from '../../../domain/organisations.endpoints.js';
import { requirePermission } from '../../platform/access.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './organisations.service.js';

export function registerOrganisationRoutes(app: FastifyInstance, deps: Deps): void {
  // Every signed-in user needs the tree to name lead and cooperating units.
  defineRoute(app, api.list, { summary: '组织机构树（平铺，按层级排序）', tags: ['organisations'] }, async ({ actor }) => ({
    data: await service.listOrganisations(deps, actor),
    nextCursor: null,
  }));
  defineRoute(app, api.create, { summary: '新增组织', tags: ['organisations'], anyOf: ['org.manage'] }, async ({ body, ctx }) => {
    requirePermission(ctx.actor, 'org.manage');
    return service.createOrganisation(deps, ctx, body);
  });
  defineRoute(app, api.update, { summary: '修改组织', tags: ['organisations'], anyOf: ['org.manage'] }, async ({ params, body, ctx }) => {
    requirePermission(ctx.actor, 'org.manage');
    return service.updateOrganisation(deps, ctx, params.id, body);
  });
  defineRoute(app, api.remove, { summary: '删除组织（无下级、无用户、未被引用时）', tags: ['organisations'], anyOf: ['org.manage'] }, async ({ params, ctx }) => {
    requirePermission(ctx.actor, 'org.manage');
    await service.deleteOrganisation(deps, ctx, params.id);
    return { ok: true as const };
  });
}
