import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { User, zUserCreate, zUserRoles, zUserUpdate } from '../../../domain/users.js';
import { api, type Page } from '../../app/api-client';

const USERS_KEY = ['users'] as const;

export function useUsers(q: string) {
  return useInfiniteQuery({
    queryKey: [...USERS_KEY, q],
    queryFn: ({ pageParam }) => api.get<Page<User>>('/users', { q: q || undefined, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useUserMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: USERS_KEY });
  return {
    create: useMutation({ mutationFn: (body: z.input<typeof zUserCreate>) => api.post<User>('/users', body), onSuccess: done }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: number; body: z.input<typeof zUserUpdate> }) => api.patch<User>(`/users/${id}`, body),
      onSuccess: done,
    }),
    setRoles: useMutation({
      mutationFn: ({ id, body }: { id: number; body: z.input<typeof zUserRoles> }) => api.put<User>(`/users/${id}/roles`, body),
      onSuccess: done,
    }),
    resetPassword: useMutation({
      mutationFn: ({ id, password }: { id: number; password: string }) => api.post<{ ok: true }>(`/users/${id}/password`, { password }),
    }),
    unlock: useMutation({ mutationFn: (id: number) => api.post<User>(`/users/${id}/unlock`), onSuccess: done }),
  };
}
