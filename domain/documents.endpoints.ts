import { listResponse, zIdParams } from './common.js';
import { defineEndpoint } from './contract.js';
import { zConsultationFile, zConsultationFilesQuery } from './documents.js';

/**
 * The consultation's documents as JSON. The Word documents themselves are downloads (documents.routes.ts),
 * each file at /attachments/:id.
 */
export const documentEndpoints = {
  files: defineEndpoint({ method: 'GET', path: '/consultations/:id/files', params: zIdParams, query: zConsultationFilesQuery, response: listResponse(zConsultationFile) }),
};
