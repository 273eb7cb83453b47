import { useState } from 'react';
import { Button, Flex, Popconfirm, Segmented, Space, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ANNOUNCEMENT_STATUSES, type Announcement, type AnnouncementStatus } from '../../../domain/announcements.js';
import { chinaDateTime } from '../../../domain/dates.js';
import { ANNOUNCEMENT_KIND_LABEL, ANNOUNCEMENT_STATUS_LABEL } from '../../app/labels';
import { useFeedback } from '../../app/feedback';
import { useShowApiError } from '../../app/use-api-error';
import { Page } from '../../components/Page';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useAnnouncementMutations, useOfficeAnnouncements } from './announcements.api';
import { AnnouncementFormModal } from './AnnouncementFormModal';
import { AnnouncementView, audienceText } from './AnnouncementView';
import { ReceiptsDrawer } from './ReceiptsDrawer';
import { t } from '../../app/i18n';

const STATUS_COLOR: Record<AnnouncementStatus, string> = { draft: 'default', published: 'green', withdrawn: 'orange' };

/** 通知公告 of the caller's office: draft, publish to chosen units and roles, withdraw, and follow the read receipts. */
export function AnnouncementAdminPage() {
  const [status, setStatus] = useState<AnnouncementStatus | undefined>();
  const list = useOfficeAnnouncements(status);
  const m = useAnnouncementMutations();
  const { message } = useFeedback();
  const showError = useShowApiError();
  const [editing, setEditing] = useState<Announcement | 'new' | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const [receiptsOf, setReceiptsOf] = useState<Announcement | null>(null);
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];

  const act = async (what: 'publish' | 'withdraw' | 'remove', a: Announcement) => {
    try {
      const r = await m[what].mutateAsync(a.id);
      if (what === 'publish' && 'receipts' in r) void message.success(t('已发布，送达 {n} 人', { n: r.receipts?.recipients ?? 0 }));
      else void message.success(what === 'withdraw' ? t('已撤回，接收人不再看到该通知') : t('草稿已删除'));
    } catch (err) {
      showError(err);
    }
  };

  const columns: TableColumnsType<Announcement> = [
    {
      title: t('标题'),
      key: 'title',
      render: (_, a) => (
        <Space size={4} wrap>
          {a.pinned && <Tag color="red">{t('置顶')}</Tag>}
          <Tag>{ANNOUNCEMENT_KIND_LABEL[a.kind]}</Tag>
          <Button type="link" size="small" style={{ padding: 0, whiteSpace: 'normal', textAlign: 'left', height: 'auto' }} onClick={() => setViewing(a.id)}>
            {a.title}
          </Button>
        </Space>
      ),
    },
    { title: t('发送范围'), key: 'audience', width: 220, render: (_, a) => <span className="muted">{audienceText(a)}</span> },
    { title: t('状态'), dataIndex: 'status', width: 90, render: (s: AnnouncementStatus) => <Tag color={STATUS_COLOR[s]}>{ANNOUNCEMENT_STATUS_LABEL[s]}</Tag> },
    {
      title: t('阅读'),
      key: 'receipts',
      width: 110,
      render: (_, a) =>
        a.receipts ? (
          <Button type="link" size="small" onClick={() => setReceiptsOf(a)} data-testid="receipts-link">
            {t('{read} / {total} 已读', { read: a.receipts.read, total: a.receipts.recipients })}
          </Button>
        ) : (
          <span className="muted">—</span>
        ),
    },
    { title: t('起草人'), key: 'author', width: 150, render: (_, a) => a.author.name },
    { title: t('发布时间'), key: 'at', width: 150, render: (_, a) => (a.publishedAt ? chinaDateTime(a.publishedAt) : '—') },
    {
      title: t('操作'),
      key: 'actions',
      width: 190,
      render: (_, a) => (
        <Space size={0} wrap>
          {a.can.edit && (
            <Button type="link" size="small" onClick={() => setEditing(a)}>
              {t('编辑')}
            </Button>
          )}
          {a.can.publish && (
            <Popconfirm title={t('发布该通知公告？')} description={t('发送范围内的用户将在工作台看到它。')} okText={t('发布')} onConfirm={() => act('publish', a)}>
              <Button type="link" size="small" data-testid="publish">
                {t('发布')}
              </Button>
            </Popconfirm>
          )}
          {a.can.withdraw && (
            <Popconfirm title={t('撤回该通知公告？')} description={t('接收人将不再看到它；阅读回执保留。')} okText={t('撤回')} onConfirm={() => act('withdraw', a)}>
              <Button type="link" size="small" danger data-testid="withdraw">
                {t('撤回')}
              </Button>
            </Popconfirm>
          )}
          {a.can.delete && (
            <Popconfirm title={t('删除该草稿？')} okText={t('删除')} okButtonProps={{ danger: true }} onConfirm={() => act('remove', a)}>
              <Button type="link" size="small" danger>
                {t('删除')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Page
      title={t('通知公告')}
      subTitle={t('本单位起草和发布的通知公告；发布时按发送单位和角色确定接收人，阅读情况见回执。')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-announcement">
          {t('起草通知公告')}
        </Button>
      }
    >
      <Flex style={{ marginBottom: 12 }}>
        <Segmented<AnnouncementStatus | 'all'>
          value={status ?? 'all'}
          onChange={(v) => setStatus(v === 'all' ? undefined : v)}
          options={[{ value: 'all', label: t('全部') }, ...ANNOUNCEMENT_STATUSES.map((s) => ({ value: s, label: ANNOUNCEMENT_STATUS_LABEL[s] }))]}
        />
      </Flex>
      {list.isError ? (
        <QueryErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Announcement>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={list.isPending}
          pagination={false}
          scroll={{ x: 1000 }}
          data-testid="announcement-table"
        />
      )}
      {list.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('加载更多')}
          </Button>
        </Flex>
      )}
      <AnnouncementFormModal open={editing !== null} announcement={editing === 'new' || editing === null ? undefined : editing} onClose={() => setEditing(null)} />
      <AnnouncementView id={viewing} onClose={() => setViewing(null)} />
      <ReceiptsDrawer announcement={receiptsOf} onClose={() => setReceiptsOf(null)} />
    </Page>
  );
}
