import { z } from 'zod';
import { zIdParams } from './common.js';
import { defineEndpoint } from './contract.js';
import { zItem } from './items.js';
import { zAdoptionState, zAgreementInput, zCompareQuery, zComparison, zVersion, zVersionCreate } from './negotiation.js';

/** Agreement marks, list versions and adoption; every `:id` but the agreement's is the consultation's. */
export const negotiationEndpoints = {
  setAgreement: defineEndpoint({ method: 'PUT', path: '/items/:id/agreement', params: zIdParams, body: zAgreementInput, response: zItem }),
  /** All of a consultation's versions in one answer: nextCursor is always null. */
  versions: defineEndpoint({ method: 'GET', path: '/consultations/:id/versions', params: zIdParams, response: z.object({ data: z.array(zVersion), nextCursor: z.null() }) }),
  saveVersion: defineEndpoint({ method: 'POST', path: '/consultations/:id/versions', params: zIdParams, body: zVersionCreate, response: zVersion, status: 201 }),
  compare: defineEndpoint({ method: 'GET', path: '/consultations/:id/versions/compare', params: zIdParams, query: zCompareQuery, response: zComparison }),
  adoption: defineEndpoint({ method: 'GET', path: '/consultations/:id/adoption', params: zIdParams, response: zAdoptionState }),
  confirmAdoption: defineEndpoint({ method: 'POST', path: '/consultations/:id/adoption', params: zIdParams, response: zAdoptionState }),
};
