import { zIdParams, zOkResponse } from './common.js';
import { defineEndpoint } from './contract.js';
import { zSavedFilter, zSavedFilterCreate, zSavedFilterPatch, zSavedFilterQuery } from './saved-filters.js';
import { z } from 'zod';

/** Named filter sets of the 清单 and the board: the caller's own and those shared in the caller's organisation. */
export const savedFilterEndpoints = {
  list: defineEndpoint({ method: 'GET', path: '/saved-filters', query: zSavedFilterQuery, response: z.object({ data: z.array(zSavedFilter) }) }),
  create: defineEndpoint({ method: 'POST', path: '/saved-filters', body: zSavedFilterCreate, response: zSavedFilter, status: 201 }),
  /** Rename or share/unshare; only the owner. */
  update: defineEndpoint({ method: 'PATCH', path: '/saved-filters/:id', params: zIdParams, body: zSavedFilterPatch, response: zSavedFilter }),
  remove: defineEndpoint({ method: 'DELETE', path: '/saved-filters/:id', params: zIdParams, response: zOkResponse }),
};
