import type { FastifyInstance } from 'fastify';
import { listResponse, zIdParams } from '../../../domain/common.js';
import { zProject, zProjectCreate, zProjectItemsPut, zProjectListQuery, zProjectPatch } from '../../../domain/projects.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './projects.service.js';

export function registerProjectRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    { method: 'GET', url: '/projects', summary: '创新项目（可按会商、状态、名称筛选）', tags: ['projects'], query: zProjectListQuery, response: listResponse(zProject) },
    async ({ query, actor }) => service.listProjects(deps, actor, query),
  );
  defineRoute(
    app,
    { method: 'POST', url: '/projects', summary: '新建创新项目（市局联络员）', tags: ['projects'], body: zProjectCreate, response: zProject, status: 201 },
    async ({ body, ctx }) => service.createProject(deps, ctx, body),
  );
  defineRoute(
    app,
    { method: 'GET', url: '/projects/:id', summary: '项目详情（含关联事项）', tags: ['projects'], params: zIdParams, response: zProject },
    async ({ params, actor }) => service.getProject(deps, actor, params.id),
  );
  defineRoute(
    app,
    { method: 'PATCH', url: '/projects/:id', summary: '修改项目（须带 version；过期版本返回 409）', tags: ['projects'], params: zIdParams, body: zProjectPatch, response: zProject },
    async ({ params, body, ctx }) => service.updateProject(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    { method: 'PUT', url: '/projects/:id/items', summary: '设置项目关联的事项（须带 version）', tags: ['projects'], params: zIdParams, body: zProjectItemsPut, response: zProject },
    async ({ params, body, ctx }) => service.setProjectItems(deps, ctx, params.id, body),
  );
}
