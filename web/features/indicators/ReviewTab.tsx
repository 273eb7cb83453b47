import { useState } from 'react';
import { Button, Drawer, Select, Space, Table, Tag } from 'antd';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../../../domain/indicators.js';
import { SUBMISSION_STATUS_LABEL } from '../../app/labels-domain';
import { chinaDateTime } from '../../../domain/dates.js';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useSubmissions, yearOptions } from './indicators.api';
import { currentYear } from './IndicatorsPage';
import { SheetForm } from './SheetForm';
import { t } from '../../app/i18n';

const COLOR = { draft: 'default', submitted: 'processing', accepted: 'success', returned: 'error' } as const;

/** The city bureau's queue: the counties' sheets waiting for review first, each opened beside the list. */
export function ReviewTab() {
  const [status, setStatus] = useState<SubmissionStatus | undefined>('submitted');
  const [year, setYear] = useState<number | undefined>(undefined);
  const [open, setOpen] = useState<{ division: string; year: number } | null>(null);
  const list = useSubmissions({ status, year });
  if (list.isError) return <QueryErrorResult error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          aria-label={t('状态')}
          allowClear
          placeholder={t('全部状态')}
          style={{ width: 140 }}
          value={status}
          onChange={setStatus}
          options={SUBMISSION_STATUSES.filter((s) => s !== 'draft').map((s) => ({ value: s, label: SUBMISSION_STATUS_LABEL[s] }))}
        />
        <Select aria-label={t('年度')} allowClear placeholder={t('全部年度')} style={{ width: 140 }} value={year} onChange={setYear} options={yearOptions(currentYear())} />
      </Space>
      <Table
        rowKey={(r) => `${r.county.id}:${r.year}`}
        size="middle"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: status === 'submitted' ? t('没有待审核的指标填报') : t('没有记录') }}
        columns={[
          { title: t('县（区）'), key: 'county', render: (_, r) => r.county.name },
          { title: t('年度'), dataIndex: 'year', width: 90 },
          { title: t('状态'), dataIndex: 'status', width: 100, render: (s: SubmissionStatus) => <Tag color={COLOR[s]}>{SUBMISSION_STATUS_LABEL[s]}</Tag> },
          { title: t('已填指标'), dataIndex: 'filled', width: 100 },
          { title: t('提交'), key: 'submitted', render: (_, r) => (r.submittedAt ? `${r.submittedBy ?? ''} · ${chinaDateTime(r.submittedAt)}` : '—') },
          {
            title: t('操作'),
            key: 'open',
            width: 100,
            render: (_, r) => (
              <Button type="link" size="small" onClick={() => setOpen({ division: r.county.divisionCode, year: r.year })}>
                {r.status === 'submitted' ? t('审核') : t('查看')}
              </Button>
            ),
          },
        ]}
      />
      <Drawer open={open !== null} onClose={() => setOpen(null)} size="large" title={t('指标填报')} destroyOnHidden>
        {open && <SheetForm division={open.division} year={open.year} />}
      </Drawer>
    </Space>
  );
}
