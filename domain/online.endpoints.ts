import { z } from 'zod';
import { zOkResponse } from './common.js';
import { defineEndpoint } from './contract.js';
import { zOnlineQuery, zOnlineSession, zSessionParams } from './online.js';

export const onlineEndpoints = {
  /** Every live session in the administrator's subtree, most recently active first; nextCursor is always null. */
  list: defineEndpoint({ method: 'GET', path: '/online-sessions', query: zOnlineQuery, response: z.object({ data: z.array(zOnlineSession), nextCursor: z.null() }) }),
  terminate: defineEndpoint({ method: 'DELETE', path: '/online-sessions/:id', params: zSessionParams, response: zOkResponse }),
};
