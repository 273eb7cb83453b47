import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { BoardFilter } from '../../../domain/board.js';
import { boardEndpoints as api } from '../../../domain/board.endpoints.js';
import type { EndpointQuery } from '../../../domain/contract.js';
import { callEndpoint } from '../../app/api-client';

export const boardKeys = {
  all: ['board'] as const,
  of: (consultationId: number | null) => ['board', consultationId ?? 'all'] as const,
  items: (f: BoardFilter) => ['board', 'items', f] as const,
};

/** One consultation's board, or (null) the board across every live consultation in the caller's scope. */
export function useBoard(consultationId: number | null) {
  return useQuery({
    queryKey: boardKeys.of(consultationId),
    queryFn: () => (consultationId ? callEndpoint(api.ofConsultation, { params: { id: consultationId } }) : callEndpoint(api.ofScope)),
  });
}

/** The query string of a board filter, as both the drill-down API and the item list read it. */
export function filterQuery(f: BoardFilter): Omit<EndpointQuery<typeof api.items>, 'limit' | 'cursor'> {
  return { consultationId: f.consultationId, light: f.light, category: f.category, leadUnitId: f.leadUnitId, overdue: f.overdue ? 'true' : undefined };
}

export function useBoardItems(f: BoardFilter | null) {
  return useQuery({
    queryKey: boardKeys.items(f ?? {}),
    queryFn: async () => (await callEndpoint(api.items, { query: { ...filterQuery(f!), limit: 200 } })).data,
    enabled: f !== null,
    placeholderData: keepPreviousData,
  });
}

/** The consultation's latest progress reports, newest first (one page is what the 进展 tab shows). */
export function useRecentReports(consultationId: number, limit = 10) {
  return useQuery({
    queryKey: ['board', 'recent-reports', consultationId, limit] as const,
    queryFn: () => callEndpoint(api.recentReports, { params: { id: consultationId }, query: { limit } }),
  });
}
