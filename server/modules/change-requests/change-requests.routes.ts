import type { FastifyInstance } from 'fastify';
import { changeRequestEndpoints as api } from '../../../domain/change-requests.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './change-requests.service.js';
import { itemHistory } from './item-history.service.js';

export function registerChangeRequestRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.ofItem, { summary: '事项的调整申请（新的在前）', tags: ['change-requests'] }, async ({ params, actor }) => service.listForItem(deps, actor, params.id));
  defineRoute(
    app,
    api.fileForItem,
    { summary: '对议定事项提出调整申请：修改议定内容（modify）、延期（extend，须在现有时限前提出）或取消（cancel）', tags: ['change-requests'] },
    async ({ params, body, ctx }) => service.fileForItem(deps, ctx, params.id, body),
  );
  defineRoute(app, api.ofConsultation, { summary: '会商的全部调整申请（新的在前）', tags: ['change-requests'] }, async ({ params, query, actor }) =>
    service.listForConsultation(deps, actor, params.id, query),
  );
  defineRoute(app, api.fileAdd, { summary: '申请在议定清单中新增事项（kind 为 add）', tags: ['change-requests'] }, async ({ params, body, ctx }) =>
    service.fileAdd(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    api.fileExtensions,
    { summary: '为多个议定事项一并申请延期：逐项提出延期申请（由对方逐项审批），一个事务，答复已提出与未提出及原因', tags: ['change-requests'] },
    async ({ body, ctx }) => service.fileExtensions(deps, ctx, body),
  );
  defineRoute(app, api.decide, { summary: '对方联络员审批调整申请；同意即在同一事务中改动事项', tags: ['change-requests'] }, async ({ params, body, ctx }) =>
    service.decide(deps, ctx, params.id, body),
  );
  defineRoute(app, api.withdraw, { summary: '提出人撤回尚未审批的调整申请', tags: ['change-requests'] }, async ({ params, ctx }) => service.withdraw(deps, ctx, params.id));
  defineRoute(
    app,
    api.history,
    { summary: '事项历史记录：事项本身、调整申请、进展报告及审核、催办、督办单与办结，新的在前', tags: ['change-requests'] },
    async ({ params, actor }) => itemHistory(deps, actor, params.id),
  );
}
