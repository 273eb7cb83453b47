import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { savedFilterEndpoints as api } from '../../../domain/saved-filters.endpoints.js';
import type { FilterPage, SavedFilterCreate } from '../../../domain/saved-filters.js';
import { callEndpoint } from '../../app/api-client';

const keyOf = (page: FilterPage, consultationId: number | null) => ['saved-filters', page, consultationId ?? 'none'] as const;

/** The caller's saved filters of a page, and those shared in the caller's organisation. */
export function useSavedFilters(page: FilterPage, consultationId: number | null) {
  return useQuery({
    queryKey: keyOf(page, consultationId),
    queryFn: async () => (await callEndpoint(api.list, { query: { page, consultationId: consultationId === null ? undefined : String(consultationId) } })).data,
  });
}

export function useSavedFilterMutations(page: FilterPage, consultationId: number | null) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: keyOf(page, consultationId) });
  return {
    create: useMutation({
      mutationFn: (body: Omit<SavedFilterCreate, 'page' | 'consultationId'>) => callEndpoint(api.create, { body: { ...body, page, consultationId } }),
      onSuccess: refresh,
    }),
    share: useMutation({ mutationFn: ({ id, shared }: { id: number; shared: boolean }) => callEndpoint(api.update, { params: { id }, body: { shared } }), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (id: number) => callEndpoint(api.remove, { params: { id } }), onSuccess: refresh }),
  };
}
