import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CompletionReview, NoticeCreate, NoticeSignature, NoticeUpdate } from '../../../domain/notices.js';
import { completionEndpoints } from '../../../domain/completion.endpoints.js';
import { noticeEndpoints } from '../../../domain/notices.endpoints.js';
import { callEndpoint } from '../../app/api-client';
import { changeRequestKeys } from '../change-requests/change-requests.keys';
import { itemKeys } from '../items/items.api';

export const noticeKeys = {
  ofItem: (itemId: number) => [...itemKeys.one(itemId), 'notices'] as const,
  completions: (itemId: number) => [...itemKeys.one(itemId), 'completion'] as const,
};

/** The item's notices and what the caller may do in its supervision section (notices and completion alike). */
export function useItemNotices(itemId: number) {
  return useQuery({
    queryKey: noticeKeys.ofItem(itemId),
    queryFn: () => callEndpoint(noticeEndpoints.ofItem, { params: { id: itemId } }),
  });
}

/** A notice changes the item's section and history, the board and the inbox lists: refresh what shows notices. */
function useRefresh(itemId: number) {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: noticeKeys.ofItem(itemId) }),
      qc.invalidateQueries({ queryKey: changeRequestKeys.history(itemId) }),
      qc.invalidateQueries({ queryKey: ['board'] }),
      qc.invalidateQueries({ queryKey: ['notices'] }),
    ]);
}

export function useDraftNotice(itemId: number) {
  const refresh = useRefresh(itemId);
  return useMutation({ mutationFn: (input: NoticeCreate) => callEndpoint(noticeEndpoints.draft, { params: { id: itemId }, body: input }), onSuccess: refresh });
}

export function useUpdateNotice(itemId: number) {
  const refresh = useRefresh(itemId);
  return useMutation({ mutationFn: ({ id, body }: { id: number; body: NoticeUpdate }) => callEndpoint(noticeEndpoints.update, { params: { id }, body }), onSuccess: refresh });
}

export function useSignNotice(itemId: number) {
  const refresh = useRefresh(itemId);
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: NoticeSignature }) => callEndpoint(noticeEndpoints.sign, { params: { id }, body }),
    onSuccess: refresh,
  });
}

export function useRespondNotice(itemId: number) {
  const refresh = useRefresh(itemId);
  return useMutation({ mutationFn: ({ id, text }: { id: number; text: string }) => callEndpoint(noticeEndpoints.respond, { params: { id }, body: { text } }), onSuccess: refresh });
}

export function useItemCompletions(itemId: number) {
  return useQuery({
    queryKey: noticeKeys.completions(itemId),
    queryFn: async () => (await callEndpoint(completionEndpoints.ofItem, { params: { id: itemId } })).data,
  });
}

/** Closing an item changes the item itself, the ledger and the board. */
function useCompletionRefresh(itemId: number, consultationId: number) {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: noticeKeys.completions(itemId) }),
      qc.invalidateQueries({ queryKey: itemKeys.one(itemId) }),
      qc.invalidateQueries({ queryKey: itemKeys.ofConsultation(consultationId) }),
      qc.invalidateQueries({ queryKey: ['board'] }),
    ]);
}

/** The summary and every evidence file go in one multipart request, so a request never exists without its evidence. */
export function useRequestCompletion(itemId: number, consultationId: number) {
  const refresh = useCompletionRefresh(itemId, consultationId);
  return useMutation({
    mutationFn: ({ summary, files }: { summary: string; files: File[] }) => {
      const form = new FormData();
      form.append('summary', summary);
      for (const f of files) form.append('file', f, f.name);
      return callEndpoint(completionEndpoints.request, { params: { id: itemId }, form });
    },
    onSuccess: refresh,
  });
}

export function useReviewCompletion(itemId: number, consultationId: number) {
  const refresh = useCompletionRefresh(itemId, consultationId);
  return useMutation({ mutationFn: (body: CompletionReview) => callEndpoint(completionEndpoints.review, { params: { id: itemId }, body }), onSuccess: refresh });
}
