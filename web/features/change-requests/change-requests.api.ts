import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { changeRequestEndpoints as api } from '../../../domain/change-requests.endpoints.js';
import type { AddChangeRequestCreate, ChangeRequestDecision, ItemChangeRequestCreate } from '../../../domain/change-requests.js';
import { callAllPages, callEndpoint } from '../../app/api-client';
import { consultationKeys } from '../consultations/consultations.api';
import { itemKeys } from '../items/items.api';
import { changeRequestKeys } from './change-requests.keys';

export { changeRequestKeys };

export function useConsultationChangeRequests(consultationId: number) {
  return useQuery({
    queryKey: changeRequestKeys.ofConsultation(consultationId),
    queryFn: () => callAllPages(api.ofConsultation, { params: { id: consultationId }, query: { limit: 200 } }),
  });
}

export function useItemChangeRequests(itemId: number) {
  return useQuery({
    queryKey: changeRequestKeys.ofItem(itemId),
    queryFn: async () => (await callEndpoint(api.ofItem, { params: { id: itemId } })).data,
  });
}

export function useItemHistory(itemId: number) {
  return useQuery({
    queryKey: changeRequestKeys.history(itemId),
    queryFn: async () => (await callEndpoint(api.history, { params: { id: itemId } })).data,
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
    mutationFn: (input: ItemChangeRequestCreate) => callEndpoint(api.fileForItem, { params: { id: itemId }, body: input }),
    onSuccess: () => refresh(itemId),
  });
}

export function useFileAddRequest(consultationId: number) {
  const refresh = useRefresh(consultationId);
  return useMutation({
    mutationFn: (input: AddChangeRequestCreate) => callEndpoint(api.fileAdd, { params: { id: consultationId }, body: input }),
    onSuccess: () => refresh(null),
  });
}

export function useDecideChangeRequest(consultationId: number) {
  const refresh = useRefresh(consultationId);
  return useMutation({
    mutationFn: ({ id, ...body }: ChangeRequestDecision & { id: number }) => callEndpoint(api.decide, { params: { id }, body }),
    onSuccess: (cr) => refresh(cr.itemId),
  });
}

export function useWithdrawChangeRequest(consultationId: number) {
  const refresh = useRefresh(consultationId);
  return useMutation({
    mutationFn: (id: number) => callEndpoint(api.withdraw, { params: { id } }),
    onSuccess: (cr) => refresh(cr.itemId),
  });
}
