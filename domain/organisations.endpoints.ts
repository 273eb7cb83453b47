import { z } from 'zod';
import { zIdParams, zOkResponse } from './common.js';
import { defineEndpoint } from './contract.js';
import { zListedOrg, zOrg, zOrgCreate, zOrgUpdate } from './organisations.js';

export const organisationEndpoints = {
  /** The whole tree in one answer: nextCursor is always null. */
  list: defineEndpoint({ method: 'GET', path: '/organisations', response: z.object({ data: z.array(zListedOrg), nextCursor: z.null() }) }),
  create: defineEndpoint({ method: 'POST', path: '/organisations', body: zOrgCreate, response: zOrg, status: 201 }),
  update: defineEndpoint({ method: 'PATCH', path: '/organisations/:id', params: zIdParams, body: zOrgUpdate, response: zOrg }),
  remove: defineEndpoint({ method: 'DELETE', path: '/organisations/:id', params: zIdParams, response: zOkResponse }),
};
