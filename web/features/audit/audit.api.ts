import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { auditEndpoints } from '../../../domain/audit.endpoints.js';
import type { EndpointQuery } from '../../../domain/contract.js';
import { callEndpoint } from '../../app/api-client';

/** The filters the audit screens offer; paging is the hook's business. */
export type AuditFilters = Pick<EndpointQuery<typeof auditEndpoints.auditLog>, 'action' | 'entityType' | 'username' | 'from' | 'to'>;
export type LoginFilters = Pick<EndpointQuery<typeof auditEndpoints.loginLog>, 'username' | 'success'>;

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

/** The export's address for the same filters: a plain link, so the browser downloads it with the session cookie. */
export function auditExportUrl(filters: AuditFilters): string {
  const q = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  const s = q.toString();
  return `/api/v1/audit-log/export.xlsx${s ? `?${s}` : ''}`;
}

/** The chain is checked row by row on the server each time this is asked; the page asks on opening and on 重新校验. */
export function useAuditChain() {
  return useQuery({ queryKey: ['audit-log', 'chain'], queryFn: () => callEndpoint(auditEndpoints.chain), staleTime: 0 });
}
