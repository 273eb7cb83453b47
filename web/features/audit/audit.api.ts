import { useInfiniteQuery } from '@tanstack/react-query';
import type { AuditAction } from '../../../domain/audit.js';
import { api, type Page } from '../../app/api-client';

/** Mirrors the response schema in server/modules/audit-log/audit-log.routes.ts (not in domain/ yet). */
export interface AuditEntry {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  orgId: number | null;
  action: string;
  entityType: string;
  entityId: number | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  requestId: string | null;
}

export interface LoginEntry {
  id: number;
  at: string;
  username: string;
  ip: string | null;
  userAgent: string | null;
  success: boolean;
  reason: string | null;
}

export interface AuditFilters {
  action?: AuditAction;
  entityType?: string;
  username?: string;
}

export interface LoginFilters {
  username?: string;
  success?: 'true' | 'false';
}

export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit-log', filters],
    queryFn: ({ pageParam }) => api.get<Page<AuditEntry>>('/audit-log', { ...filters, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useLoginLog(filters: LoginFilters) {
  return useInfiniteQuery({
    queryKey: ['login-log', filters],
    queryFn: ({ pageParam }) => api.get<Page<LoginEntry>>('/login-log', { ...filters, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
