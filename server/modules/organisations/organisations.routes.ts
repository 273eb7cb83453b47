import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { zIdParams, zOkResponse } from '../../../domain/common.js';
import { zOrg, zOrgCreate, zOrgUpdate } from '../../../domain/organisations.js';
import { requirePermission } from '../../platform/access.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './organisations.service.js';

export function registerOrganisationRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    // Every signed-in user needs the tree to name lead and cooperating units.
    { method: 'GET', url: '/organisations', summary: '组织机构树（平铺，按层级排序）', tags: ['organisations'], response: z.object({ data: z.array(zOrg), nextCursor: z.null() }) },
    async () => ({ data: await service.listOrganisations(deps), nextCursor: null }),
  );
  defineRoute(
    app,
    { method: 'POST', url: '/organisations', summary: '新增组织', tags: ['organisations'], body: zOrgCreate, response: zOrg, status: 201 },
    async ({ body, ctx }) => {
      requirePermission(ctx.actor, 'org.manage');
      return service.createOrganisation(deps, ctx, body);
    },
  );
  defineRoute(
    app,
    { method: 'PATCH', url: '/organisations/:id', summary: '修改组织', tags: ['organisations'], params: zIdParams, body: zOrgUpdate, response: zOrg },
    async ({ params, body, ctx }) => {
      requirePermission(ctx.actor, 'org.manage');
      return service.updateOrganisation(deps, ctx, params.id, body);
    },
  );
  defineRoute(
    app,
    { method: 'DELETE', url: '/organisations/:id', summary: '删除组织（无下级、无用户、未被引用时）', tags: ['organisations'], params: zIdParams, response: zOkResponse },
    async ({ params, ctx }) => {
      requirePermission(ctx.actor, 'org.manage');
      await service.deleteOrganisation(deps, ctx, params.id);
      return { ok: true as const };
    },
  );
}
