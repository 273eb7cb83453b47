import { Card, Col, Flex, Row, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import type { Board } from '../../../domain/board.js';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import { formatDateCn } from '../../app/labels';
import type { Light } from '../../../domain/supervision.js';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useItems } from '../items/items.api';
import { LightTag } from '../supervision/LightTag';
import { useBoard } from './board.api';
import { CategoryProgressTable } from './CategoryProgressTable';
import { ItemTitleLink, scrollWidth } from './ItemTitleLink';
import { RecentReportsCard } from './RecentReportsCard';
import { t } from '../../app/i18n';

type Overdue = Board['overdue'][number];

const overdueColumns: TableColumnsType<Overdue> = [
  {
    title: t('事项'),
    dataIndex: 'title',
    ellipsis: { showTitle: false },
    render: (t: string, r) => <ItemTitleLink consultationId={r.consultationId} itemId={r.id} title={t} />,
  },
  { title: t('牵头单位'), key: 'lead', width: 200, ellipsis: true, render: (_, r) => r.leadUnit?.name ?? '—' },
  { title: t('完成时限'), dataIndex: 'deadline', width: 130, render: (d: string) => formatDateCn(d) },
  { title: t('逾期'), dataIndex: 'daysOverdue', width: 80, render: (d: number) => <Typography.Text type="danger">{t('{n} 天', { n: d })}</Typography.Text> },
  { title: t('亮灯'), dataIndex: 'light', width: 90, render: (l: Light, r) => <LightTag light={l} reasons={r.lightReasons} /> },
];

/**
 * 进展: how the agreed items are getting on, read at a glance — by category and status, the latest
 * reports, the overdue ones. The 督办看板 beside it is the supervisor's view of the same items.
 */
export function ConsultationProgressTab({ consultation }: { consultation: ConsultationDetail }) {
  const items = useItems(consultation.id, {});
  const board = useBoard(consultation.id);
  if (items.isError) return <QueryErrorResult error={items.error} onRetry={() => void items.refetch()} />;
  const list = items.data ?? [];
  const counted = list.filter((i) => i.status !== 'cancelled');
  const done = counted.filter((i) => i.status === 'completed').length;
  const stat = (title: string, value: number | string, testId: string, color?: string, suffix?: string) => (
    <Col xs={12} md={8} lg={4}>
      <Card size="small" data-testid={testId}>
        <Statistic title={title} value={value} suffix={suffix} styles={{ content: color ? { color } : undefined }} />
      </Card>
    </Col>
  );

  return (
    <Flex vertical gap={16} data-testid="consultation-progress-tab">
      <Row gutter={[12, 12]}>
        {stat(t('议定事项'), list.length, 'progress-total', undefined, t('项'))}
        {stat(t('已完成'), done, 'progress-completed', '#389e0d', t('项'))}
        {stat(t('完成率'), counted.length ? Math.round((done / counted.length) * 100) : 0, 'progress-rate', undefined, '%')}
        {stat(t('推进中'), list.filter((i) => i.status === 'in_progress').length, 'progress-in-progress', '#1f5fbf', t('项'))}
        {stat(t('红灯'), list.filter((i) => i.light === 'red').length, 'progress-red', '#cf1322', t('项'))}
        {stat(t('逾期未完成'), board.data?.totals.overdue ?? 0, 'progress-overdue', '#cf1322', t('项'))}
      </Row>
      {items.isPending ? <Card loading /> : <CategoryProgressTable consultationId={consultation.id} items={list} />}
      <RecentReportsCard consultationId={consultation.id} />
      <Card size="small" title={t('逾期事项（{n}）', { n: board.data?.totals.overdue ?? 0 })}>
        {board.isError ? (
          <QueryErrorResult error={board.error} onRetry={() => void board.refetch()} />
        ) : (
          <Table<Overdue>
            rowKey="id"
            size="small"
            loading={board.isPending}
            dataSource={board.data?.overdue ?? []}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            locale={{ emptyText: t('没有逾期事项') }}
            scroll={{ x: scrollWidth(overdueColumns) }}
            columns={overdueColumns}
            data-testid="progress-overdue-list"
          />
        )}
      </Card>
    </Flex>
  );
}
