import { z } from 'zod';
import { listResponse } from './common.js';
import { defineEndpoint } from './contract.js';
import { zJob, zJobParams, zJobRun, zJobRunsQuery } from './jobs.js';

export const jobEndpoints = {
  list: defineEndpoint({ method: 'GET', path: '/jobs', response: z.object({ data: z.array(zJob), nextCursor: z.null() }) }),
  runs: defineEndpoint({ method: 'GET', path: '/jobs/runs', query: zJobRunsQuery, response: listResponse(zJobRun) }),
  /** 执行一次: runs now in this instance, paused or not, and answers with the run's record. */
  run: defineEndpoint({ method: 'POST', path: '/jobs/:name/run', params: zJobParams, response: zJobRun }),
  pause: defineEndpoint({ method: 'POST', path: '/jobs/:name/pause', params: zJobParams, response: zJob }),
  resume: defineEndpoint({ method: 'POST', path: '/jobs/:name/resume', params: zJobParams, response: zJob }),
};
