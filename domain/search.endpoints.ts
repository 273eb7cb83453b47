import { defineEndpoint } from './contract.js';
import { zSearchQuery, zSearchResponse } from './search.js';

export const searchEndpoints = {
  search: defineEndpoint({ method: 'GET', path: '/search', query: zSearchQuery, response: zSearchResponse }),
};
