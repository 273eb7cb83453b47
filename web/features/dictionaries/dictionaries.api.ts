import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { DictItem, zDictCreate, zDictUpdate } from '../../../domain/dictionaries.js';
import { api } from '../../app/api-client';

const DOMAIN_KEY = ['dictionaries', 'item_domain'] as const;

export function useDomainDictionary() {
  return useQuery({
    queryKey: DOMAIN_KEY,
    queryFn: async () => (await api.get<{ data: DictItem[] }>('/dictionaries/item_domain')).data,
    staleTime: 5 * 60_000,
  });
}

export function useDomainMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: DOMAIN_KEY });
  return {
    create: useMutation({
      mutationFn: (body: z.infer<typeof zDictCreate>) => api.post<DictItem>('/dictionaries/item_domain', body),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: number; body: z.infer<typeof zDictUpdate> }) => api.patch<DictItem>(`/dictionaries/item_domain/${id}`, body),
      onSuccess: done,
    }),
  };
}
