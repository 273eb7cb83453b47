import type { FastifyInstance } from 'fastify';
import { linkedItemEndpoints as api } from '../../../domain/linked-items.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './items.links.service.js';

/** 上下联动: breaking an item down into items of the consultations one level down. */
export function registerLinkedItemRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    api.createChild,
    { summary: '分解事项：在下一级会商中新增事项并关联为本事项的分解事项（同一事务）', tags: ['items'], anyOf: ['item.write'] },
    async ({ params, body, ctx }) => service.createChild(deps, ctx, params.id, body),
  );
  defineRoute(app, api.setParent, { summary: '关联或解除上级事项（须带事项 version；过期版本返回 409）', tags: ['items'], anyOf: ['item.write'] }, async ({ params, body, ctx }) =>
    service.setParent(deps, ctx, params.id, body),
  );
  defineRoute(app, api.breakdownTargets, { summary: '可分解到的下一级会商', tags: ['items'] }, async ({ params, actor }) => ({
    data: await service.breakdownTargets(deps, actor, params.id),
  }));
}
