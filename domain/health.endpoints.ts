import { z } from 'zod';
import { defineEndpoint } from './contract.js';

export const zHealth = z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']) });

export const healthEndpoints = {
  /** For load balancers and monitoring: answers without a session. */
  health: defineEndpoint({ method: 'GET', path: '/health', response: zHealth }),
};
