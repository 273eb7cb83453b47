import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authEndpoints } from '../../../domain/auth.endpoints.js';
import type { EndpointBody } from '../../../domain/contract.js';
import { callEndpoint } from '../../app/api-client';

const TOKENS_KEY = ['me', 'tokens'] as const;

export function useTokens() {
  return useQuery({ queryKey: TOKENS_KEY, queryFn: async () => (await callEndpoint(authEndpoints.tokens)).data });
}

export function useProfileMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: TOKENS_KEY });
  return {
    changePassword: useMutation({
      mutationFn: (body: EndpointBody<typeof authEndpoints.changePassword>) => callEndpoint(authEndpoints.changePassword, { body }),
    }),
    createToken: useMutation({
      mutationFn: (body: EndpointBody<typeof authEndpoints.createToken>) => callEndpoint(authEndpoints.createToken, { body }),
      onSuccess: done,
    }),
    revokeToken: useMutation({ mutationFn: (id: number) => callEndpoint(authEndpoints.revokeToken, { params: { id } }), onSuccess: done }),
  };
}
