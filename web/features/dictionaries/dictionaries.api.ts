import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EndpointBody } from '../../../domain/contract.js';
import { dictionaryEndpoints } from '../../../domain/dictionaries.endpoints.js';
import { callEndpoint } from '../../app/api-client';

const DOMAIN_KEY = ['dictionaries', 'item_domain'] as const;
const type = 'item_domain';

export function useDomainDictionary() {
  return useQuery({
    queryKey: DOMAIN_KEY,
    queryFn: async () => (await callEndpoint(dictionaryEndpoints.list, { params: { type } })).data,
    staleTime: 5 * 60_000,
  });
}

export function useDomainMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: DOMAIN_KEY });
  return {
    create: useMutation({
      mutationFn: (body: EndpointBody<typeof dictionaryEndpoints.create>) => callEndpoint(dictionaryEndpoints.create, { params: { type }, body }),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: number; body: EndpointBody<typeof dictionaryEndpoints.update> }) => callEndpoint(dictionaryEndpoints.update, { params: { type, id }, body }),
      onSuccess: done,
    }),
  };
}
