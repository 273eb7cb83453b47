import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Attachment } from '../../../domain/attachments.js';
import type { ItemSourceNeed, Need, NeedConvert, NeedCreate, NeedTriage } from '../../../domain/needs.js';
import { api, fetchAllPages } from '../../app/api-client';
import { consultationKeys } from '../consultations/consultations.api';
import { itemKeys } from '../items/items.api';

export const needKeys = {
  ofConsultation: (consultationId: number) => ['needs', consultationId] as const,
  one: (id: number) => ['need', id] as const,
};

/** A consultation collects tens of needs: the whole list, 200 at a time. */
export function useNeeds(consultationId: number) {
  return useQuery({
    queryKey: needKeys.ofConsultation(consultationId),
    queryFn: () => fetchAllPages<Need>(`/consultations/${consultationId}/needs`, { limit: 200 }),
  });
}

export function useNeed(id: number | null, placeholder?: Need) {
  return useQuery({
    queryKey: needKeys.one(id ?? 0),
    queryFn: () => api.get<Need>(`/needs/${id}`),
    enabled: id !== null,
    placeholderData: placeholder,
  });
}

function useRefresh() {
  const qc = useQueryClient();
  return (need: Need) => {
    qc.setQueryData(needKeys.one(need.id), need);
    return qc.invalidateQueries({ queryKey: needKeys.ofConsultation(need.consultationId) });
  };
}

export function useCreateNeed(consultationId: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: NeedCreate) => api.post<Need>(`/consultations/${consultationId}/needs`, body),
    onSuccess: refresh,
  });
}

export function useTriageNeed() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: NeedTriage }) => api.post<Need>(`/needs/${id}/triage`, body),
    onSuccess: refresh,
  });
}

export function useConvertNeed() {
  const qc = useQueryClient();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: NeedConvert }) => api.post<Need>(`/needs/${id}/convert`, body),
    onSuccess: (need) =>
      Promise.all([
        refresh(need),
        // The new draft item belongs to the ledger and its counts.
        qc.invalidateQueries({ queryKey: itemKeys.ofConsultation(need.consultationId) }),
        qc.invalidateQueries({ queryKey: consultationKeys.one(need.consultationId) }),
      ]),
  });
}

export function useUploadNeedAttachment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ need, file }: { need: Need; file: File }) => api.upload<Attachment>(`/needs/${need.id}/attachments`, file),
    onSuccess: (_a, { need }) =>
      Promise.all([qc.invalidateQueries({ queryKey: needKeys.one(need.id) }), qc.invalidateQueries({ queryKey: needKeys.ofConsultation(need.consultationId) })]),
  });
}

/** The need an item was converted from (null when it was entered directly). */
export function useItemSourceNeed(itemId: number) {
  return useQuery({
    queryKey: ['item-need', itemId] as const,
    queryFn: () => api.get<ItemSourceNeed>(`/items/${itemId}/need`),
  });
}
