import { listResponse, zIdParams } from './common.js';
import { defineEndpoint } from './contract.js';
import { zItemNotices, zNotice, zNoticeCreate, zNoticeListQuery, zNoticeResponse, zNoticeSignature, zNoticeUpdate } from './notices.js';

/** Supervision notices (督办单); an item's completion requests are the completion module's, in completion.endpoints.ts. */
export const noticeEndpoints = {
  ofItem: defineEndpoint({ method: 'GET', path: '/items/:id/supervision-notices', params: zIdParams, response: zItemNotices }),
  draft: defineEndpoint({ method: 'POST', path: '/items/:id/supervision-notices', params: zIdParams, body: zNoticeCreate, response: zNotice, status: 201 }),
  list: defineEndpoint({ method: 'GET', path: '/supervision-notices', query: zNoticeListQuery, response: listResponse(zNotice) }),
  get: defineEndpoint({ method: 'GET', path: '/supervision-notices/:id', params: zIdParams, response: zNotice }),
  update: defineEndpoint({ method: 'PATCH', path: '/supervision-notices/:id', params: zIdParams, body: zNoticeUpdate, response: zNotice }),
  sign: defineEndpoint({ method: 'POST', path: '/supervision-notices/:id/signature', params: zIdParams, body: zNoticeSignature, response: zNotice }),
  respond: defineEndpoint({ method: 'POST', path: '/supervision-notices/:id/response', params: zIdParams, body: zNoticeResponse, response: zNotice }),
};
