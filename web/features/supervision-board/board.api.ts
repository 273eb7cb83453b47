import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { Board, BoardFilter } from '../../../domain/board.js';
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

type CurrentReports = Board['currentReports'];

/**
 * The current period's report list: the board's first page, and further pages by cursor when asked
 * for. Pages loaded belong to the board they followed: a refreshed board starts from its own first page.
 */
export function useCurrentReports(consultationId: number | null, first: CurrentReports) {
  const [more, setMore] = useState<{ first: CurrentReports; rows: CurrentReports['rows']; cursor: string | null } | null>(null);
  const mine = more?.first === first ? more : null;
  const cursor = mine ? mine.cursor : first.nextCursor;
  const load = useMutation({
    mutationFn: (after: string) => callEndpoint(api.currentReports, { query: { consultationId: consultationId ?? undefined, cursor: after, limit: 50 } }),
    onSuccess: (page) => setMore({ first, rows: [...(mine?.rows ?? []), ...page.data], cursor: page.nextCursor }),
  });
  return {
    rows: mine ? [...first.rows, ...mine.rows] : first.rows,
    hasMore: cursor !== null,
    loadMore: () => cursor && load.mutate(cursor),
    loading: load.isPending,
    failed: load.isError,
  };
}
