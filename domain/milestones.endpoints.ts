import { zIdParams, zOkResponse } from './common.js';
import { defineEndpoint } from './contract.js';
import { zItemMilestones, zMilestone, zMilestoneCreate, zMilestoneDeleteQuery, zMilestoneUpdate } from './milestones.js';

export const milestoneEndpoints = {
  ofItem: defineEndpoint({ method: 'GET', path: '/items/:id/milestones', params: zIdParams, response: zItemMilestones }),
  create: defineEndpoint({ method: 'POST', path: '/items/:id/milestones', params: zIdParams, body: zMilestoneCreate, response: zMilestone, status: 201 }),
  update: defineEndpoint({ method: 'PATCH', path: '/milestones/:id', params: zIdParams, body: zMilestoneUpdate, response: zMilestone }),
  remove: defineEndpoint({ method: 'DELETE', path: '/milestones/:id', params: zIdParams, query: zMilestoneDeleteQuery, response: zOkResponse }),
};
