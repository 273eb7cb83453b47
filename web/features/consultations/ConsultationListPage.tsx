import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Flex, Input, InputNumber, Select, Table, Tooltip, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { CONSULTATION_STATUSES, type ConsultationDetail, type ConsultationStatus } from '../../../domain/consultations.js';
import { CATEGORY_LABEL, CONSULTATION_STATUS_LABEL } from '../../app/labels';
import { t } from '../../app/i18n';
import { CATEGORIES } from '../../../domain/items.js';
import { Page } from '../../components/Page';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { hasPermission, useSession } from '../auth/session';
import { useConsultations, type ConsultationFilters } from './consultations.api';
import { countsSummary, partiesText } from './consultation-format';
import { ConsultationFormModal } from './ConsultationFormModal';
import { ConsultationStatusTag } from './ConsultationStatusTag';

const CATEGORY_HINT = t('括号内依次为{categories}事项数', { categories: CATEGORIES.map((c) => CATEGORY_LABEL[c]).join(t('、')) });

const columns: TableColumnsType<ConsultationDetail> = [
  {
    title: t('会商名称'),
    dataIndex: 'title',
    render: (title: string, c) => (
      <Link to={`/consultations/${c.id}`} data-testid="consultation-link">
        {title}
      </Link>
    ),
  },
  { title: t('年度'), dataIndex: 'year', width: 90, render: (y: number) => t('{year}年', { year: y }) },
  { title: t('发起方'), dataIndex: ['hostOrg', 'name'], width: 180 },
  { title: t('会商方'), key: 'partners', width: 200, render: (_, c) => partiesText(c) },
  { title: t('状态'), dataIndex: 'status', width: 100, render: (s: ConsultationStatus) => <ConsultationStatusTag status={s} /> },
  {
    title: (
      <Tooltip title={CATEGORY_HINT}>
        <span>{t('清单事项')}</span>
      </Tooltip>
    ),
    key: 'counts',
    width: 170,
    render: (_, c) => countsSummary(c.counts),
  },
];

export function ConsultationListPage() {
  const me = useSession();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<ConsultationFilters>({});
  const [creating, setCreating] = useState(false);
  const list = useConsultations(filters);

  return (
    <Page
      title={t('会商')}
      subTitle={t('本单位参与或发起的局县科技会商')}
      extra={
        hasPermission(me, 'consultation.create') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-consultation">
            {t('发起会商')}
          </Button>
        )
      }
    >
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Select<ConsultationStatus>
          allowClear
          placeholder={t('全部状态')}
          style={{ width: 140 }}
          value={filters.status}
          onChange={(status) => setFilters((f) => ({ ...f, status }))}
          options={CONSULTATION_STATUSES.map((s) => ({ value: s, label: CONSULTATION_STATUS_LABEL[s] }))}
        />
        <InputNumber<number>
          placeholder={t('年度')}
          min={2000}
          max={2100}
          precision={0}
          style={{ width: 120 }}
          value={filters.year}
          onChange={(year) => setFilters((f) => ({ ...f, year: year ?? undefined }))}
        />
        <Input.Search allowClear placeholder={t('搜索会商名称或主题')} style={{ width: 280 }} onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim() || undefined }))} />
      </Flex>
      {list.isError ? (
        <QueryErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<ConsultationDetail>
          rowKey="id"
          columns={columns}
          dataSource={list.data}
          loading={list.isPending}
          pagination={false}
          locale={{ emptyText: t('暂无会商') }}
          onRow={(c) => ({ onDoubleClick: () => void navigate(`/consultations/${c.id}`) })}
        />
      )}
      <ConsultationFormModal open={creating} onClose={() => setCreating(false)} onCreated={(c) => void navigate(`/consultations/${c.id}`)} />
    </Page>
  );
}
