import type { FastifyInstance } from 'fastify';
import { searchEndpoints as api } from '../../../domain/search.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './search.service.js';

export function registerSearchRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    api.search,
    { summary: '全文检索：事项、需求、评论、进展报告、会议纪要、督办单、通知公告、项目（繁体按简体查；按类型、会商、年度筛选；只在本人可见范围内）', tags: ['search'] },
    async ({ query, actor }) => service.search(deps, actor, query),
  );
}
