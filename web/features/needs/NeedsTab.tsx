import { useMemo, useState } from 'react';
import { Button, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { useSearchParams } from 'react-router';
import { PlusOutlined } from '@ant-design/icons';
import { listIsOpen, type ConsultationDetail } from '../../../domain/consultations.js';
import { CATEGORY_LABEL } from '../../app/labels';
import { t } from '../../app/i18n';
import type { Need } from '../../../domain/needs.js';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useDomainDictionary } from '../dictionaries/dictionaries.api';
import { NeedDrawer } from './NeedDrawer';
import { NeedFormModal } from './NeedFormModal';
import { useNeeds } from './needs.api';
import { NeedStatusTag, NeedUrgencyTag } from './NeedTags';
import { chinaDate } from '../../../domain/dates.js';

/** 需求: what the county asked for, and what became of each request. */
export function NeedsTab({ consultation }: { consultation: ConsultationDetail }) {
  const list = useNeeds(consultation.id);
  const dict = useDomainDictionary();
  const [creating, setCreating] = useState(false);
  // ?need=ID (the link from an item's drawer) opens that need straight away.
  const [params] = useSearchParams();
  const linked = Number(params.get('need'));
  const [openId, setOpenId] = useState<number | null>(Number.isInteger(linked) && linked > 0 ? linked : null);

  // The server's policy decides who submits (partner coordinators) and who triages (host coordinators).
  const canSubmit = consultation.can.submitNeeds && listIsOpen(consultation.status);
  const canTriage = consultation.can.triageNeeds;

  const domainLabel = useMemo(() => {
    const map = new Map((dict.data ?? []).map((d) => [d.value, d.label]));
    return (v: string) => map.get(v) ?? v;
  }, [dict.data]);

  if (list.isError) return <QueryErrorResult error={list.error} onRetry={() => void list.refetch()} />;
  const needs = list.data ?? [];

  const columns: TableColumnsType<Need> = [
    {
      title: t('需求名称'),
      dataIndex: 'title',
      render: (_v, n) => <Typography.Link data-testid="need-open">{n.title}</Typography.Link>,
    },
    { title: t('领域'), dataIndex: 'domain', width: 110, render: (v: string) => domainLabel(v) },
    { title: t('紧急程度'), dataIndex: 'urgency', width: 100, render: (_v, n) => <NeedUrgencyTag urgency={n.urgency} /> },
    { title: t('建议类别'), dataIndex: 'suggestedCategory', width: 130, render: (_v, n) => (n.suggestedCategory ? CATEGORY_LABEL[n.suggestedCategory] : '—') },
    { title: t('提交单位'), width: 160, render: (_v, n) => n.submitter.orgName },
    { title: t('状态'), dataIndex: 'status', width: 120, render: (_v, n) => <NeedStatusTag status={n.status} /> },
    { title: t('提交时间'), dataIndex: 'createdAt', width: 120, render: (v: string) => chinaDate(v) },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">
          {t('共 {n} 条需求，待处理 {pending} 条', { n: needs.length, pending: needs.filter((n) => n.status === 'submitted').length })}
        </Typography.Text>
        {canSubmit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="submit-need">
            {t('提交需求')}
          </Button>
        )}
      </Flex>
      <Table<Need>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        columns={columns}
        dataSource={needs}
        pagination={false}
        locale={{ emptyText: t('暂无需求') }}
        onRow={(n) => Object.assign({ 'data-testid': 'need-row', 'data-need-id': String(n.id) }, { style: { cursor: 'pointer' }, onClick: () => setOpenId(n.id) })}
      />
      {canSubmit && <NeedFormModal consultationId={consultation.id} open={creating} onClose={() => setCreating(false)} />}
      <NeedDrawer
        consultation={consultation}
        needId={openId}
        placeholder={needs.find((n) => n.id === openId)}
        candidates={needs}
        canTriage={canTriage}
        domainLabel={domainLabel}
        onClose={() => setOpenId(null)}
      />
    </>
  );
}
