import { QueryClient, type InvalidateOptions, type InvalidateQueryFilters } from '@tanstack/react-query';
import { isApiError } from './api-client';

/**
 * After a write the app invalidates what the write changed. query-core cancels an in-flight fetch
 * before refetching only when the query already holds data; a query still on its first fetch keeps
 * that fetch, whose answer may have been read before the write committed (a notice opened from the
 * home page: the inbox's first read raced the receipt and stayed 未读 until the next poll). Such
 * fetches are cancelled first, so the invalidation starts a fresh read that sees the write.
 */
class WriteAwareQueryClient extends QueryClient {
  override async invalidateQueries(filters?: InvalidateQueryFilters, options?: InvalidateOptions): Promise<void> {
    const wanted = filters?.predicate;
    const type = filters?.refetchType ?? 'active';
    // Only a read the invalidation then starts again may be cancelled: one it leaves alone would stay unanswered.
    const refetched = (active: boolean) => type === 'all' || (type === 'active' ? active : type === 'inactive' && !active);
    await this.cancelQueries({
      ...filters,
      predicate: (q) => q.state.data === undefined && q.state.fetchStatus === 'fetching' && refetched(q.isActive()) && (wanted ? wanted(q) : true),
    });
    return super.invalidateQueries(filters, options);
  }
}

export function makeQueryClient(): QueryClient {
  return new WriteAwareQueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not change by asking again; network blips and 5xx get two more tries.
        retry: (count, err) => !(isApiError(err) && err.status >= 400 && err.status < 500) && count < 2,
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
    },
  });
}
