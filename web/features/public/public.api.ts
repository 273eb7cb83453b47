import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PublicationUpdate } from '../../../domain/publication.js';
import { publicationEndpoints, publicEndpoints } from '../../../domain/publication.endpoints.js';
import { callEndpoint } from '../../app/api-client';

export const publicKeys = {
  home: (keyword?: string) => ['public', 'home', keyword ?? ''] as const,
  one: (id: number) => ['public', 'one', id] as const,
  publication: (id: number) => ['publication', id] as const,
};

/** The published consultations, optionally those under one keyword. */
export function usePublicHome(keyword?: string) {
  return useQuery({
    queryKey: publicKeys.home(keyword),
    queryFn: () => callEndpoint(publicEndpoints.home, { query: keyword ? { keyword } : {} }),
  });
}

export function usePublicConsultation(id: number) {
  return useQuery({
    queryKey: publicKeys.one(id),
    queryFn: () => callEndpoint(publicEndpoints.consultation, { params: { id } }),
    enabled: Number.isInteger(id) && id > 0,
  });
}

/** 最新动态 across every published consultation. */
export function usePublicUpdates() {
  return useQuery({ queryKey: ['public', 'updates'], queryFn: () => callEndpoint(publicEndpoints.updates, { query: {} }) });
}

/** The host's view of whether the consultation is on the public page. */
export function usePublication(id: number) {
  return useQuery({
    queryKey: publicKeys.publication(id),
    queryFn: () => callEndpoint(publicationEndpoints.get, { params: { id } }),
  });
}

export function useUpdatePublication(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PublicationUpdate) => callEndpoint(publicationEndpoints.update, { params: { id }, body }),
    onSuccess: (p) => {
      qc.setQueryData(publicKeys.publication(id), p);
      return qc.invalidateQueries({ queryKey: ['public'] });
    },
  });
}
