import type { FastifyInstance, FastifyRequest } from 'fastify';
import { itemEndpoints as api } from '../../../domain/items.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { defineRoute } from '../../platform/http.js';
import * as links from './items.links.service.js';
import { registerLinkedItemRoutes } from './items.links.routes.js';
import * as service from './items.service.js';

/** If-Match carries the item version, as a bare number or an ETag ("3" or W/"3"). */
function ifMatchVersion(req: FastifyRequest): number | undefined {
  const raw = req.headers['if-match'];
  if (raw === undefined) return undefined;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(raw).trim());
  if (!m) throw new AppError('VALIDATION_FAILED', 'If-Match 头应为版本号', [{ field: 'headers.if-match', message: '应为版本号' }]);
  return Number(m[1]);
}

export function registerItemRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    api.ofConsultation,
    { summary: '会商清单事项（按类别、序号排列；可按类别、领域、状态、牵头单位、关键词、亮灯 light、已超期 overdue=true 筛选）', tags: ['items'], kept: true },
    async ({ params, query, actor }) => service.listItems(deps, actor, params.id, query),
  );
  defineRoute(app, api.create, { summary: '新增事项', tags: ['items'] }, async ({ params, body, ctx }) => service.createItem(deps, ctx, params.id, body));
  defineRoute(app, api.createMany, { summary: '一次新增多条事项（同一事务，全部写入或全部不写）', tags: ['items'] }, async ({ params, body, ctx }) => ({
    data: await service.createItems(deps, ctx, params.id, body.items),
  }));
  defineRoute(app, api.get, { summary: '事项详情（include=reports 时一并返回进展报告，按周期由近及远）', tags: ['items'] }, async ({ params, query, actor, reply }) => {
    // Whoever may read the item may read its reports (reports.service checks the same visibility): they
    // come in the item's own statement, which finds nothing outside its consultation's scope.
    const { item, reports } = await links.getItemPage(deps, actor, params.id, query.include === 'reports');
    void reply.header('etag', `"${item.version}"`);
    return reports ? { ...item, reports } : item;
  });
  defineRoute(app, api.update, { summary: '修改事项（须带 version 或 If-Match；过期版本返回 409）', tags: ['items'] }, async ({ params, body, ctx, req }) =>
    service.updateItem(deps, ctx, params.id, body, ifMatchVersion(req)),
  );
  defineRoute(
    app,
    api.bulk,
    { summary: '批量修改事项（牵头单位、完成时限、领域或状态之一；一个事务，逐项校验版本、逐项审计，答复已改与未改及原因）', tags: ['items'], anyOf: ['item.write'] },
    async ({ body, ctx }) => service.bulkUpdateItems(deps, ctx, body),
  );
  registerLinkedItemRoutes(app, deps);
  defineRoute(app, api.remove, { summary: '删除事项（仅清单议定前）', tags: ['items'] }, async ({ params, query, ctx, req }) => {
    await service.deleteItem(deps, ctx, params.id, query.version ?? ifMatchVersion(req));
    return { ok: true as const };
  });
}
