import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AddChangeRequestCreate, ChangeRequest, ChangeRequestDecision, HistoryEntry, ItemChangeRequestCreate } from '../../../domain/change-requests.js';
import { api, fetchAllPages, type Page } from '../../app/api-client';
import { consultationKeys } from '../consultations/consultations.api';
import { itemKeys } from '../items/items.api';

export const changeRequestKeys = {
  ofConsultation: (consultationId: number) => [...consultationKeys.one(consultationId), 'change-requests'] as const,
  ofItem: (itemId: number) => [...itemKeys.one(itemId), 'change-requests'] as const,
  history: (itemId: number) => [...itemKeys.one(itemId), 'history'] as const,
};

export function useConsultationChangeRequests(consultationId: number) {
  return useQuery({
    queryKey: changeRequestKeys.ofConsultation(consultationId),
    queryFn: () => fetchAllPages<ChangeRequest>(`/consultations/${consultationId}/change-requests`, { limit: 200 }),
  });
}

export function useItemChangeRequests(itemId: number) {
  return useQuery({
    queryKey: changeRequestKeys.ofItem(itemId),
    queryFn: async () => (await api.get<Page<ChangeRequest>>(`/items/${itemId}/change-requests`)).data,
  });
}

export function useItemHistory(itemId: number) {
  return useQuery({
    queryKey: changeRequestKeys.history(itemId),
    queryFn: async () => (await api.get<Page<HistoryEntry>>(`/items/${itemId}/history`)).data,
  });
}

/** Filing or deciding touches the consultation's requests, the item, its history and the ledger: refresh them all. */
function useRefresh(consultationId: number) {
  const qc = useQueryClient();
  return (itemId: number | null) =>
    Promise.all([
      qc.invalidateQueries({ queryKey: consultationKeys.one(consultationId) }),
      qc.invalidateQueries({ queryKey: itemKeys.ofConsultation(consultationId) }),
      itemId !== null ? qc.invalidateQueries({ queryKey: itemKeys.one(itemId) }) : Promise.resolve(),
    ]);
}

export function useFileChangeRequest(consultationId: number, itemId: number) {
  const refresh = useRefresh(consultationId);
  return useMutation({
    mutationFn: (input: ItemChangeRequestCreate) => api.post<ChangeRequest>(`/items/${itemId}/change-requests`, input),
    onSuccess: () => refresh(itemId),
  });
}

export function useFileAddRequest(consultationId: number) {
  const refresh = useRefresh(consultationId);
  return useMutation({
    mutationFn: (input: AddChangeRequestCreate) => api.post<ChangeRequest>(`/consultations/${consultationId}/change-requests`, input),
    onSuccess: () => refresh(null),
  });
}

export function useDecideChangeRequest(consultationId: number) {
  const refresh = useRefresh(consultationId);
  return useMutation({
    mutationFn: ({ id, ...body }: ChangeRequestDecision & { id: number }) => api.post<ChangeRequest>(`/change-requests/${id}/decision`, body),
    onSuccess: (cr) => refresh(cr.itemId),
  });
}

export function useWithdrawChangeRequest(consultationId: number) {
  const refresh = useRefresh(consultationId);
  return useMutation({
    mutationFn: (id: number) => api.post<ChangeRequest>(`/change-requests/${id}/withdraw`),
    onSuccess: (cr) => refresh(cr.itemId),
  });
}
