import { z } from 'zod';
import { listResponse, zIdParams, zOkResponse } from './common.js';
import { defineEndpoint } from './contract.js';
import {
  zCatalogue,
  zComparison,
  zCounty,
  zHistoryQuery,
  zHistoryRow,
  zIndicator,
  zIndicatorCodeParams,
  zIndicatorCreate,
  zIndicatorUpdate,
  zReadiness,
  zReadinessQuery,
  zSettingsUpdate,
  zSheet,
  zSheetAction,
  zSheetQuery,
  zSheetReview,
  zSheetSave,
  zSubmission,
  zSubmissionsQuery,
  zTarget,
  zTargetInput,
  zValues,
  zValuesQuery,
  zYearQuery,
} from './indicators.js';

/** County innovation indicators: the catalogue, each county's yearly sheet and its review, and the analyses. */
export const indicatorEndpoints = {
  catalogue: defineEndpoint({ method: 'GET', path: '/indicators', response: zCatalogue }),
  create: defineEndpoint({ method: 'POST', path: '/indicators', body: zIndicatorCreate, response: zIndicator, status: 201 }),
  update: defineEndpoint({ method: 'PATCH', path: '/indicators/:code', params: zIndicatorCodeParams, body: zIndicatorUpdate, response: zIndicator }),
  settings: defineEndpoint({ method: 'PUT', path: '/indicator-settings', body: zSettingsUpdate, response: zCatalogue }),
  addTarget: defineEndpoint({ method: 'POST', path: '/indicator-targets', body: zTargetInput, response: zTarget, status: 201 }),
  removeTarget: defineEndpoint({ method: 'DELETE', path: '/indicator-targets/:id', params: zIdParams, response: zOkResponse }),
  counties: defineEndpoint({ method: 'GET', path: '/indicators/counties', response: z.object({ data: z.array(zCounty) }) }),
  values: defineEndpoint({ method: 'GET', path: '/indicators/values', query: zValuesQuery, response: zValues }),
  sheet: defineEndpoint({ method: 'GET', path: '/indicators/sheet', query: zSheetQuery, response: zSheet }),
  saveSheet: defineEndpoint({ method: 'PUT', path: '/indicators/sheet', body: zSheetSave, response: zSheet }),
  submitSheet: defineEndpoint({ method: 'POST', path: '/indicators/sheet/submit', body: zSheetAction, response: zSheet }),
  reviewSheet: defineEndpoint({ method: 'POST', path: '/indicators/sheet/review', body: zSheetReview, response: zSheet }),
  submissions: defineEndpoint({ method: 'GET', path: '/indicators/submissions', query: zSubmissionsQuery, response: listResponse(zSubmission) }),
  history: defineEndpoint({ method: 'GET', path: '/indicators/history', query: zHistoryQuery, response: z.object({ data: z.array(zHistoryRow) }) }),
  readiness: defineEndpoint({ method: 'GET', path: '/indicators/readiness', query: zReadinessQuery, response: zReadiness }),
  comparison: defineEndpoint({ method: 'GET', path: '/indicators/comparison', query: zYearQuery, response: zComparison }),
};
