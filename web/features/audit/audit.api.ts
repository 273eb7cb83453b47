import { useInfiniteQuery } from '@tanstack/react-query';
import { auditEndpoints } from '../../../domain/audit.endpoints.js';
import type { EndpointInput } from '../../../domain/contract.js';
import { callEndpoint } from '../../app/api-client';

type AuditQuery = NonNullable<EndpointInput<typeof auditEndpoints.auditLog>['query']>;
type LoginQuery = NonNullable<EndpointInput<typeof auditEndpoints.loginLog>['query']>;

/** The filters the audit screen offers; paging is the hook's business. */
export type AuditFilters = Pick<AuditQuery, 'action' | 'entityType' | 'username'>;
export type LoginFilters = Pick<LoginQuery, 'username' | 'success'>;

export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit-log', filters],
    queryFn: ({ pageParam }) => callEndpoint(auditEndpoints.auditLog, { query: { ...filters, cursor: pageParam, limit: 50 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useLoginLog(filters: LoginFilters) {
  return useInfiniteQuery({
    queryKey: ['login-log', filters],
    queryFn: ({ pageParam }) => callEndpoint(auditEndpoints.loginLog, { query: { ...filters, cursor: pageParam, limit: 50 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
