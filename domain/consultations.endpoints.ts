import { listResponse, zIdParams } from './common.js';
import { defineEndpoint } from './contract.js';
import { zConsultationCreate, zConsultationDetail, zConsultationListQuery, zConsultationUpdate } from './consultations.js';

export const consultationEndpoints = {
  list: defineEndpoint({ method: 'GET', path: '/consultations', query: zConsultationListQuery, response: listResponse(zConsultationDetail) }),
  create: defineEndpoint({ method: 'POST', path: '/consultations', body: zConsultationCreate, response: zConsultationDetail, status: 201 }),
  get: defineEndpoint({ method: 'GET', path: '/consultations/:id', params: zIdParams, response: zConsultationDetail }),
  update: defineEndpoint({ method: 'PATCH', path: '/consultations/:id', params: zIdParams, body: zConsultationUpdate, response: zConsultationDetail }),
};
