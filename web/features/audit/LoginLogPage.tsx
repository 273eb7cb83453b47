import { useState } from 'react';
import { Button, Flex, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { LoginEntry } from '../../../domain/audit.js';
import { Page } from '../../components/Page';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useLoginLog, type LoginFilters } from './audit.api';
import { LOGIN_REASON_LABEL } from './audit-format';
import { chinaDateTime } from '../../../domain/dates.js';
import { t } from '../../app/i18n';

const columns: TableColumnsType<LoginEntry> = [
  { title: t('时间'), dataIndex: 'at', width: 170, render: (v: string) => chinaDateTime(v, true) },
  { title: t('用户名'), dataIndex: 'username', width: 160 },
  {
    title: t('结果'),
    dataIndex: 'success',
    width: 90,
    render: (ok: boolean) => (ok ? <Tag color="green">{t('成功')}</Tag> : <Tag color="red">{t('失败')}</Tag>),
  },
  { title: t('原因'), dataIndex: 'reason', width: 180, render: (r: string | null) => (r ? (LOGIN_REASON_LABEL[r] ?? r) : '—') },
  { title: t('IP 地址'), dataIndex: 'ip', width: 140, render: (v: string | null) => v ?? '—' },
  {
    title: t('浏览器'),
    dataIndex: 'userAgent',
    render: (v: string | null) =>
      v ? (
        <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 360 }}>
          {v}
        </Typography.Text>
      ) : (
        '—'
      ),
  },
];

export function LoginLogPage() {
  const [filters, setFilters] = useState<LoginFilters>({});
  const log = useLoginLog(filters);
  const rows = log.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Page title={t('登录日志')} subTitle={t('所有登录尝试，失败记录以红色标出')}>
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Select<'true' | 'false'>
          allowClear
          placeholder={t('全部结果')}
          style={{ width: 140 }}
          value={filters.success}
          onChange={(success) => setFilters((f) => ({ ...f, success }))}
          options={[
            { value: 'true', label: t('成功') },
            { value: 'false', label: t('失败') },
          ]}
        />
        <Input.Search allowClear placeholder={t('用户名')} style={{ width: 220 }} onSearch={(v) => setFilters((f) => ({ ...f, username: v.trim() || undefined }))} />
      </Flex>
      {log.isError ? (
        <QueryErrorResult error={log.error} onRetry={() => void log.refetch()} />
      ) : (
        <>
          <Table<LoginEntry>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={log.isPending}
            pagination={false}
            rowClassName={(r) => (r.success ? '' : 'row-failed')}
            scroll={{ x: 1000 }}
          />
          {log.hasNextPage && (
            <Flex justify="center" style={{ marginTop: 16 }}>
              <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
                {t('加载更多')}
              </Button>
            </Flex>
          )}
        </>
      )}
    </Page>
  );
}
