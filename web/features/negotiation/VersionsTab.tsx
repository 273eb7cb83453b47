import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Button, Card, Flex, Select, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { SaveOutlined, SwapRightOutlined } from '@ant-design/icons';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import type { ListVersion } from '../../../domain/negotiation.js';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useDomainDictionary } from '../dictionaries/dictionaries.api';
import { CompareResult } from './CompareResult';
import { useComparison, useVersions, type CompareTarget } from './negotiation.api';
import { VERSION_KIND_LABEL } from './negotiation-model';
import { SaveVersionModal } from './SaveVersionModal';
import { t } from '../../app/i18n';
import { chinaDateTime } from '../../../domain/dates.js';

const when = (iso: string) => chinaDateTime(iso);

function versionOption(v: ListVersion) {
  return { value: v.id, label: t('{label}（{kind} · {time}）', { label: v.label, kind: VERSION_KIND_LABEL[v.kind], time: when(v.createdAt) }) };
}

/** 版本对比: the saved versions of the list, and any two of them (or one and the list now) compared. */
export function VersionsTab({ consultation }: { consultation: ConsultationDetail }) {
  const [params, setParams] = useSearchParams();
  const [saving, setSaving] = useState(false);
  const versions = useVersions(consultation.id);
  const dict = useDomainDictionary();
  const domainLabel = useMemo(() => {
    const map = new Map((dict.data ?? []).map((d) => [d.value, d.label]));
    return (v: string) => map.get(v) ?? v;
  }, [dict.data]);

  const list = useMemo(() => versions.data ?? [], [versions.data]);
  // The choice lives in the address, so a link can open a given comparison; by default the newest version against the list now.
  const from = Number(params.get('from')) || list[0]?.id || null;
  const toParam = params.get('to');
  const to: CompareTarget = toParam && toParam !== 'current' && Number(toParam) ? Number(toParam) : 'current';
  const comparison = useComparison(consultation.id, from, to);
  const canSave = consultation.can.saveVersions;

  const choose = (next: { from?: number; to?: CompareTarget }) =>
    setParams(
      (p) => {
        const q = new URLSearchParams(p);
        if (next.from !== undefined) q.set('from', String(next.from));
        if (next.to !== undefined) q.set('to', String(next.to));
        return q;
      },
      { replace: true },
    );

  const columns: TableColumnsType<ListVersion> = [
    { title: t('版本说明'), dataIndex: 'label', key: 'label' },
    {
      title: t('类型'),
      key: 'kind',
      width: 110,
      render: (_, v) => <Tag color={v.kind === 'adopted' ? 'gold' : 'default'}>{VERSION_KIND_LABEL[v.kind]}</Tag>,
    },
    { title: t('事项数'), key: 'count', width: 90, align: 'right', render: (_, v) => t('{n} 项', { n: v.itemCount }) },
    { title: t('保存人'), dataIndex: 'createdBy', key: 'by', width: 140 },
    { title: t('保存时间'), key: 'at', width: 160, render: (_, v) => when(v.createdAt) },
    {
      title: t('操作'),
      key: 'actions',
      width: 140,
      render: (_, v) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => choose({ from: v.id, to: 'current' })}>
          {t('与当前清单对比')}
        </Button>
      ),
    },
  ];

  if (versions.isError) return <QueryErrorResult error={versions.error} onRetry={() => void versions.refetch()} />;

  return (
    <div data-testid="versions-tab">
      <Card
        size="small"
        title={t('清单版本')}
        extra={
          canSave && (
            <Button type="primary" icon={<SaveOutlined />} onClick={() => setSaving(true)} data-testid="save-version">
              {t('保存版本')}
            </Button>
          )
        }
      >
        <Table<ListVersion>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={list}
          loading={versions.isPending}
          pagination={false}
          locale={{ emptyText: t('尚未保存过版本。保存版本后即可对比清单的变化。') }}
          data-testid="version-list"
        />
      </Card>

      <Card size="small" title={t('版本对比')} style={{ marginTop: 16 }}>
        {list.length === 0 ? (
          <Typography.Text type="secondary">{t('至少保存一个版本后才能对比。')}</Typography.Text>
        ) : (
          <>
            <Flex gap={8} align="center" wrap style={{ marginBottom: 16 }}>
              <Select<number> style={{ width: 320 }} value={from ?? undefined} onChange={(v) => choose({ from: v })} options={list.map(versionOption)} data-testid="compare-from" />
              <SwapRightOutlined />
              <Select<CompareTarget>
                style={{ width: 320 }}
                value={to}
                onChange={(v) => choose({ to: v })}
                options={[{ value: 'current' as const, label: t('当前清单') }, ...list.map(versionOption)]}
                data-testid="compare-to"
              />
            </Flex>
            {from === to ? (
              <Alert type="info" showIcon title={t('请选择两个不同的版本进行对比')} />
            ) : comparison.isError ? (
              <QueryErrorResult error={comparison.error} onRetry={() => void comparison.refetch()} />
            ) : comparison.data ? (
              <Spin spinning={comparison.isFetching}>
                <CompareResult comparison={comparison.data} domainLabel={domainLabel} />
              </Spin>
            ) : (
              <Spin />
            )}
          </>
        )}
      </Card>

      {canSave && <SaveVersionModal consultationId={consultation.id} open={saving} onClose={() => setSaving(false)} />}
    </div>
  );
}
