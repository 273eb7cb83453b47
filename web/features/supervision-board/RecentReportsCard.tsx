import { Card, Progress, Table, Tag, type TableColumnsType } from 'antd';
import type { RecentReport } from '../../../domain/board.js';
import { chinaDateTime } from '../../../domain/dates.js';
import { CATEGORY_LABEL, periodLabel, REPORT_STATUS_LABEL } from '../../app/labels';
import type { ReportStatus } from '../../../domain/reports.js';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useRecentReports } from './board.api';
import { ItemTitleLink, scrollWidth } from './ItemTitleLink';
import { t } from '../../app/i18n';

const STATUS_COLOR: Record<ReportStatus, string> = { submitted: 'blue', returned: 'orange', accepted: 'green' };

const columnsFor = (consultationId: number): TableColumnsType<RecentReport> => [
  {
    title: t('事项'),
    dataIndex: 'itemTitle',
    ellipsis: { showTitle: false },
    render: (t: string, r) => <ItemTitleLink consultationId={consultationId} itemId={r.itemId} title={t} />,
  },
  { title: t('类别'), dataIndex: 'category', width: 120, render: (c: RecentReport['category']) => CATEGORY_LABEL[c] },
  { title: t('报送期'), dataIndex: 'period', width: 130, render: (p: string) => periodLabel(p) },
  { title: t('进度'), dataIndex: 'percent', width: 140, render: (p: number) => <Progress percent={p} size="small" /> },
  { title: t('报送单位'), key: 'org', width: 180, ellipsis: true, render: (_, r) => r.authorOrg.name },
  { title: t('报送时间'), dataIndex: 'submittedAt', width: 150, render: (at: string) => chinaDateTime(at) },
  { title: t('审核'), dataIndex: 'status', width: 90, render: (s: ReportStatus) => <Tag color={STATUS_COLOR[s]}>{REPORT_STATUS_LABEL[s]}</Tag> },
];

/** The reports that came in last, newest first: what the units have been saying. */
export function RecentReportsCard({ consultationId }: { consultationId: number }) {
  const recent = useRecentReports(consultationId);
  const columns = columnsFor(consultationId);
  return (
    <Card size="small" title={t('最近报送的进展报告')}>
      {recent.isError ? (
        <QueryErrorResult error={recent.error} onRetry={() => void recent.refetch()} />
      ) : (
        <Table<RecentReport>
          rowKey="id"
          size="small"
          loading={recent.isPending}
          dataSource={recent.data?.data ?? []}
          pagination={false}
          locale={{ emptyText: t('尚无进展报告') }}
          scroll={{ x: scrollWidth(columns) }}
          columns={columns}
          data-testid="progress-recent-reports"
        />
      )}
    </Card>
  );
}
