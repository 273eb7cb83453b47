import { Link } from 'react-router';
import { Empty, Flex, Tag } from 'antd';
import { chinaDate } from '../../../domain/dates.js';
import { ANNOUNCEMENT_KIND_LABEL } from '../../app/labels';
import { LoadingLines } from '../../components/Callout';
import { CountBadge } from '../../components/CountBadge';
import { Panel } from '../../components/Panel';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { Text } from '../../components/Text';
import { useAnnouncementInbox } from './announcements.api';
import { t } from '../../app/i18n';

/**
 * 通知公告 on the home page: the latest notices that reached me, unread ones marked. Each opens on
 * the announcements page, so the home page carries no dialog code of its own.
 */
export function AnnouncementsCard() {
  const q = useAnnouncementInbox(false, 5);
  if (q.isPending) return <LoadingLines />;
  if (q.isError) return <QueryErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const first = q.data.pages[0]!;
  return (
    <Panel
      data-testid="home-announcements"
      style={{ marginBottom: 24 }}
      title={
        <Flex gap={8} align="center">
          <span>{t('通知公告')}</span>
          {first.unreadCount > 0 && <CountBadge count={first.unreadCount} overflow={99} />}
        </Flex>
      }
      extra={<Link to="/announcements">{t('全部')}</Link>}
    >
      {first.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无通知公告')} />
      ) : (
        <ul className="task-list">
          {first.data.map((a) => (
            <li key={a.id} className="task-row" data-testid="home-announcement" data-unread={a.readAt ? 'false' : 'true'}>
              <Link to={`/announcements?open=${a.id}`}>
                <Flex gap={6} align="center">
                  {a.pinned && <Tag color="red">{t('置顶')}</Tag>}
                  {!a.readAt && <Tag color="blue">{t('未读')}</Tag>}
                  <Text strong={!a.readAt} ellipsis>
                    {a.title}
                  </Text>
                </Flex>
              </Link>
              <Text secondary ellipsis>
                {ANNOUNCEMENT_KIND_LABEL[a.kind]} · {a.org.name} · {a.publishedAt ? chinaDate(a.publishedAt) : ''}
              </Text>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
