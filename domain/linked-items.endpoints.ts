import { z } from 'zod';
import { zIdParams } from './common.js';
import { defineEndpoint } from './contract.js';
import { zItem } from './items.js';
import { zBreakdownTarget, zItemChildCreate, zItemParentSet } from './linked-items.js';

/** 上下联动; `:id` is the parent item's on `/children` and `/breakdown-targets`, the child's on `/parent`. */
export const linkedItemEndpoints = {
  /** Adds a new item to a consultation one level down as a child of this one (one transaction). */
  createChild: defineEndpoint({ method: 'POST', path: '/items/:id/children', params: zIdParams, body: zItemChildCreate, response: zItem, status: 201 }),
  /** Links the item to a parent one level up, or unlinks it (parentItemId null), at its version. */
  setParent: defineEndpoint({ method: 'PUT', path: '/items/:id/parent', params: zIdParams, body: zItemParentSet, response: zItem }),
  /** The consultations one level down in which the caller may break this item down. */
  breakdownTargets: defineEndpoint({ method: 'GET', path: '/items/:id/breakdown-targets', params: zIdParams, response: z.object({ data: z.array(zBreakdownTarget) }) }),
};
