import { zDashboard, zDashboardItems, zDashboardItemsQuery, zDashboardQuery } from './dashboard.js';
import { defineEndpoint } from './contract.js';

export const dashboardEndpoints = {
  /** Every figure of the 数据看板 for the caller's scope, narrowed by consultation or year. */
  summary: defineEndpoint({ method: 'GET', path: '/dashboard', query: zDashboardQuery, response: zDashboard }),
  /** The items behind one figure, with their total. */
  items: defineEndpoint({ method: 'GET', path: '/dashboard/items', query: zDashboardItemsQuery, response: zDashboardItems }),
};
