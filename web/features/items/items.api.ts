import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { itemEndpoints as api } from '../../../domain/items.endpoints.js';
import type { Category, Item, ItemCreate, ItemPatch, ItemStatus } from '../../../domain/items.js';
import type { ItemLinks } from '../../../domain/linked-items.js';
import type { Light } from '../../../domain/supervision.js';
import { callAllPages, callEndpoint } from '../../app/api-client';
import { consultationKeys } from '../consultations/consultations.api';

export interface ItemFilters {
  category?: Category;
  domain?: string;
  status?: ItemStatus;
  leadUnitId?: number;
  q?: string;
  light?: Light;
  overdue?: boolean;
}

export const itemKeys = {
  ofConsultation: (consultationId: number) => ['items', consultationId] as const,
  list: (consultationId: number, f: ItemFilters) => ['items', consultationId, 'list', f] as const,
  one: (id: number) => ['item', id] as const,
};

/** The whole ledger (a consultation has tens of items, at most a few hundred): every page, 200 at a time. */
export function useItems(consultationId: number, filters: ItemFilters) {
  return useQuery({
    queryKey: itemKeys.list(consultationId, filters),
    queryFn: () =>
      callAllPages(api.ofConsultation, {
        params: { id: consultationId },
        // A query carries text: the contract takes overdue as 'true' or 'false'.
        query: { ...filters, overdue: filters.overdue === undefined ? undefined : filters.overdue ? 'true' : 'false', limit: 200 },
      }),
    placeholderData: (prev) => prev,
  });
}

/**
 * An item as its drawer shows it. `links` (parent, children, roll-up) comes with the item's own
 * request; an item answered by a write or shown from the list has none until it is read again.
 */
export type ItemView = Item & { links?: ItemLinks };

export function useItem(id: number | null, placeholder?: Item) {
  return useQuery<ItemView>({
    queryKey: itemKeys.one(id ?? 0),
    queryFn: () => callEndpoint(api.get, { params: { id: id! } }),
    enabled: id !== null,
    placeholderData: placeholder,
  });
}

function useRefreshLedger() {
  const qc = useQueryClient();
  return (consultationId: number) =>
    Promise.all([
      qc.invalidateQueries({ queryKey: itemKeys.ofConsultation(consultationId) }),
      // The consultation carries the counts by category, status and domain.
      qc.invalidateQueries({ queryKey: consultationKeys.one(consultationId) }),
    ]);
}

export function useCreateItem(consultationId: number) {
  const qc = useQueryClient();
  const refresh = useRefreshLedger();
  return useMutation({
    mutationFn: (body: ItemCreate) => callEndpoint(api.create, { params: { id: consultationId }, body }),
    onSuccess: (item) => {
      qc.setQueryData(itemKeys.one(item.id), item);
      return refresh(consultationId);
    },
  });
}

export function useUpdateItem() {
  const qc = useQueryClient();
  const refresh = useRefreshLedger();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: ItemPatch }) => callEndpoint(api.update, { params: { id }, body }),
    onSuccess: (item) => {
      // The answer carries no links: the ones shown stay until the item is read again.
      qc.setQueryData<ItemView>(itemKeys.one(item.id), (old) => ({ ...item, links: old?.links }));
      return refresh(item.consultationId);
    },
  });
}

export function useDeleteItem() {
  const refresh = useRefreshLedger();
  return useMutation({
    mutationFn: (item: Item) => callEndpoint(api.remove, { params: { id: item.id }, query: { version: item.version } }),
    // The deleted item's own cache entry is left to expire: removing it while the drawer still
    // watches it would make the drawer fetch it again, and get a 404.
    onSuccess: (_ok, item) => refresh(item.consultationId),
  });
}
