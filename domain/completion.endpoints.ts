import { listResponse, zIdParams } from './common.js';
import { defineEndpoint } from './contract.js';
import { zCompletionRequest, zCompletionReview } from './notices.js';

/** An item's completion requests (办结申请); the schemas are with the notices', the module is its own. */
export const completionEndpoints = {
  ofItem: defineEndpoint({ method: 'GET', path: '/items/:id/completion', params: zIdParams, response: listResponse(zCompletionRequest) }),
  /**
   * A `summary` field and one or more evidence files. The handler also reads a JSON `{ summary }`,
   * only to turn it away with EVIDENCE_REQUIRED, so the contract offers the multipart form alone.
   */
  request: defineEndpoint({ method: 'POST', path: '/items/:id/completion', params: zIdParams, multipart: true, response: zCompletionRequest, status: 201 }),
  review: defineEndpoint({ method: 'POST', path: '/items/:id/completion/review', params: zIdParams, body: zCompletionReview, response: zCompletionRequest }),
};
