import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { negotiationEndpoints as api } from '../../../domain/negotiation.endpoints.js';
import { callEndpoint } from '../../app/api-client';
import { consultationKeys } from '../consultations/consultations.api';
import { changeRequestKeys } from '../change-requests/change-requests.keys';
import { itemKeys } from '../items/items.api';

/** `to` of a comparison: a version id or the list as it stands. */
export type CompareTarget = number | 'current';

// Under the consultation's key, so whatever refreshes the consultation (an item saved, a mark set) refreshes these too.
export const negotiationKeys = {
  versions: (consultationId: number) => [...consultationKeys.one(consultationId), 'versions'] as const,
  compare: (consultationId: number, from: number, to: CompareTarget) => [...consultationKeys.one(consultationId), 'compare', from, to] as const,
  adoption: (consultationId: number) => [...consultationKeys.one(consultationId), 'adoption'] as const,
};

export function useSetAgreement(consultationId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ itemId, agreed, note }: { itemId: number; agreed: boolean; note: string }) => callEndpoint(api.setAgreement, { params: { id: itemId }, body: { agreed, note } }),
    onSuccess: (item) => {
      qc.setQueryData(itemKeys.one(item.id), item);
      return Promise.all([
        qc.invalidateQueries({ queryKey: itemKeys.ofConsultation(consultationId) }),
        qc.invalidateQueries({ queryKey: consultationKeys.one(consultationId) }),
        // The mark is an entry of the item's history.
        qc.invalidateQueries({ queryKey: changeRequestKeys.history(item.id) }),
      ]);
    },
  });
}

export function useVersions(consultationId: number) {
  return useQuery({
    queryKey: negotiationKeys.versions(consultationId),
    queryFn: async () => (await callEndpoint(api.versions, { params: { id: consultationId } })).data,
  });
}

export function useCreateVersion(consultationId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (label: string) => callEndpoint(api.saveVersion, { params: { id: consultationId }, body: { label } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: negotiationKeys.versions(consultationId) }),
  });
}

export function useComparison(consultationId: number, from: number | null, to: CompareTarget) {
  return useQuery({
    queryKey: negotiationKeys.compare(consultationId, from ?? 0, to),
    queryFn: () => callEndpoint(api.compare, { params: { id: consultationId }, query: { from: from!, to } }),
    enabled: from !== null && from !== to,
    placeholderData: (prev) => prev,
  });
}

export function useAdoption(consultationId: number, enabled: boolean) {
  return useQuery({
    queryKey: negotiationKeys.adoption(consultationId),
    queryFn: () => callEndpoint(api.adoption, { params: { id: consultationId } }),
    enabled,
  });
}

export function useConfirmAdoption(consultationId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => callEndpoint(api.confirmAdoption, { params: { id: consultationId } }),
    onSuccess: (state) => {
      qc.setQueryData(negotiationKeys.adoption(consultationId), state);
      // Both confirmed: the status, the versions and the items' locks all change.
      return Promise.all([qc.invalidateQueries({ queryKey: consultationKeys.all }), qc.invalidateQueries({ queryKey: itemKeys.ofConsultation(consultationId) })]);
    },
  });
}
