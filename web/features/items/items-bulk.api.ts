import { useMutation, useQueryClient } from '@tanstack/react-query';
import { changeRequestEndpoints } from '../../../domain/change-requests.endpoints.js';
import { itemEndpoints as api } from '../../../domain/items.endpoints.js';
import type { ItemBulkChange } from '../../../domain/items-bulk.js';
import { callEndpoint } from '../../app/api-client';

/** An item as the selection keeps it: enough to send the version the user saw. */
export interface SelectedItem {
  id: number;
  title: string;
  version: number;
}

/** One field of every selected item at once; the answer says which changed and which were refused. */
export function useBulkChange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ items, change }: { items: SelectedItem[]; change: ItemBulkChange }) =>
      callEndpoint(api.bulk, { body: { itemIds: items.map((i) => i.id), change, versions: Object.fromEntries(items.map((i) => [String(i.id), i.version])) } }),
    // The items may sit in several lists and on the board: every view of them reloads.
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ['items'] }),
        qc.invalidateQueries({ queryKey: ['item'] }),
        qc.invalidateQueries({ queryKey: ['board'] }),
        qc.invalidateQueries({ queryKey: ['consultations'] }),
      ]),
  });
}

/** One extension for every selected item of an adopted list: a request per item, for the other side to decide. */
export function useBulkExtension() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ items, deadline, reason }: { items: SelectedItem[]; deadline: string; reason: string }) =>
      callEndpoint(changeRequestEndpoints.fileExtensions, { body: { itemIds: items.map((i) => i.id), deadline, reason } }),
    // Each item's requests and its consultation's list of requests hang under the item and the consultation.
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ['item'] }), qc.invalidateQueries({ queryKey: ['consultations'] })]),
  });
}
