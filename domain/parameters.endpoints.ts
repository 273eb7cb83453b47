import { z } from 'zod';
import { defineEndpoint } from './contract.js';
import { zParameter, zParameterParams, zParameterUpdate } from './parameters.js';

export const parameterEndpoints = {
  list: defineEndpoint({ method: 'GET', path: '/parameters', response: z.object({ data: z.array(zParameter), nextCursor: z.null() }) }),
  update: defineEndpoint({ method: 'PUT', path: '/parameters/:key', params: zParameterParams, body: zParameterUpdate, response: zParameter }),
};
