import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EndpointBody } from '../../../domain/contract.js';
import type { DeliveryStatus, WebhookKind } from '../../../domain/notifications.js';
import { notificationEndpoints as api } from '../../../domain/notifications.endpoints.js';
import { callEndpoint } from '../../app/api-client';
import { changeRequestKeys } from '../change-requests/change-requests.keys';
import { itemKeys } from '../items/items.api';

const inboxKeys = {
  all: ['notifications'] as const,
  count: ['notifications', 'count'] as const,
  list: (unread: boolean) => ['notifications', 'list', unread] as const,
};

/** The unread count for the header bell; polled so new reminders show without a reload. */
export function useUnreadCount() {
  return useQuery({
    queryKey: inboxKeys.count,
    queryFn: async () => (await callEndpoint(api.inbox, { query: { limit: 1, unread: 'true' } })).unreadCount,
    refetchInterval: 60_000,
  });
}

export function useInbox(unread: boolean) {
  return useInfiniteQuery({
    queryKey: inboxKeys.list(unread),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => callEndpoint(api.inbox, { query: { limit: 30, cursor: pageParam, unread: unread ? 'true' : undefined } }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useInboxMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: inboxKeys.all });
  return {
    markRead: useMutation({ mutationFn: (id: number) => callEndpoint(api.markRead, { params: { id } }), onSuccess: done }),
    markAll: useMutation({ mutationFn: () => callEndpoint(api.markAllRead), onSuccess: done }),
  };
}

const reminderKeys = { ofItem: (itemId: number) => [...itemKeys.one(itemId), 'reminders'] as const };

export function useReminders(itemId: number) {
  return useQuery({ queryKey: reminderKeys.ofItem(itemId), queryFn: async () => (await callEndpoint(api.itemReminders, { params: { id: itemId } })).data });
}

export function useSendReminder(itemId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (note: string) => callEndpoint(api.remind, { params: { id: itemId }, body: { note } }),
    // A reminder is part of the item's history too.
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: reminderKeys.ofItem(itemId) }), qc.invalidateQueries({ queryKey: changeRequestKeys.history(itemId) })]),
  });
}

const webhookKeys = { ofOrg: (orgId: number) => ['organisations', orgId, 'webhooks'] as const };

export function useOrgWebhooks(orgId: number | null) {
  return useQuery({
    queryKey: webhookKeys.ofOrg(orgId ?? 0),
    queryFn: () => callEndpoint(api.orgWebhooks, { params: { id: orgId! } }),
    enabled: orgId !== null,
  });
}

export function useWebhookMutations(orgId: number) {
  const qc = useQueryClient();
  return {
    save: useMutation({
      mutationFn: (body: EndpointBody<typeof api.setOrgWebhooks>) => callEndpoint(api.setOrgWebhooks, { params: { id: orgId }, body }),
      onSuccess: (data) => qc.setQueryData(webhookKeys.ofOrg(orgId), data),
    }),
    test: useMutation({ mutationFn: (kind: WebhookKind) => callEndpoint(api.testOrgWebhook, { params: { id: orgId }, body: { kind } }) }),
  };
}

export function useOwnEmail() {
  return useQuery({ queryKey: ['me', 'email'], queryFn: () => callEndpoint(api.ownEmail) });
}

export function useSetOwnEmail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (email: string | null) => callEndpoint(api.setOwnEmail, { body: { email } }),
    onSuccess: (data) => qc.setQueryData(['me', 'email'], data),
  });
}

export function useDeliveries(status: DeliveryStatus | undefined) {
  return useInfiniteQuery({
    queryKey: ['deliveries', status ?? 'all'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => callEndpoint(api.deliveries, { query: { limit: 50, cursor: pageParam, status } }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
