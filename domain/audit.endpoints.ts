import { listResponse } from './common.js';
import { defineEndpoint } from './contract.js';
import { zAuditEntry, zAuditQuery, zLoginEntry, zLoginLogQuery } from './audit.js';

export const auditEndpoints = {
  auditLog: defineEndpoint({ method: 'GET', path: '/audit-log', query: zAuditQuery, response: listResponse(zAuditEntry) }),
  loginLog: defineEndpoint({ method: 'GET', path: '/login-log', query: zLoginLogQuery, response: listResponse(zLoginEntry) }),
};
