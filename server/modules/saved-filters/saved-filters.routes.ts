import type { FastifyInstance } from 'fastify';
import { savedFilterEndpoints as api } from '../../../domain/saved-filters.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { createSavedFilter, deleteSavedFilter, listSavedFilters, updateSavedFilter } from './saved-filters.service.js';

const tags = ['saved-filters'];
const reader = { tags, anyOf: ['consultation.read'] as const };

/** 常用筛选 of the 清单 and the board: one's own, and those shared in one's organisation. */
export function registerSavedFilterRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.list, { summary: '常用筛选（本人的与本单位共享的；清单须带 consultationId）', ...reader }, async ({ actor, query }) => listSavedFilters(deps, actor, query));
  defineRoute(app, api.create, { summary: '保存当前筛选', ...reader }, async ({ ctx, body }) => createSavedFilter(deps, ctx, body));
  defineRoute(app, api.update, { summary: '重命名或共享/取消共享（仅本人）', ...reader }, async ({ ctx, params, body }) => updateSavedFilter(deps, ctx, params.id, body));
  defineRoute(app, api.remove, { summary: '删除常用筛选（仅本人）', ...reader }, async ({ ctx, params }) => deleteSavedFilter(deps, ctx, params.id));
}
