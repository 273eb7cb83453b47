import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { zIdParams } from '../../../domain/common.js';
import { zItemProgramme, zProgramme, zProgrammeAssign, zProgrammeCreate, zProgrammeListQuery } from '../../../domain/programmes.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './programmes.service.js';

export function registerProgrammeRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/programmes',
      summary: '行动（含事项与汇总进度；可按年度、会商筛选）',
      tags: ['programmes'],
      query: zProgrammeListQuery,
      response: z.object({ data: z.array(zProgramme) }),
    },
    async ({ query, actor }) => service.listProgrammes(deps, actor, query),
  );
  defineRoute(
    app,
    { method: 'POST', url: '/programmes', summary: '新建行动（市局联络员）', tags: ['programmes'], body: zProgrammeCreate, response: zProgramme, status: 201 },
    async ({ body, ctx }) => service.createProgramme(deps, ctx, body),
  );
  defineRoute(
    app,
    { method: 'GET', url: '/programmes/:id', summary: '行动详情（事项与按权重汇总的进度）', tags: ['programmes'], params: zIdParams, response: zProgramme },
    async ({ params, actor }) => service.getProgramme(deps, actor, params.id),
  );
  defineRoute(
    app,
    { method: 'GET', url: '/items/:id/programme', summary: '事项所属行动', tags: ['programmes'], params: zIdParams, response: zItemProgramme },
    async ({ params, actor }) => service.programmeOfItem(deps, actor, params.id),
  );
  defineRoute(
    app,
    { method: 'PUT', url: '/items/:id/programme', summary: '把事项归入行动（programmeId 为 null 时移出）', tags: ['programmes'], params: zIdParams, body: zProgrammeAssign, response: zItemProgramme },
    async ({ params, body, ctx }) => service.assignItem(deps, ctx, params.id, body),
  );
}
