import { defineEndpoint } from './contract.js';
import { zMyTasks, zMyTasksQuery } from './tasks.js';

export const taskEndpoints = {
  mine: defineEndpoint({ method: 'GET', path: '/me/tasks', query: zMyTasksQuery, response: zMyTasks }),
};
