import type { FastifyInstance } from 'fastify';
import { programmeEndpoints as api } from '../../../domain/projects.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './programmes.service.js';

export function registerProgrammeRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.list, { summary: '行动（含事项与汇总进度；可按年度、会商筛选）', tags: ['programmes'] }, async ({ query, actor }) =>
    service.listProgrammes(deps, actor, query),
  );
  defineRoute(app, api.create, { summary: '新建行动（市局联络员）', tags: ['programmes'] }, async ({ body, ctx }) => service.createProgramme(deps, ctx, body));
  defineRoute(app, api.get, { summary: '行动详情（事项与按权重汇总的进度）', tags: ['programmes'] }, async ({ params, actor }) => service.getProgramme(deps, actor, params.id));
  defineRoute(app, api.ofItem, { summary: '事项所属行动', tags: ['programmes'] }, async ({ params, actor }) => service.programmeOfItem(deps, actor, params.id));
  defineRoute(app, api.assignItem, { summary: '把事项归入行动（programmeId 为 null 时移出）', tags: ['programmes'] }, async ({ params, body, ctx }) =>
    service.assignItem(deps, ctx, params.id, body),
  );
}
