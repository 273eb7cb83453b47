import { zIdParams } from './common.js';
import { defineEndpoint } from './contract.js';
import { zPublicConsultation, zPublicHome, zPublicListQuery, zPublication, zPublicationUpdate, zPublicUpdates, zPublicUpdatesQuery } from './publication.js';

/** The host's switch on the consultation page (signed in). */
export const publicationEndpoints = {
  get: defineEndpoint({ method: 'GET', path: '/consultations/:id/publication', params: zIdParams, response: zPublication }),
  update: defineEndpoint({ method: 'PUT', path: '/consultations/:id/publication', params: zIdParams, body: zPublicationUpdate, response: zPublication }),
};

/** The public transparency page: no session, cached, published consultations only. */
export const publicEndpoints = {
  home: defineEndpoint({ method: 'GET', path: '/public/consultations', query: zPublicListQuery, response: zPublicHome }),
  consultation: defineEndpoint({ method: 'GET', path: '/public/consultations/:id', params: zIdParams, response: zPublicConsultation }),
  updates: defineEndpoint({ method: 'GET', path: '/public/updates', query: zPublicUpdatesQuery, response: zPublicUpdates }),
};
