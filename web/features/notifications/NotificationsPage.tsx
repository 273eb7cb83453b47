import { useState } from 'react';
import { ReadFilter } from '../../components/ReadFilter';
import { Button, Empty, Flex, List, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import type { EventType } from '../../../domain/events.js';
import { EVENT_TYPE_LABEL } from '../../app/labels';
import type { Notification } from '../../../domain/notifications.js';
import { useShowApiError } from '../../app/use-api-error';
import { Page } from '../../components/Page';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useInbox, useInboxMutations } from './notifications.api';
import { chinaDateTime } from '../../../domain/dates.js';
import { t } from '../../app/i18n';

const typeLabel = (type: string) => EVENT_TYPE_LABEL[type as EventType] ?? t('通知');

/** 通知: the user's inbox, newest first, with mark-read one by one or all at once. */
export function NotificationsPage() {
  const [unread, setUnread] = useState(false);
  const inbox = useInbox(unread);
  const { markRead, markAll } = useInboxMutations();
  const showError = useShowApiError();
  const navigate = useNavigate();
  const rows = inbox.data?.pages.flatMap((p) => p.data) ?? [];
  const unreadCount = inbox.data?.pages[0]?.unreadCount ?? 0;

  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id, { onError: (err) => showError(err) });
    if (n.consultationId) void navigate(`/consultations/${n.consultationId}/items${n.itemId ? `?item=${n.itemId}` : ''}`);
  };

  return (
    <Page title={t('通知')}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <ReadFilter unread={unread} unreadCount={unreadCount} onChange={setUnread} />
        <Button disabled={!unreadCount} loading={markAll.isPending} onClick={() => markAll.mutate(undefined, { onError: (err) => showError(err) })} data-testid="read-all">
          {t('全部标为已读')}
        </Button>
      </Flex>
      {inbox.isError ? (
        <QueryErrorResult error={inbox.error} onRetry={() => void inbox.refetch()} />
      ) : (
        <List<Notification>
          loading={inbox.isPending}
          dataSource={rows}
          locale={{ emptyText: <Empty description={unread ? t('没有未读通知') : t('暂无通知')} /> }}
          renderItem={(n) => (
            <List.Item
              data-testid="notification-row"
              data-unread={n.readAt ? 'false' : 'true'}
              actions={[
                !n.readAt && (
                  <Button key="read" size="small" type="link" onClick={() => markRead.mutate(n.id, { onError: (err) => showError(err) })} data-testid="mark-read">
                    {t('标为已读')}
                  </Button>
                ),
                n.consultationId && (
                  <Button key="open" size="small" type="link" onClick={() => open(n)}>
                    {t('查看')}
                  </Button>
                ),
              ].filter(Boolean)}
            >
              <List.Item.Meta
                title={
                  <Flex gap={8} align="center">
                    {!n.readAt && <Tag color="blue">{t('未读')}</Tag>}
                    <Tag>{typeLabel(n.type)}</Tag>
                    <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                  </Flex>
                }
                description={
                  <>
                    <Typography.Paragraph style={{ whiteSpace: 'pre-line', marginBottom: 4 }}>{n.body}</Typography.Paragraph>
                    <Typography.Text type="secondary">{chinaDateTime(n.createdAt)}</Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      {inbox.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button loading={inbox.isFetchingNextPage} onClick={() => void inbox.fetchNextPage()}>
            {t('加载更多')}
          </Button>
        </Flex>
      )}
    </Page>
  );
}
