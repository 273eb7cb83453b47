import { zAttachment } from './attachments.js';
import { listResponse, zIdParams, zOkResponse } from './common.js';
import { defineEndpoint } from './contract.js';
import { zContributionInput, zItemReports, zReport, zReportCreate, zReportReview, zReportRevise, zReportSlot } from './reports.js';

/** Progress reports; `:id` is the item's on `/items/…` paths and the report's on `/reports/…`. */
export const reportEndpoints = {
  ofItem: defineEndpoint({ method: 'GET', path: '/items/:id/reports', params: zIdParams, response: zItemReports }),
  slots: defineEndpoint({ method: 'GET', path: '/items/:id/report-slots', params: zIdParams, response: listResponse(zReportSlot) }),
  submit: defineEndpoint({ method: 'POST', path: '/items/:id/reports', params: zIdParams, body: zReportCreate, response: zReport, status: 201 }),
  get: defineEndpoint({ method: 'GET', path: '/reports/:id', params: zIdParams, response: zReport }),
  revise: defineEndpoint({ method: 'PUT', path: '/reports/:id', params: zIdParams, body: zReportRevise, response: zReport }),
  review: defineEndpoint({ method: 'POST', path: '/reports/:id/review', params: zIdParams, body: zReportReview, response: zReport }),
  contribute: defineEndpoint({ method: 'POST', path: '/reports/:id/contributions', params: zIdParams, body: zContributionInput, response: zReport, status: 201 }),
  uploadEvidence: defineEndpoint({ method: 'POST', path: '/reports/:id/evidence', params: zIdParams, multipart: true, response: zAttachment, status: 201 }),
  /** A file for the report being written on the item (`:id`): kept for its uploader until the report is saved. */
  stageEvidence: defineEndpoint({ method: 'POST', path: '/items/:id/report-evidence', params: zIdParams, multipart: true, response: zAttachment, status: 201 }),
  /** Takes back a file staged for a report not yet saved (`:id` is the attachment's). */
  discardEvidence: defineEndpoint({ method: 'DELETE', path: '/report-evidence/:id', params: zIdParams, response: zOkResponse }),
};
