import type { FastifyInstance } from 'fastify';
import { boardEndpoints as api } from '../../../domain/board.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './board.service.js';

export function registerBoardRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    api.ofConsultation,
    { summary: '督办看板（一次会商）：亮灯×类别、牵头单位按时报送率、逾期事项、本期报送、未结督办单', tags: ['board'], kept: true },
    async ({ params, actor }) => service.consultationBoard(deps, actor, params.id),
  );
  defineRoute(app, api.ofScope, { summary: '督办看板（本人范围内所有落实中的会商）', tags: ['board'], kept: true }, async ({ actor }) => service.scopeBoard(deps, actor));
  defineRoute(app, api.items, { summary: '看板数字背后的事项（按会商、亮灯、类别、牵头单位、逾期筛选）', tags: ['board'], kept: true }, async ({ query, actor }) =>
    service.boardItems(deps, actor, query),
  );
  defineRoute(app, api.currentReports, { summary: '督办看板本期进展报告的后续页（按截止日期、事项排序）', tags: ['board'] }, async ({ query, actor }) =>
    service.currentReports(deps, actor, query),
  );
  defineRoute(app, api.recentReports, { summary: '一次会商最近报送的进展报告（按报送时间倒序）', tags: ['board'] }, async ({ params, query, actor }) =>
    service.recentReports(deps, actor, params.id, query),
  );
}
