import { listResponse, zIdParams, zOkResponse } from './common.js';
import { defineEndpoint } from './contract.js';
import { zPasswordReset, zUser, zUserCreate, zUserListQuery, zUserRoles, zUserUpdate } from './users.js';

export const userEndpoints = {
  list: defineEndpoint({ method: 'GET', path: '/users', query: zUserListQuery, response: listResponse(zUser) }),
  get: defineEndpoint({ method: 'GET', path: '/users/:id', params: zIdParams, response: zUser }),
  create: defineEndpoint({ method: 'POST', path: '/users', body: zUserCreate, response: zUser, status: 201 }),
  update: defineEndpoint({ method: 'PATCH', path: '/users/:id', params: zIdParams, body: zUserUpdate, response: zUser }),
  setRoles: defineEndpoint({ method: 'PUT', path: '/users/:id/roles', params: zIdParams, body: zUserRoles, response: zUser }),
  resetPassword: defineEndpoint({ method: 'POST', path: '/users/:id/password', params: zIdParams, body: zPasswordReset, response: zOkResponse }),
  resetTwoFactor: defineEndpoint({ method: 'POST', path: '/users/:id/two-factor/reset', params: zIdParams, response: zUser }),
  unlock: defineEndpoint({ method: 'POST', path: '/users/:id/unlock', params: zIdParams, response: zUser }),
};
