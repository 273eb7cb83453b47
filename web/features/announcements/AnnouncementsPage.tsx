import { useState } from 'react';
import { ReadFilter } from '../../components/ReadFilter';
import { useSearchParams } from 'react-router';
import { Button, Empty, Flex, List, Tag, Typography } from 'antd';
import type { Announcement } from '../../../domain/announcements.js';
import { chinaDateTime } from '../../../domain/dates.js';
import { ANNOUNCEMENT_KIND_LABEL } from '../../app/labels';
import { Page } from '../../components/Page';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useAnnouncementInbox } from './announcements.api';
import { AnnouncementView } from './AnnouncementView';
import { t } from '../../app/i18n';

const excerpt = (body: string) => (body.length > 120 ? `${body.slice(0, 120)}…` : body);

/** 通知公告 that reached me: pinned first, newest first; ?open=ID opens one (the home page's links). */
export function AnnouncementsPage() {
  const [unread, setUnread] = useState(false);
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('open')) || null;
  const inbox = useAnnouncementInbox(unread);
  const rows = inbox.data?.pages.flatMap((p) => p.data) ?? [];
  const unreadCount = inbox.data?.pages[0]?.unreadCount ?? 0;
  const open = (id: number | null) => setParams(id ? { open: String(id) } : {}, { replace: true });

  return (
    <Page title={t('通知公告')}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <ReadFilter unread={unread} unreadCount={unreadCount} onChange={setUnread} />
      </Flex>
      {inbox.isError ? (
        <QueryErrorResult error={inbox.error} onRetry={() => void inbox.refetch()} />
      ) : (
        <List<Announcement>
          loading={inbox.isPending}
          dataSource={rows}
          locale={{ emptyText: <Empty description={unread ? t('没有未读的通知公告') : t('暂无通知公告')} /> }}
          renderItem={(a) => (
            <List.Item
              data-testid="announcement-row"
              data-unread={a.readAt ? 'false' : 'true'}
              actions={[
                <Button key="open" size="small" type="link" onClick={() => open(a.id)}>
                  {t('查看')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Flex gap={8} align="center" wrap>
                    {a.pinned && <Tag color="red">{t('置顶')}</Tag>}
                    {!a.readAt && <Tag color="blue">{t('未读')}</Tag>}
                    <Tag>{ANNOUNCEMENT_KIND_LABEL[a.kind]}</Tag>
                    <Typography.Link strong={!a.readAt} onClick={() => open(a.id)}>
                      {a.title}
                    </Typography.Link>
                  </Flex>
                }
                description={
                  <>
                    <Typography.Paragraph style={{ whiteSpace: 'pre-line', marginBottom: 4 }}>{excerpt(a.body)}</Typography.Paragraph>
                    <Typography.Text type="secondary">
                      {a.org.name} · {chinaDateTime(a.publishedAt)}
                    </Typography.Text>
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
      <AnnouncementView id={openId} onClose={() => open(null)} />
    </Page>
  );
}
