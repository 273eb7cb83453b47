import type { FastifyInstance } from 'fastify';
import { assessmentEndpoints as api } from '../../../domain/assessment.endpoints.js';
import { zAssessmentQuery } from '../../../domain/assessment.js';
import type { Deps } from '../../platform/deps.js';
import { contentDisposition } from '../../platform/attachments.js';
import { defineRoute } from '../../platform/http.js';
import { onFirstUse } from '../../platform/on-first-use.js';
import * as service from './assessment.service.js';

const workbook = onFirstUse(() => import('./assessment.export.js'));

export function registerAssessmentRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    api.ranking,
    { summary: '考评：本人范围内牵头单位按周期（季度、半年、年度）的得分、排名与计算式', tags: ['assessment'], anyOf: ['consultation.read'] },
    async ({ query, actor }) => service.ranking(deps, actor, query),
  );
  defineRoute(app, api.setWeights, { summary: '设置考评权重（市局联络员；带版本号，留审计）', tags: ['assessment'], anyOf: ['supervision.configure'] }, async ({ body, ctx }) =>
    service.setWeights(deps, ctx, body),
  );
  defineRoute(
    app,
    { method: 'GET', url: '/assessment/export.xlsx', summary: '导出考评排名（Excel，含计算式）', tags: ['assessment'], query: zAssessmentQuery, anyOf: ['consultation.read'] },
    async ({ query, actor, reply }) => {
      const assessment = await service.ranking(deps, actor, query);
      const buffer = await (await workbook()).exportAssessment(assessment, deps.clock.now());
      void reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition(`考评排名-${assessment.period.code}.xlsx`, false))
        .header('cache-control', 'no-store');
      return buffer;
    },
  );
}
