import { z } from 'zod';
import { defineEndpoint } from './contract.js';
import { zDictCreate, zDictEntryParams, zDictItem, zDictTypeParams, zDictUpdate } from './dictionaries.js';

export const dictionaryEndpoints = {
  /** A whole dictionary in one answer: nextCursor is always null. */
  list: defineEndpoint({ method: 'GET', path: '/dictionaries/:type', params: zDictTypeParams, response: z.object({ data: z.array(zDictItem), nextCursor: z.null() }) }),
  create: defineEndpoint({ method: 'POST', path: '/dictionaries/:type', params: zDictTypeParams, body: zDictCreate, response: zDictItem, status: 201 }),
  update: defineEndpoint({ method: 'PATCH', path: '/dictionaries/:type/:id', params: zDictEntryParams, body: zDictUpdate, response: zDictItem }),
};
