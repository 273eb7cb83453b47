import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { EndpointBody } from '../../../domain/contract.js';
import { userEndpoints } from '../../../domain/users.endpoints.js';
import { callEndpoint } from '../../app/api-client';

const USERS_KEY = ['users'] as const;

export function useUsers(q: string) {
  return useInfiniteQuery({
    queryKey: [...USERS_KEY, q],
    queryFn: ({ pageParam }) => callEndpoint(userEndpoints.list, { query: { q: q || undefined, cursor: pageParam, limit: 50 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useUserMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: USERS_KEY });
  return {
    create: useMutation({ mutationFn: (body: EndpointBody<typeof userEndpoints.create>) => callEndpoint(userEndpoints.create, { body }), onSuccess: done }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: number; body: EndpointBody<typeof userEndpoints.update> }) => callEndpoint(userEndpoints.update, { params: { id }, body }),
      onSuccess: done,
    }),
    setRoles: useMutation({
      mutationFn: ({ id, body }: { id: number; body: EndpointBody<typeof userEndpoints.setRoles> }) => callEndpoint(userEndpoints.setRoles, { params: { id }, body }),
      onSuccess: done,
    }),
    resetPassword: useMutation({
      mutationFn: ({ id, password }: { id: number; password: string }) => callEndpoint(userEndpoints.resetPassword, { params: { id }, body: { password } }),
      // The list shows the account as 待改密 (and no longer locked) from now on.
      onSuccess: done,
    }),
    unlock: useMutation({ mutationFn: (id: number) => callEndpoint(userEndpoints.unlock, { params: { id } }), onSuccess: done }),
    resetTwoFactor: useMutation({ mutationFn: (id: number) => callEndpoint(userEndpoints.resetTwoFactor, { params: { id } }), onSuccess: done }),
  };
}
