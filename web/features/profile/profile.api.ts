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

const TWO_FACTOR_KEY = ['me', 'two-factor'] as const;

export function useTwoFactorStatus() {
  return useQuery({ queryKey: TWO_FACTOR_KEY, queryFn: () => callEndpoint(authEndpoints.twoFactor) });
}

/**
 * Enrolment, switching off and new recovery codes. The signed-in user (ME_KEY) is refreshed by the
 * caller, not here: an enrolment screen must keep showing the recovery codes until they are saved.
 */
export function useTwoFactorMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: TWO_FACTOR_KEY });
  return {
    setup: useMutation({ mutationFn: () => callEndpoint(authEndpoints.twoFactorSetup) }),
    enable: useMutation({
      mutationFn: (body: EndpointBody<typeof authEndpoints.twoFactorEnable>) => callEndpoint(authEndpoints.twoFactorEnable, { body }),
      onSuccess: done,
    }),
    disable: useMutation({
      mutationFn: (body: EndpointBody<typeof authEndpoints.twoFactorDisable>) => callEndpoint(authEndpoints.twoFactorDisable, { body }),
      onSuccess: done,
    }),
    regenerate: useMutation({
      mutationFn: (body: EndpointBody<typeof authEndpoints.recoveryCodes>) => callEndpoint(authEndpoints.recoveryCodes, { body }),
      onSuccess: done,
    }),
  };
}
