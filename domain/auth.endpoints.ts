import { z } from 'zod';
import { zIdParams, zOkResponse } from './common.js';
import { defineEndpoint } from './contract.js';
import { zRecoveryCodes, zTwoFactorCode, zTwoFactorConfirm, zTwoFactorSetup, zTwoFactorStatus } from './two-factor.js';
import { zCreatedToken, zLogin, zLoginResponse, zMeResponse, zPasswordChange, zToken, zTokenCreate } from './users.js';

export const authEndpoints = {
  login: defineEndpoint({ method: 'POST', path: '/auth/login', body: zLogin, response: zLoginResponse }),
  logout: defineEndpoint({ method: 'POST', path: '/auth/logout', response: zOkResponse }),
  me: defineEndpoint({ method: 'GET', path: '/me', response: zMeResponse }),
  changePassword: defineEndpoint({ method: 'POST', path: '/me/password', body: zPasswordChange, response: zOkResponse }),
  tokens: defineEndpoint({ method: 'GET', path: '/me/tokens', response: z.object({ data: z.array(zToken) }) }),
  createToken: defineEndpoint({ method: 'POST', path: '/me/tokens', body: zTokenCreate, response: zCreatedToken, status: 201 }),
  revokeToken: defineEndpoint({ method: 'DELETE', path: '/me/tokens/:id', params: zIdParams, response: zOkResponse }),
  twoFactor: defineEndpoint({ method: 'GET', path: '/me/two-factor', response: zTwoFactorStatus }),
  twoFactorSetup: defineEndpoint({ method: 'POST', path: '/me/two-factor/setup', response: zTwoFactorSetup }),
  twoFactorEnable: defineEndpoint({ method: 'POST', path: '/me/two-factor/enable', body: zTwoFactorConfirm, response: zRecoveryCodes }),
  twoFactorDisable: defineEndpoint({ method: 'POST', path: '/me/two-factor/disable', body: zTwoFactorCode, response: zOkResponse }),
  recoveryCodes: defineEndpoint({ method: 'POST', path: '/me/two-factor/recovery-codes', body: zTwoFactorCode, response: zRecoveryCodes }),
};
