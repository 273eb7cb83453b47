import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EndpointBody, EndpointQuery } from '../../../domain/contract.js';
import { programmeEndpoints, projectEndpoints } from '../../../domain/projects.endpoints.js';
import { callAllPages, callEndpoint } from '../../app/api-client';

/** The filters the project screens offer; paging is the hook's business. */
export type ProjectFilters = Pick<EndpointQuery<typeof projectEndpoints.list>, 'consultationId' | 'status' | 'q'>;

export const projectKeys = {
  all: ['projects'] as const,
  list: (f: ProjectFilters) => ['projects', 'list', f] as const,
  one: (id: number) => ['projects', 'one', id] as const,
};

export const programmeKeys = {
  all: ['programmes'] as const,
  ofConsultation: (id: number) => ['programmes', 'consultation', id] as const,
};

/** A bureau runs tens of projects a year: the list screen shows them all at once. */
export function useProjects(filters: ProjectFilters = {}) {
  return useQuery({
    queryKey: projectKeys.list(filters),
    queryFn: () => callAllPages(projectEndpoints.list, { query: { ...filters, limit: 200 } }),
  });
}

export function useProject(id: number) {
  return useQuery({
    queryKey: projectKeys.one(id),
    queryFn: () => callEndpoint(projectEndpoints.get, { params: { id } }),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useConsultationProgrammes(consultationId: number) {
  return useQuery({
    queryKey: programmeKeys.ofConsultation(consultationId),
    queryFn: () => callEndpoint(programmeEndpoints.list, { query: { consultationId } }).then((r) => r.data),
  });
}

export function useItemProgramme(itemId: number) {
  return useQuery({
    queryKey: ['programmes', 'item', itemId] as const,
    queryFn: () => callEndpoint(programmeEndpoints.ofItem, { params: { id: itemId } }),
  });
}

export function useAssignProgramme(itemId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: EndpointBody<typeof programmeEndpoints.assignItem>) => callEndpoint(programmeEndpoints.assignItem, { params: { id: itemId }, body }),
    onSettled: () => qc.invalidateQueries({ queryKey: programmeKeys.all }),
  });
}
