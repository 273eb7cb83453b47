import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Need, NeedConvert, NeedCreate, NeedTriage } from '../../../domain/needs.js';
import { needEndpoints as api } from '../../../domain/needs.endpoints.js';
import { callAllPages, callEndpoint, fileForm } from '../../app/api-client';
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
    queryFn: () => callAllPages(api.ofConsultation, { params: { id: consultationId }, query: { limit: 200 } }),
  });
}

export function useNeed(id: number | null, placeholder?: Need) {
  return useQuery({
    queryKey: needKeys.one(id ?? 0),
    queryFn: () => callEndpoint(api.get, { params: { id: id! } }),
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
    mutationFn: (body: NeedCreate) => callEndpoint(api.create, { params: { id: consultationId }, body }),
    onSuccess: refresh,
  });
}

export function useTriageNeed() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: NeedTriage }) => callEndpoint(api.triage, { params: { id }, body }),
    onSuccess: refresh,
  });
}

export function useConvertNeed() {
  const qc = useQueryClient();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: NeedConvert }) => callEndpoint(api.convert, { params: { id }, body }),
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
    mutationFn: ({ need, file }: { need: Need; file: File }) => callEndpoint(api.uploadAttachment, { params: { id: need.id }, form: fileForm(file) }),
    onSuccess: (_a, { need }) =>
      Promise.all([qc.invalidateQueries({ queryKey: needKeys.one(need.id) }), qc.invalidateQueries({ queryKey: needKeys.ofConsultation(need.consultationId) })]),
  });
}

/** The need an item was converted from (null when it was entered directly). */
export function useItemSourceNeed(itemId: number) {
  return useQuery({
    queryKey: ['item-need', itemId] as const,
    queryFn: () => callEndpoint(api.ofItem, { params: { id: itemId } }),
  });
}
