import {
  zAddChangeRequestCreate,
  zBulkExtensionRequest,
  zBulkExtensionResult,
  zChangeRequest,
  zChangeRequestDecision,
  zChangeRequestList,
  zChangeRequestListQuery,
  zItemChangeRequestCreate,
} from './change-requests.js';
import { zIdParams } from './common.js';
import { zHistoryList } from './item-history.js';
import { defineEndpoint } from './contract.js';

/** Changes to an adopted list: filed on the item they change, or on the consultation for a new item; decided by the other side. */
export const changeRequestEndpoints = {
  ofItem: defineEndpoint({ method: 'GET', path: '/items/:id/change-requests', params: zIdParams, response: zChangeRequestList }),
  fileForItem: defineEndpoint({ method: 'POST', path: '/items/:id/change-requests', params: zIdParams, body: zItemChangeRequestCreate, response: zChangeRequest, status: 201 }),
  ofConsultation: defineEndpoint({ method: 'GET', path: '/consultations/:id/change-requests', params: zIdParams, query: zChangeRequestListQuery, response: zChangeRequestList }),
  fileAdd: defineEndpoint({ method: 'POST', path: '/consultations/:id/change-requests', params: zIdParams, body: zAddChangeRequestCreate, response: zChangeRequest, status: 201 }),
  decide: defineEndpoint({ method: 'POST', path: '/change-requests/:id/decision', params: zIdParams, body: zChangeRequestDecision, response: zChangeRequest }),
  withdraw: defineEndpoint({ method: 'POST', path: '/change-requests/:id/withdraw', params: zIdParams, response: zChangeRequest }),
  fileExtensions: defineEndpoint({ method: 'POST', path: '/change-requests/extensions', body: zBulkExtensionRequest, response: zBulkExtensionResult }),
  history: defineEndpoint({ method: 'GET', path: '/items/:id/history', params: zIdParams, response: zHistoryList }),
};
