import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConsultationCreate, ConsultationUpdate } from '../../../domain/consultations.js';
import { consultationEndpoints as api } from '../../../domain/consultations.endpoints.js';
import type { EndpointQuery } from '../../../domain/contract.js';
import { callAllPages, callEndpoint } from '../../app/api-client';

/** The filters the list screen offers; paging is the hook's business. */
export type ConsultationFilters = Pick<EndpointQuery<typeof api.list>, 'status' | 'year' | 'q'>;

export const consultationKeys = {
  all: ['consultations'] as const,
  list: (f: ConsultationFilters) => ['consultations', 'list', f] as const,
  one: (id: number) => ['consultations', 'one', id] as const,
};

/** A city has a handful of consultations a year; the list screen shows them all at once. */
export function useConsultations(filters: ConsultationFilters = {}) {
  return useQuery({
    queryKey: consultationKeys.list(filters),
    queryFn: () => callAllPages(api.list, { query: { ...filters, limit: 200 } }),
  });
}

export function useConsultation(id: number) {
  return useQuery({
    queryKey: consultationKeys.one(id),
    queryFn: () => callEndpoint(api.get, { params: { id } }),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useCreateConsultation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ConsultationCreate) => callEndpoint(api.create, { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: consultationKeys.all }),
  });
}

export function useUpdateConsultation(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ConsultationUpdate) => callEndpoint(api.update, { params: { id }, body }),
    onSuccess: (c) => {
      qc.setQueryData(consultationKeys.one(id), c);
      return qc.invalidateQueries({ queryKey: consultationKeys.all });
    },
  });
}
