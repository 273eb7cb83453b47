import { useQuery } from '@tanstack/react-query';
import type { TaskEntry } from '../../../domain/tasks.js';
import { taskEndpoints } from '../../../domain/tasks.endpoints.js';
import { callEndpoint } from '../../app/api-client';

/** Shown per kind on the home page; the count says how many more there are. */
const PER_KIND = 5;

export function useMyTasks() {
  return useQuery({
    queryKey: ['me', 'tasks'],
    queryFn: () => callEndpoint(taskEndpoints.mine, { query: { limit: PER_KIND } }),
    // Someone else's action (a report submitted, a notice signed) adds to the list without a reload.
    refetchInterval: 60_000,
  });
}

/** Where a task is done: the item's drawer in the ledger, or the tab holding a need or a request to add an item. */
export function taskLink(t: TaskEntry): string {
  if (t.itemId !== null) return `/consultations/${t.consultationId}/items?item=${t.itemId}`;
  return `/consultations/${t.consultationId}/${t.kind === 'need_triage' ? 'needs' : 'changes'}`;
}
