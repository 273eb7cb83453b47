import { z } from 'zod';
import { listResponse, zIdParams } from './common.js';
import { defineEndpoint } from './contract.js';
import { zItemProgramme, zProgramme, zProgrammeAssign, zProgrammeCreate, zProgrammeListQuery } from './programmes.js';
import { zProject, zProjectCreate, zProjectItemsPut, zProjectListQuery, zProjectPatch } from './projects.js';

export const projectEndpoints = {
  list: defineEndpoint({ method: 'GET', path: '/projects', query: zProjectListQuery, response: listResponse(zProject) }),
  create: defineEndpoint({ method: 'POST', path: '/projects', body: zProjectCreate, response: zProject, status: 201 }),
  get: defineEndpoint({ method: 'GET', path: '/projects/:id', params: zIdParams, response: zProject }),
  update: defineEndpoint({ method: 'PATCH', path: '/projects/:id', params: zIdParams, body: zProjectPatch, response: zProject }),
  setItems: defineEndpoint({ method: 'PUT', path: '/projects/:id/items', params: zIdParams, body: zProjectItemsPut, response: zProject }),
};

export const programmeEndpoints = {
  list: defineEndpoint({ method: 'GET', path: '/programmes', query: zProgrammeListQuery, response: z.object({ data: z.array(zProgramme) }) }),
  create: defineEndpoint({ method: 'POST', path: '/programmes', body: zProgrammeCreate, response: zProgramme, status: 201 }),
  get: defineEndpoint({ method: 'GET', path: '/programmes/:id', params: zIdParams, response: zProgramme }),
  /** Which programme an item is in (`/items/:id` is the item's, the programme module answers it). */
  ofItem: defineEndpoint({ method: 'GET', path: '/items/:id/programme', params: zIdParams, response: zItemProgramme }),
  assignItem: defineEndpoint({ method: 'PUT', path: '/items/:id/programme', params: zIdParams, body: zProgrammeAssign, response: zItemProgramme }),
};
