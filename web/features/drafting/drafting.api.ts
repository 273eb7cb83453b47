import { useMutation, useQueryClient } from '@tanstack/react-query';
import { draftingEndpoints } from '../../../domain/drafting.endpoints.js';
import { itemEndpoints } from '../../../domain/items.endpoints.js';
import type { ItemCreate } from '../../../domain/items.js';
import { callEndpoint } from '../../app/api-client';
import { consultationKeys } from '../consultations/consultations.api';
import { itemKeys } from '../items/items.api';

export function useParseDraft() {
  return useMutation({ mutationFn: (text: string) => callEndpoint(draftingEndpoints.parse, { body: { text } }) });
}

/** Adds the accepted candidates to the list in one request: the server writes all of them or none. */
export function useAddDraftItems(consultationId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (items: ItemCreate[]) => callEndpoint(itemEndpoints.createMany, { params: { id: consultationId }, body: { items } }),
    onSuccess: () =>
      Promise.all([qc.invalidateQueries({ queryKey: itemKeys.ofConsultation(consultationId) }), qc.invalidateQueries({ queryKey: consultationKeys.one(consultationId) })]),
  });
}
