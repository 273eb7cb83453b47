import type { FastifyInstance } from 'fastify';
import { milestoneEndpoints as api } from '../../../domain/milestones.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './milestones.service.js';

export function registerMilestoneRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.ofItem, { summary: '事项里程碑（按计划日期）', tags: ['supervision'] }, async ({ params, actor }) => service.listMilestones(deps, actor, params.id));
  defineRoute(app, api.create, { summary: '新增里程碑（联络员、牵头单位填报员）', tags: ['supervision'] }, async ({ params, body, ctx }) =>
    service.createMilestone(deps, ctx, params.id, body),
  );
  defineRoute(app, api.update, { summary: '修改里程碑或标记完成（须带版本号）', tags: ['supervision'] }, async ({ params, body, ctx }) =>
    service.updateMilestone(deps, ctx, params.id, body),
  );
  defineRoute(app, api.remove, { summary: '删除里程碑（须带版本号）', tags: ['supervision'] }, async ({ params, query, ctx }) => {
    await service.deleteMilestone(deps, ctx, params.id, query.version);
    return { ok: true as const };
  });
}
