import type { FastifyInstance } from 'fastify';
import { projectEndpoints as api } from '../../../domain/projects.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './projects.service.js';

export function registerProjectRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.list, { summary: '创新项目（可按会商、状态、名称筛选）', tags: ['projects'] }, async ({ query, actor }) => service.listProjects(deps, actor, query));
  defineRoute(app, api.create, { summary: '新建创新项目（市局联络员）', tags: ['projects'] }, async ({ body, ctx }) => service.createProject(deps, ctx, body));
  defineRoute(app, api.get, { summary: '项目详情（含关联事项）', tags: ['projects'] }, async ({ params, actor }) => service.getProject(deps, actor, params.id));
  defineRoute(app, api.update, { summary: '修改项目（须带 version；过期版本返回 409）', tags: ['projects'] }, async ({ params, body, ctx }) =>
    service.updateProject(deps, ctx, params.id, body),
  );
  defineRoute(app, api.setItems, { summary: '设置项目关联的事项（须带 version）', tags: ['projects'] }, async ({ params, body, ctx }) =>
    service.setProjectItems(deps, ctx, params.id, body),
  );
}
