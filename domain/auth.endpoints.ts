import { z } from 'zod';
import { zIdParams, zOkResponse } from './common.js';
import { defineEndpoint } from './contract.js';
import { zCreatedToken, zLogin, zLoginResponse, zMeResponse, zPasswordChange, zToken, zTokenCreate } from './users.js';

export const authEndpoints = {
  login: defineEndpoint({ method: 'POST', path: '/auth/login', body: zLogin, response: zLoginResponse }),
  logout: defineEndpoint({ method: 'POST', path: '/auth/logout', response: zOkResponse }),
  me: defineEndpoint({ method: 'GET', path: '/me', response: zMeResponse }),
  changePassword: defineEndpoint({ method: 'POST', path: '/me/password', body: zPasswordChange, response: zOkResponse }),
  tokens: defineEndpoint({ method: 'GET', path: '/me/tokens', response: z.object({ data: z.array(zToken) }) }),
  createToken: defineEndpoint({ method: 'POST', path: '/me/tokens', body: zTokenCreate, response: zCreatedToken, status: 201 }),
  revokeToken: defineEndpoint({ method: 'DELETE', path: '/me/tokens/:id', params: zIdParams, response: zOkResponse }),
};
