import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api-client';

/** Mirrors server/modules/auth/auth.routes.ts (zToken is not in domain/ yet). */
export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const TOKENS_KEY = ['me', 'tokens'] as const;

export function useTokens() {
  return useQuery({ queryKey: TOKENS_KEY, queryFn: async () => (await api.get<{ data: ApiToken[] }>('/me/tokens')).data });
}

export function useProfileMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: TOKENS_KEY });
  return {
    changePassword: useMutation({
      mutationFn: (body: { oldPassword: string; newPassword: string }) => api.post<{ ok: true }>('/me/password', body),
    }),
    createToken: useMutation({
      mutationFn: (body: { name: string; expiresInDays?: number }) => api.post<ApiToken & { token: string }>('/me/tokens', body),
      onSuccess: done,
    }),
    revokeToken: useMutation({ mutationFn: (id: number) => api.delete<{ ok: true }>(`/me/tokens/${id}`), onSuccess: done }),
  };
}
