import type { FastifyInstance } from 'fastify';
import { consultationEndpoints as api } from '../../../domain/consultations.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './consultations.service.js';

export function registerConsultationRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.list, { summary: '可见范围内的会商', tags: ['consultations'] }, async ({ query, actor }) => service.listConsultations(deps, actor, query));
  defineRoute(app, api.create, { summary: '发起会商（市局联络员）', tags: ['consultations'] }, async ({ body, ctx }) => service.createConsultation(deps, ctx, body));
  defineRoute(app, api.get, { summary: '会商概况（含按类别、状态、领域的事项数）', tags: ['consultations'] }, async ({ params, actor }) =>
    service.getConsultation(deps, actor, params.id),
  );
  defineRoute(app, api.update, { summary: '修改会商（须带 version）', tags: ['consultations'] }, async ({ params, body, ctx }) =>
    service.updateConsultation(deps, ctx, params.id, body),
  );
}
