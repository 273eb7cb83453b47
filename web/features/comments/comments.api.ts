import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Attachment } from '../../../domain/attachments.js';
import type { Comment, CommentCreate } from '../../../domain/comments.js';
import { api, type Page } from '../../app/api-client';
import { itemKeys } from '../items/items.api';

const commentKeys = {
  ofItem: (itemId: number) => [...itemKeys.one(itemId), 'comments'] as const,
};

export function useComments(itemId: number) {
  return useQuery({
    queryKey: commentKeys.ofItem(itemId),
    queryFn: async () => (await api.get<Page<Comment>>(`/items/${itemId}/comments`)).data,
  });
}

export function useAddComment(itemId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CommentCreate) => api.post<Comment>(`/items/${itemId}/comments`, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: commentKeys.ofItem(itemId) }),
  });
}

export function useAttachToComment(itemId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ commentId, file }: { commentId: number; file: File }) => api.upload<Attachment>(`/items/${itemId}/comments/${commentId}/attachments`, file),
    onSuccess: () => qc.invalidateQueries({ queryKey: commentKeys.ofItem(itemId) }),
  });
}
