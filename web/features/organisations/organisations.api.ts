import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Org, OrgCreate, OrgUpdate } from '../../../domain/organisations.js';
import { api } from '../../app/api-client';

export const ORGS_KEY = ['organisations'] as const;

export function useOrganisations() {
  return useQuery({
    queryKey: ORGS_KEY,
    queryFn: async () => (await api.get<{ data: Org[] }>('/organisations')).data,
    staleTime: 5 * 60_000,
  });
}

export function useOrgMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: ORGS_KEY });
  return {
    create: useMutation({ mutationFn: (body: OrgCreate) => api.post<Org>('/organisations', body), onSuccess: done }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: number; body: OrgUpdate }) => api.patch<Org>(`/organisations/${id}`, body),
      onSuccess: done,
    }),
    remove: useMutation({ mutationFn: (id: number) => api.delete<{ ok: true }>(`/organisations/${id}`), onSuccess: done }),
  };
}
