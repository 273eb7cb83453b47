import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { announcementEndpoints as api } from '../../../domain/announcements.endpoints.js';
import type { AnnouncementStatus } from '../../../domain/announcements.js';
import type { EndpointBody } from '../../../domain/contract.js';
import { callEndpoint } from '../../app/api-client';

const keys = {
  all: ['announcements'] as const,
  inbox: (unread: boolean, limit: number) => ['announcements', 'inbox', unread, limit] as const,
  office: (status?: AnnouncementStatus) => ['announcements', 'office', status ?? 'all'] as const,
  one: (id: number) => ['announcements', 'one', id] as const,
  receipts: (id: number, unread: boolean) => ['announcements', 'receipts', id, unread] as const,
};

/** What reached me: newest first, pinned above; the first page carries the unread count. */
export function useAnnouncementInbox(unread: boolean, limit = 20) {
  return useInfiniteQuery({
    queryKey: keys.inbox(unread, limit),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => callEndpoint(api.list, { query: { box: 'inbox', limit, cursor: pageParam, unread: unread ? 'true' : undefined } }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 120_000,
  });
}

export function useOfficeAnnouncements(status?: AnnouncementStatus) {
  return useInfiniteQuery({
    queryKey: keys.office(status),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => callEndpoint(api.list, { query: { box: 'office', limit: 50, cursor: pageParam, status } }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useAnnouncement(id: number | null) {
  return useQuery({ queryKey: keys.one(id ?? 0), enabled: id !== null, queryFn: () => callEndpoint(api.get, { params: { id: id! } }) });
}

export function useAudienceOrgs(enabled: boolean) {
  return useQuery({ queryKey: ['announcements', 'audience-orgs'], enabled, queryFn: async () => (await callEndpoint(api.audience)).data, staleTime: 300_000 });
}

export function useReceipts(id: number | null, unread: boolean) {
  return useQuery({
    queryKey: keys.receipts(id ?? 0, unread),
    enabled: id !== null,
    queryFn: () => callEndpoint(api.receipts, { params: { id: id! }, query: { unread: unread ? 'true' : undefined } }),
  });
}

export function useAnnouncementMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: keys.all });
  return {
    create: useMutation({ mutationFn: (body: EndpointBody<typeof api.create>) => callEndpoint(api.create, { body }), onSuccess: done }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: number; body: EndpointBody<typeof api.update> }) => callEndpoint(api.update, { params: { id }, body }),
      onSuccess: done,
    }),
    remove: useMutation({ mutationFn: (id: number) => callEndpoint(api.remove, { params: { id } }), onSuccess: done }),
    publish: useMutation({ mutationFn: (id: number) => callEndpoint(api.publish, { params: { id } }), onSuccess: done }),
    withdraw: useMutation({ mutationFn: (id: number) => callEndpoint(api.withdraw, { params: { id } }), onSuccess: done }),
    markRead: useMutation({ mutationFn: (id: number) => callEndpoint(api.markRead, { params: { id } }), onSuccess: done }),
  };
}
