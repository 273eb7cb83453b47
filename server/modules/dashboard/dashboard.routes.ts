import type { FastifyInstance } from 'fastify';
import { dashboardEndpoints as api } from '../../../domain/dashboard.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { dashboard, dashboardItems } from './dashboard.service.js';

export function registerDashboardRoutes(app: FastifyInstance, deps: Deps): void {
  const doc = { tags: ['dashboard'], anyOf: ['consultation.read'] as const };
  defineRoute(app, api.summary, { summary: '数据看板：分类×亮灯、领域、牵头单位完成率与按时报送率、季度办结趋势、逾期、县区排名', ...doc }, async ({ query, actor }) =>
    dashboard(deps, actor, query),
  );
  defineRoute(app, api.items, { summary: '数据看板某一数字背后的事项（含总数）', ...doc }, async ({ query, actor }) => dashboardItems(deps, actor, query));
}
