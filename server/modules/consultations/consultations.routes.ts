import type { FastifyInstance } from 'fastify';
import { listResponse, zIdParams } from '../../../domain/common.js';
import { zConsultationCreate, zConsultationDetail, zConsultationListQuery, zConsultationUpdate } from '../../../domain/consultations.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './consultations.service.js';

export function registerConsultationRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    { method: 'GET', url: '/consultations', summary: '可见范围内的会商', tags: ['consultations'], query: zConsultationListQuery, response: listResponse(zConsultationDetail) },
    async ({ query, actor }) => service.listConsultations(deps, actor, query),
  );
  defineRoute(
    app,
    { method: 'POST', url: '/consultations', summary: '发起会商（市局联络员）', tags: ['consultations'], body: zConsultationCreate, response: zConsultationDetail, status: 201 },
    async ({ body, ctx }) => service.createConsultation(deps, ctx, body),
  );
  defineRoute(
    app,
    { method: 'GET', url: '/consultations/:id', summary: '会商概况（含按类别、状态、领域的事项数）', tags: ['consultations'], params: zIdParams, response: zConsultationDetail },
    async ({ params, actor }) => service.getConsultation(deps, actor, params.id),
  );
  defineRoute(
    app,
    { method: 'PATCH', url: '/consultations/:id', summary: '修改会商（须带 version）', tags: ['consultations'], params: zIdParams, body: zConsultationUpdate, response: zConsultationDetail },
    async ({ params, body, ctx }) => service.updateConsultation(deps, ctx, params.id, body),
  );
}
