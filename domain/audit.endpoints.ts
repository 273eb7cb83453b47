import { listResponse } from './common.js';
import { defineEndpoint } from './contract.js';
import { zAuditChain, zAuditEntry, zAuditQuery, zLoginEntry, zLoginLogQuery } from './audit.js';

export const auditEndpoints = {
  auditLog: defineEndpoint({ method: 'GET', path: '/audit-log', query: zAuditQuery, response: listResponse(zAuditEntry) }),
  chain: defineEndpoint({ method: 'GET', path: '/audit-log/chain', response: zAuditChain }),
  loginLog: defineEndpoint({ method: 'GET', path: '/login-log', query: zLoginLogQuery, response: listResponse(zLoginEntry) }),
};
