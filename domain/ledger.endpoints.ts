import { z } from 'zod';
import { zIdParams } from './common.js';
import { defineEndpoint } from './contract.js';
import { zLedgerCommit, zLedgerCommitResult, zLedgerMapping, zLedgerPreview } from './ledger.js';

export const zLedgerUploadQuery = z.strictObject({ sheet: z.string().trim().min(1).max(100).optional() });

/**
 * The ledger's JSON endpoints. The export (GET /consultations/:id/ledger.xlsx) answers with the
 * workbook itself, not JSON, so it stays a route of its own and the web links to it.
 */
export const ledgerEndpoints = {
  /** A multipart form: `file`, and optionally `sheet` (also accepted as the query parameter). */
  upload: defineEndpoint({
    method: 'POST',
    path: '/consultations/:id/ledger-imports',
    params: zIdParams,
    query: zLedgerUploadQuery,
    multipart: true,
    response: zLedgerPreview,
    status: 201,
  }),
  get: defineEndpoint({ method: 'GET', path: '/ledger-imports/:id', params: zIdParams, response: zLedgerPreview }),
  preview: defineEndpoint({ method: 'POST', path: '/ledger-imports/:id/preview', params: zIdParams, body: zLedgerMapping, response: zLedgerPreview }),
  commit: defineEndpoint({ method: 'POST', path: '/ledger-imports/:id/commit', params: zIdParams, body: zLedgerCommit, response: zLedgerCommitResult }),
};
