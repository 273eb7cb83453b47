import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { searchEndpoints as api } from '../../../domain/search.endpoints.js';
import type { SearchKind } from '../../../domain/search.js';
import { callEndpoint } from '../../app/api-client';

export interface SearchFilters {
  q: string;
  kind?: SearchKind;
  consultationId?: number;
  year?: number;
}

/** Ranked hits, a page at a time; the filters are part of the key, so changing one starts afresh. */
export function useSearch(f: SearchFilters) {
  return useInfiniteQuery({
    queryKey: ['search', f],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => callEndpoint(api.search, { query: { ...f, limit: 20, cursor: pageParam } }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: f.q.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}
