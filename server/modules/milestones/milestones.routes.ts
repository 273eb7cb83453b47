import type { FastifyInstance } from 'fastify';
import { listResponse, zIdParams, zOkResponse } from '../../../domain/common.js';
import { zMilestone, zMilestoneCreate, zMilestoneDeleteQuery, zMilestoneUpdate } from '../../../domain/milestones.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './milestones.service.js';

export function registerMilestoneRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    { method: 'GET', url: '/items/:id/milestones', summary: '事项里程碑（按计划日期）', tags: ['supervision'], params: zIdParams, response: listResponse(zMilestone) },
    async ({ params, actor }) => service.listMilestones(deps, actor, params.id),
  );
  defineRoute(
    app,
    {
      method: 'POST',
      url: '/items/:id/milestones',
      summary: '新增里程碑（联络员、牵头单位填报员）',
      tags: ['supervision'],
      params: zIdParams,
      body: zMilestoneCreate,
      response: zMilestone,
      status: 201,
    },
    async ({ params, body, ctx }) => service.createMilestone(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    { method: 'PATCH', url: '/milestones/:id', summary: '修改里程碑或标记完成（须带版本号）', tags: ['supervision'], params: zIdParams, body: zMilestoneUpdate, response: zMilestone },
    async ({ params, body, ctx }) => service.updateMilestone(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    { method: 'DELETE', url: '/milestones/:id', summary: '删除里程碑（须带版本号）', tags: ['supervision'], params: zIdParams, query: zMilestoneDeleteQuery, response: zOkResponse },
    async ({ params, query, ctx }) => {
      await service.deleteMilestone(deps, ctx, params.id, query.version);
      return { ok: true as const };
    },
  );
}
