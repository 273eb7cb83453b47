import { z } from 'zod';
import { listResponse, zIdParams, zOkResponse } from './common.js';
import { defineEndpoint } from './contract.js';
import { zItemBulkRequest, zItemBulkResult } from './items-bulk.js';
import { zItem, zItemCreate, zItemDeleteQuery, zItemListQuery, zItemPatch } from './items.js';
import { zItemDetail } from './linked-items.js';
import { zReport } from './reports.js';

/** `include=reports`: the item with its progress reports, newest period first, in one request. */
export const zItemGetQuery = z.strictObject({ include: z.enum(['reports']).optional() });
export const zItemWithReports = zItemDetail.extend({ reports: z.array(zReport).optional() });

/** A consultation's list items; `:id` is the consultation's on `/consultations/…` paths and the item's on `/items/…`. */
/** How many items one batch may add: more than any consultation's list. */
export const ITEM_BATCH_MAX = 200;

export const itemEndpoints = {
  ofConsultation: defineEndpoint({ method: 'GET', path: '/consultations/:id/items', params: zIdParams, query: zItemListQuery, response: listResponse(zItem) }),
  create: defineEndpoint({ method: 'POST', path: '/consultations/:id/items', params: zIdParams, body: zItemCreate, response: zItem, status: 201 }),
  /** Several new items in one transaction (a list drafted from pasted text): all or none. */
  createMany: defineEndpoint({
    method: 'POST',
    path: '/consultations/:id/items/batch',
    params: zIdParams,
    body: z.strictObject({ items: z.array(zItemCreate).min(1).max(ITEM_BATCH_MAX) }),
    response: z.object({ data: z.array(zItem) }),
    status: 201,
  }),
  /** Also sends the version as an ETag, for a later If-Match; `include=reports` adds the report history. */
  get: defineEndpoint({ method: 'GET', path: '/items/:id', params: zIdParams, query: zItemGetQuery, response: zItemWithReports }),
  /** The version goes in the body or as If-Match; a stale one gets 409. */
  update: defineEndpoint({ method: 'PATCH', path: '/items/:id', params: zIdParams, body: zItemPatch, response: zItem }),
  /** Changes one field of many items in one transaction; answers which changed and which were refused, per item. */
  bulk: defineEndpoint({ method: 'POST', path: '/items/bulk', body: zItemBulkRequest, response: zItemBulkResult }),
  remove: defineEndpoint({ method: 'DELETE', path: '/items/:id', params: zIdParams, query: zItemDeleteQuery, response: zOkResponse }),
};
