import { zAttachment } from './attachments.js';
import { listResponse, zIdParams } from './common.js';
import { defineEndpoint } from './contract.js';
import { zItemSourceNeed, zNeed, zNeedConvert, zNeedCreate, zNeedListQuery, zNeedTriage } from './needs.js';

export const needEndpoints = {
  ofConsultation: defineEndpoint({ method: 'GET', path: '/consultations/:id/needs', params: zIdParams, query: zNeedListQuery, response: listResponse(zNeed) }),
  create: defineEndpoint({ method: 'POST', path: '/consultations/:id/needs', params: zIdParams, body: zNeedCreate, response: zNeed, status: 201 }),
  get: defineEndpoint({ method: 'GET', path: '/needs/:id', params: zIdParams, response: zNeed }),
  /** The need an item was converted from (`need` is null when it was entered directly). */
  ofItem: defineEndpoint({ method: 'GET', path: '/items/:id/need', params: zIdParams, response: zItemSourceNeed }),
  triage: defineEndpoint({ method: 'POST', path: '/needs/:id/triage', params: zIdParams, body: zNeedTriage, response: zNeed }),
  convert: defineEndpoint({ method: 'POST', path: '/needs/:id/convert', params: zIdParams, body: zNeedConvert, response: zNeed }),
  uploadAttachment: defineEndpoint({ method: 'POST', path: '/needs/:id/attachments', params: zIdParams, multipart: true, response: zAttachment, status: 201 }),
};
