import { Button, Popconfirm, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { chinaDateTime } from '../../../domain/dates.js';
import type { OnlineSession } from '../../../domain/online.js';
import { useFeedback } from '../../app/feedback';
import { useShowApiError } from '../../app/use-api-error';
import { Page } from '../../components/Page';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useOnlineSessions, useTerminateSession } from './system.api';
import { t } from '../../app/i18n';

/** The browser and system a user agent names, short enough for a column. */
function browserOf(ua: string | null): string {
  if (!ua) return '—';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Chrome\//.test(ua) ? 'Chrome' : /Firefox\//.test(ua) ? 'Firefox' : /Safari\//.test(ua) ? 'Safari' : t('其他');
  const os = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : '';
  return [browser, os].filter(Boolean).join(' · ');
}

/** 在线用户: who is signed in within the security administrator's subtree, and 强制下线. */
export function OnlineUsersPage() {
  const online = useOnlineSessions();
  const terminate = useTerminateSession();
  const { message } = useFeedback();
  const showError = useShowApiError();

  const end = async (s: OnlineSession) => {
    try {
      await terminate.mutateAsync(s.id);
      void message.success(t('已将 {name} 强制下线', { name: s.displayName }));
    } catch (err) {
      showError(err);
    }
  };

  const columns: TableColumnsType<OnlineSession> = [
    {
      title: t('用户'),
      key: 'user',
      render: (_, s) => (
        <span>
          {s.displayName} <span className="muted">（{s.username}）</span> {s.current && <Tag color="blue">{t('当前会话')}</Tag>}
        </span>
      ),
    },
    { title: t('单位'), key: 'org', render: (_, s) => s.org.name },
    { title: t('IP 地址'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
    { title: t('浏览器'), dataIndex: 'userAgent', width: 150, render: (v: string | null) => <span title={v ?? undefined}>{browserOf(v)}</span> },
    { title: t('登录时间'), dataIndex: 'createdAt', width: 150, render: (v: string) => chinaDateTime(v) },
    { title: t('最近活动'), dataIndex: 'lastSeenAt', width: 150, render: (v: string) => chinaDateTime(v) },
    { title: t('无操作将于'), dataIndex: 'endsAt', width: 150, render: (v: string) => t('{at} 结束', { at: chinaDateTime(v) }) },
    {
      title: t('操作'),
      key: 'actions',
      width: 110,
      render: (_, s) =>
        s.current ? (
          <span className="muted">—</span>
        ) : s.canTerminate ? (
          <Popconfirm
            title={t('将 {name} 强制下线？', { name: s.displayName })}
            description={t('对方需重新登录；未保存的填写将丢失。')}
            okText={t('强制下线')}
            okButtonProps={{ danger: true }}
            onConfirm={() => end(s)}
          >
            <Button type="link" danger size="small" data-testid={`terminate-${s.username}`}>
              {t('强制下线')}
            </Button>
          </Popconfirm>
        ) : (
          <Tooltip title={t('三员分立：其他管理员的会话不能由本页结束')}>
            <Button type="link" size="small" disabled>
              {t('强制下线')}
            </Button>
          </Tooltip>
        ),
    },
  ];

  return (
    <Page title={t('在线用户')} subTitle={t('本辖区内已登录且未超时的会话，每 30 秒刷新；强制下线后对方的下一次操作将要求重新登录。')}>
      {online.isError ? (
        <QueryErrorResult error={online.error} onRetry={() => void online.refetch()} />
      ) : (
        <Table<OnlineSession>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={online.data}
          loading={online.isPending}
          pagination={false}
          scroll={{ x: 1000 }}
          data-testid="online-table"
        />
      )}
    </Page>
  );
}
