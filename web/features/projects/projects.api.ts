import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Programme } from '../../../domain/programmes.js';
import type { Project, ProjectStatus } from '../../../domain/projects.js';
import { api, fetchAllPages } from '../../app/api-client';

export interface ProjectFilters {
  consultationId?: number;
  status?: ProjectStatus;
  q?: string;
}

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
    queryFn: () => fetchAllPages<Project>('/projects', { ...filters, limit: 200 }),
  });
}

export function useProject(id: number) {
  return useQuery({
    queryKey: projectKeys.one(id),
    queryFn: () => api.get<Project>(`/projects/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useConsultationProgrammes(consultationId: number) {
  return useQuery({
    queryKey: programmeKeys.ofConsultation(consultationId),
    queryFn: () => api.get<{ data: Programme[] }>('/programmes', { consultationId }).then((r) => r.data),
  });
}

export interface ItemProgramme {
  itemId: number;
  programmeId: number | null;
  weight: number | null;
}

export function useItemProgramme(itemId: number) {
  return useQuery({
    queryKey: ['programmes', 'item', itemId] as const,
    queryFn: () => api.get<ItemProgramme>(`/items/${itemId}/programme`),
  });
}

export function useAssignProgramme(itemId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { programmeId: number | null; weight?: number; fromProgrammeId: number | null }) => api.put<ItemProgramme>(`/items/${itemId}/programme`, body),
    onSettled: () => qc.invalidateQueries({ queryKey: programmeKeys.all }),
  });
}
