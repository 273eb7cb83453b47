import { useState } from 'react';
import { ReadFilter } from '../../components/ReadFilter';
import { Drawer, Flex, Progress, Table, Tag, Typography } from 'antd';
import type { Announcement, AnnouncementReceipt } from '../../../domain/announcements.js';
import { chinaDateTime } from '../../../domain/dates.js';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useReceipts } from './announcements.api';
import { t } from '../../app/i18n';

/** 阅读回执: who the notice reached and who has read it, unread first, so the office knows whom to call. */
export function ReceiptsDrawer({ announcement, onClose }: { announcement: Announcement | null; onClose: () => void }) {
  const [unread, setUnread] = useState(false);
  const q = useReceipts(announcement?.id ?? null, unread);
  const total = q.data?.recipients ?? 0;
  const read = q.data?.read ?? 0;
  return (
    <Drawer open={announcement !== null} onClose={onClose} width={640} title={t('阅读回执 · {title}', { title: announcement?.title ?? '' })} destroyOnHidden>
      {q.isError ? (
        <QueryErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <Flex gap={16} align="center" style={{ marginBottom: 12 }} data-testid="receipts-summary">
            <Typography.Text>{t('已读 {read} / {total} 人', { read, total })}</Typography.Text>
            <Progress percent={total ? Math.round((read / total) * 100) : 0} size="small" style={{ width: 200, margin: 0 }} />
            <ReadFilter unread={unread} unreadCount={total - read} onChange={setUnread} />
          </Flex>
          <Table<AnnouncementReceipt>
            rowKey="userId"
            size="small"
            loading={q.isPending}
            dataSource={q.data?.data ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            data-testid="receipts-table"
            columns={[
              { title: t('姓名'), dataIndex: 'displayName' },
              { title: t('单位'), key: 'org', render: (_, r) => r.org.name },
              { title: t('阅读时间'), key: 'readAt', width: 170, render: (_, r) => (r.readAt ? chinaDateTime(r.readAt) : <Tag color="orange">{t('未读')}</Tag>) },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
