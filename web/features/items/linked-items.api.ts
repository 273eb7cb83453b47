import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { zItemCreate } from '../../../domain/items.js';
import { linkedItemEndpoints as api } from '../../../domain/linked-items.endpoints.js';
import { itemEndpoints } from '../../../domain/items.endpoints.js';
import { callAllPages, callEndpoint } from '../../app/api-client';
import { itemKeys } from './items.api';

/** The consultations one level down where the caller may break the item down; none for most items. */
export function useBreakdownTargets(itemId: number) {
  return useQuery({
    queryKey: [...itemKeys.one(itemId), 'breakdown-targets'] as const,
    queryFn: () => callEndpoint(api.breakdownTargets, { params: { id: itemId } }).then((r) => r.data),
  });
}

/** After a link changes: the parent's children, the child's own page and both ledgers read again. */
function useRefreshLinks() {
  const qc = useQueryClient();
  return (...ids: (number | null | undefined)[]) =>
    Promise.all([
      ...ids.filter((id): id is number => typeof id === 'number').map((id) => qc.invalidateQueries({ queryKey: itemKeys.one(id) })),
      qc.invalidateQueries({ queryKey: ['items'] }),
    ]);
}

export function useSetParent() {
  const refresh = useRefreshLinks();
  return useMutation({
    mutationFn: (v: { childId: number; parentItemId: number | null; version: number; formerParentId?: number | null }) =>
      callEndpoint(api.setParent, { params: { id: v.childId }, body: { parentItemId: v.parentItemId, version: v.version } }),
    onSuccess: (_item, v) => refresh(v.childId, v.parentItemId, v.formerParentId),
  });
}

export function useCreateChild(parentId: number) {
  const refresh = useRefreshLinks();
  return useMutation({
    mutationFn: (v: { consultationId: number; item: z.input<typeof zItemCreate> }) => callEndpoint(api.createChild, { params: { id: parentId }, body: v }),
    onSuccess: (item) => refresh(parentId, item.id),
  });
}

/** The items of a consultation one level down, to pick one to link; nothing until one is chosen. */
export function useCandidateItems(consultationId: number | null) {
  return useQuery({
    queryKey: ['items', consultationId ?? 0, 'candidates'] as const,
    queryFn: () => callAllPages(itemEndpoints.ofConsultation, { params: { id: consultationId! }, query: { limit: 200 } }),
    enabled: consultationId !== null,
  });
}
