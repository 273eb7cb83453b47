import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EndpointBody } from '../../../domain/contract.js';
import { organisationEndpoints } from '../../../domain/organisations.endpoints.js';
import { callEndpoint } from '../../app/api-client';

export const ORGS_KEY = ['organisations'] as const;

export function useOrganisations() {
  return useQuery({
    queryKey: ORGS_KEY,
    queryFn: async () => (await callEndpoint(organisationEndpoints.list)).data,
    staleTime: 5 * 60_000,
  });
}

export function useOrgMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: ORGS_KEY });
  return {
    create: useMutation({ mutationFn: (body: EndpointBody<typeof organisationEndpoints.create>) => callEndpoint(organisationEndpoints.create, { body }), onSuccess: done }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: number; body: EndpointBody<typeof organisationEndpoints.update> }) => callEndpoint(organisationEndpoints.update, { params: { id }, body }),
      onSuccess: done,
    }),
    remove: useMutation({ mutationFn: (id: number) => callEndpoint(organisationEndpoints.remove, { params: { id } }), onSuccess: done }),
  };
}
