import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { zId, zIdParams } from '../../../domain/common.js';
import { zItem } from '../../../domain/items.js';
import { zAdoptionState, zAgreementInput, zCompareQuery, zComparison, zVersion, zVersionCreate } from '../../../domain/negotiation.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './negotiation.service.js';

const zConsultationParams = z.strictObject({ id: zId });

export function registerNegotiationRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    { method: 'PUT', url: '/items/:id/agreement', summary: '本方确认（或不同意）事项；本方由调用者所在单位决定', tags: ['negotiation'], params: zIdParams, body: zAgreementInput, response: zItem },
    async ({ params, body, ctx }) => service.markAgreement(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    { method: 'GET', url: '/consultations/:id/versions', summary: '清单版本', tags: ['negotiation'], params: zConsultationParams, response: z.object({ data: z.array(zVersion), nextCursor: z.null() }) },
    async ({ params, actor }) => ({ data: await service.listVersions(deps, actor, params.id), nextCursor: null }),
  );
  defineRoute(
    app,
    { method: 'POST', url: '/consultations/:id/versions', summary: '保存清单版本', tags: ['negotiation'], params: zConsultationParams, body: zVersionCreate, response: zVersion, status: 201 },
    async ({ params, body, ctx }) => service.saveVersion(deps, ctx, params.id, body.label),
  );
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/consultations/:id/versions/compare',
      summary: '比较两个版本，或一个版本与当前清单（to=current）',
      tags: ['negotiation'],
      params: zConsultationParams,
      query: zCompareQuery,
      response: zComparison,
    },
    async ({ params, query, actor }) => service.compareVersions(deps, actor, params.id, query.from, query.to),
  );
  defineRoute(
    app,
    { method: 'GET', url: '/consultations/:id/adoption', summary: '议定进度：双方确认情况', tags: ['negotiation'], params: zConsultationParams, response: zAdoptionState },
    async ({ params, actor }) => service.getAdoption(deps, actor, params.id),
  );
  defineRoute(
    app,
    { method: 'POST', url: '/consultations/:id/adoption', summary: '本方确认议定清单；双方都确认后清单冻结为议定版本', tags: ['negotiation'], params: zConsultationParams, response: zAdoptionState },
    async ({ params, ctx }) => service.confirmAdoption(deps, ctx, params.id),
  );
}
