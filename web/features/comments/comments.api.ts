import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CommentCreate } from '../../../domain/comments.js';
import { commentEndpoints as api } from '../../../domain/comments.endpoints.js';
import { callEndpoint, fileForm } from '../../app/api-client';
import { itemKeys } from '../items/items.api';

const commentKeys = {
  ofItem: (itemId: number) => [...itemKeys.one(itemId), 'comments'] as const,
};

export function useComments(itemId: number) {
  return useQuery({
    queryKey: commentKeys.ofItem(itemId),
    queryFn: async () => (await callEndpoint(api.ofItem, { params: { id: itemId } })).data,
  });
}

export function useAddComment(itemId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CommentCreate) => callEndpoint(api.create, { params: { id: itemId }, body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: commentKeys.ofItem(itemId) }),
  });
}

export function useAttachToComment(itemId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ commentId, file }: { commentId: number; file: File }) => callEndpoint(api.uploadAttachment, { params: { id: itemId, commentId }, form: fileForm(file) }),
    onSuccess: () => qc.invalidateQueries({ queryKey: commentKeys.ofItem(itemId) }),
  });
}
