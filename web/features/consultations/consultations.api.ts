import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConsultationCreate, ConsultationDetail, ConsultationStatus, ConsultationUpdate } from '../../../domain/consultations.js';
import { api, fetchAllPages } from '../../app/api-client';

export interface ConsultationFilters {
  status?: ConsultationStatus;
  year?: number;
  q?: string;
}

export const consultationKeys = {
  all: ['consultations'] as const,
  list: (f: ConsultationFilters) => ['consultations', 'list', f] as const,
  one: (id: number) => ['consultations', 'one', id] as const,
};

/** A city has a handful of consultations a year; the list screen shows them all at once. */
export function useConsultations(filters: ConsultationFilters = {}) {
  return useQuery({
    queryKey: consultationKeys.list(filters),
    queryFn: () => fetchAllPages<ConsultationDetail>('/consultations', { ...filters, limit: 200 }),
  });
}

export function useConsultation(id: number) {
  return useQuery({
    queryKey: consultationKeys.one(id),
    queryFn: () => api.get<ConsultationDetail>(`/consultations/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useCreateConsultation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ConsultationCreate) => api.post<ConsultationDetail>('/consultations', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: consultationKeys.all }),
  });
}

export function useUpdateConsultation(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ConsultationUpdate) => api.patch<ConsultationDetail>(`/consultations/${id}`, body),
    onSuccess: (c) => {
      qc.setQueryData(consultationKeys.one(id), c);
      return qc.invalidateQueries({ queryKey: consultationKeys.all });
    },
  });
}
