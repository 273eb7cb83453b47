import { useState } from 'react';
import { Button, Flex, Select, Table, Tag } from 'antd';
import { DELIVERY_CHANNEL_LABEL, DELIVERY_STATUS_LABEL } from '../../app/labels';
import { DELIVERY_STATUSES, type DeliveryRow, type DeliveryStatus } from '../../../domain/notifications.js';
import { Page } from '../../components/Page';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useDeliveries } from './notifications.api';
import { chinaDateTime } from '../../../domain/dates.js';
import { t } from '../../app/i18n';

const fmt = (v: string | null) => (v ? chinaDateTime(v) : '—');

/** 推送记录: the e-mail and group-robot outbox, where given-up deliveries show with their last error. */
export function DeliveriesPage() {
  const [status, setStatus] = useState<DeliveryStatus | undefined>(undefined);
  const list = useDeliveries(status);
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Page title={t('推送记录')} subTitle={t('通知的电子邮件与群机器人推送；失败的推送按间隔自动重试，超过次数后停止')}>
      <Select<DeliveryStatus | undefined>
        allowClear
        placeholder={t('全部状态')}
        style={{ width: 160, marginBottom: 16 }}
        value={status}
        onChange={setStatus}
        options={DELIVERY_STATUSES.map((s) => ({ value: s, label: DELIVERY_STATUS_LABEL[s] }))}
      />
      {list.isError ? (
        <QueryErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<DeliveryRow>
          rowKey="id"
          size="middle"
          loading={list.isPending}
          dataSource={rows}
          pagination={false}
          columns={[
            { title: t('创建时间'), dataIndex: 'createdAt', width: 150, render: fmt },
            { title: t('渠道'), dataIndex: 'channel', width: 150, render: (c: DeliveryRow['channel']) => DELIVERY_CHANNEL_LABEL[c] },
            { title: t('接收方'), dataIndex: 'target' },
            {
              title: t('状态'),
              dataIndex: 'status',
              width: 100,
              render: (s: DeliveryStatus) => <Tag color={s === 'sent' ? 'green' : s === 'failed' ? 'red' : 'default'}>{DELIVERY_STATUS_LABEL[s]}</Tag>,
            },
            { title: t('尝试次数'), dataIndex: 'attempts', width: 90 },
            { title: t('发送时间'), dataIndex: 'sentAt', width: 150, render: fmt },
            { title: t('最近错误'), dataIndex: 'lastError', render: (v: string | null) => v ?? '—' },
          ]}
        />
      )}
      {list.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('加载更多')}
          </Button>
        </Flex>
      )}
    </Page>
  );
}
