import type { FastifyInstance } from 'fastify';
import { negotiationEndpoints as api } from '../../../domain/negotiation.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './negotiation.service.js';

export function registerNegotiationRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.setAgreement, { summary: '本方确认（或不同意）事项；本方由调用者所在单位决定', tags: ['negotiation'] }, async ({ params, body, ctx }) =>
    service.markAgreement(deps, ctx, params.id, body),
  );
  defineRoute(app, api.versions, { summary: '清单版本', tags: ['negotiation'] }, async ({ params, actor }) => ({
    data: await service.listVersions(deps, actor, params.id),
    nextCursor: null,
  }));
  defineRoute(app, api.saveVersion, { summary: '保存清单版本', tags: ['negotiation'] }, async ({ params, body, ctx }) => service.saveVersion(deps, ctx, params.id, body.label));
  defineRoute(app, api.compare, { summary: '比较两个版本，或一个版本与当前清单（to=current）', tags: ['negotiation'] }, async ({ params, query, actor }) =>
    service.compareVersions(deps, actor, params.id, query.from, query.to),
  );
  defineRoute(app, api.adoption, { summary: '议定进度：双方确认情况', tags: ['negotiation'] }, async ({ params, actor }) => service.getAdoption(deps, actor, params.id));
  defineRoute(app, api.confirmAdoption, { summary: '本方确认议定清单；双方都确认后清单冻结为议定版本', tags: ['negotiation'] }, async ({ params, ctx }) =>
    service.confirmAdoption(deps, ctx, params.id),
  );
}
