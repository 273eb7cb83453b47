import { zBoard, zBoardCurrentReportsQuery, zBoardItem, zBoardItemsQuery, zBoardReport, zRecentReport, zRecentReportsQuery } from './board.js';
import { listResponse, zIdParams } from './common.js';
import { defineEndpoint } from './contract.js';

export const boardEndpoints = {
  ofConsultation: defineEndpoint({ method: 'GET', path: '/consultations/:id/board', params: zIdParams, response: zBoard }),
  /** Across every live consultation in the caller's scope. */
  ofScope: defineEndpoint({ method: 'GET', path: '/board', response: zBoard }),
  items: defineEndpoint({ method: 'GET', path: '/board/items', query: zBoardItemsQuery, response: listResponse(zBoardItem) }),
  currentReports: defineEndpoint({ method: 'GET', path: '/board/current-reports', query: zBoardCurrentReportsQuery, response: listResponse(zBoardReport) }),
  recentReports: defineEndpoint({
    method: 'GET',
    path: '/consultations/:id/recent-reports',
    params: zIdParams,
    query: zRecentReportsQuery,
    response: listResponse(zRecentReport),
  }),
};
