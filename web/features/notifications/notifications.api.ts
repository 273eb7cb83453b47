import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DeliveryRow, DeliveryStatus, Notification, OrgWebhooks, OrgWebhooksUpdate, Reminder, WebhookKind } from '../../../domain/notifications.js';
import { api, type Page } from '../../app/api-client';
import { itemKeys } from '../items/items.api';

type Inbox = Page<Notification> & { unreadCount: number };

const inboxKeys = {
  all: ['notifications'] as const,
  count: ['notifications', 'count'] as const,
  list: (unread: boolean) => ['notifications', 'list', unread] as const,
};

/** The unread count for the header bell; polled so new reminders show without a reload. */
export function useUnreadCount() {
  return useQuery({
    queryKey: inboxKeys.count,
    queryFn: async () => (await api.get<Inbox>('/notifications', { limit: 1, unread: 'true' })).unreadCount,
    refetchInterval: 60_000,
  });
}

export function useInbox(unread: boolean) {
  return useInfiniteQuery({
    queryKey: inboxKeys.list(unread),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => api.get<Inbox>('/notifications', { limit: 30, cursor: pageParam, unread: unread ? 'true' : undefined }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useInboxMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: inboxKeys.all });
  return {
    markRead: useMutation({ mutationFn: (id: number) => api.post<Notification>(`/notifications/${id}/read`), onSuccess: done }),
    markAll: useMutation({ mutationFn: () => api.post<{ ok: true; count: number }>('/notifications/read-all'), onSuccess: done }),
  };
}

const reminderKeys = { ofItem: (itemId: number) => [...itemKeys.one(itemId), 'reminders'] as const };

export function useReminders(itemId: number) {
  return useQuery({ queryKey: reminderKeys.ofItem(itemId), queryFn: async () => (await api.get<Page<Reminder>>(`/items/${itemId}/reminders`)).data });
}

export function useSendReminder(itemId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (note: string) => api.post<Reminder>(`/items/${itemId}/reminders`, { note }),
    onSuccess: () => qc.invalidateQueries({ queryKey: reminderKeys.ofItem(itemId) }),
  });
}

const webhookKeys = { ofOrg: (orgId: number) => ['organisations', orgId, 'webhooks'] as const };

export function useOrgWebhooks(orgId: number | null) {
  return useQuery({
    queryKey: webhookKeys.ofOrg(orgId ?? 0),
    queryFn: () => api.get<OrgWebhooks>(`/organisations/${orgId}/webhooks`),
    enabled: orgId !== null,
  });
}

export function useWebhookMutations(orgId: number) {
  const qc = useQueryClient();
  return {
    save: useMutation({
      mutationFn: (body: OrgWebhooksUpdate) => api.put<OrgWebhooks>(`/organisations/${orgId}/webhooks`, body),
      onSuccess: (data) => qc.setQueryData(webhookKeys.ofOrg(orgId), data),
    }),
    test: useMutation({ mutationFn: (kind: WebhookKind) => api.post<{ ok: boolean; error: string | null }>(`/organisations/${orgId}/webhooks/test`, { kind }) }),
  };
}

export function useOwnEmail() {
  return useQuery({ queryKey: ['me', 'email'], queryFn: () => api.get<{ email: string | null }>('/me/email') });
}

export function useSetOwnEmail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (email: string | null) => api.put<{ email: string | null }>('/me/email', { email }),
    onSuccess: (data) => qc.setQueryData(['me', 'email'], data),
  });
}

export function useDeliveries(status: DeliveryStatus | undefined) {
  return useInfiniteQuery({
    queryKey: ['deliveries', status ?? 'all'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => api.get<Page<DeliveryRow>>('/deliveries', { limit: 50, cursor: pageParam, status }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
