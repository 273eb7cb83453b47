import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Board, BoardFilter, BoardItem } from '../../../domain/board.js';
import { api, type Page } from '../../app/api-client';

export const boardKeys = {
  all: ['board'] as const,
  of: (consultationId: number | null) => ['board', consultationId ?? 'all'] as const,
  items: (f: BoardFilter) => ['board', 'items', f] as const,
};

/** One consultation's board, or (null) the board across every live consultation in the caller's scope. */
export function useBoard(consultationId: number | null) {
  return useQuery({
    queryKey: boardKeys.of(consultationId),
    queryFn: () => api.get<Board>(consultationId ? `/consultations/${consultationId}/board` : '/board'),
  });
}

/** The query string of a board filter, as both the drill-down API and the item list read it. */
export function filterQuery(f: BoardFilter): Record<string, string | number | undefined> {
  return { consultationId: f.consultationId, light: f.light, category: f.category, leadUnitId: f.leadUnitId, overdue: f.overdue ? 'true' : undefined };
}

export function useBoardItems(f: BoardFilter | null) {
  return useQuery({
    queryKey: boardKeys.items(f ?? {}),
    queryFn: async () => (await api.get<Page<BoardItem>>('/board/items', { ...filterQuery(f!), limit: 200 })).data,
    enabled: f !== null,
    placeholderData: keepPreviousData,
  });
}
