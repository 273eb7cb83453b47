import { useMemo, useState } from 'react';
import { DownloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntityType, type AuditEntry } from '../../../domain/audit.js';
import { AUDIT_ACTION_LABEL } from '../../app/labels';
import type { Org } from '../../../domain/organisations.js';
import { Page } from '../../components/Page';
import { AuditChainCard } from './AuditChainCard';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useOrganisations } from '../organisations/organisations.api';
import { auditExportUrl, useAuditLog, type AuditFilters } from './audit.api';
import { actionLabel, diffRows, ENTITY_TYPE_OPTIONS, entityText, type DiffRow } from './audit-format';
import { chinaDateTime } from '../../../domain/dates.js';
import { t } from '../../app/i18n';

function AuditDiff({ entry, orgs }: { entry: AuditEntry; orgs: Map<number, Org> }) {
  const rows = diffRows(entry.entityType, entry.before, entry.after, orgs);
  if (rows.length === 0) return <Typography.Text type="secondary">{t('此操作没有记录字段变化。')}</Typography.Text>;
  const onlyAfter = entry.before === null;
  const onlyBefore = entry.after === null;
  const columns: TableColumnsType<DiffRow> = [
    { title: t('字段'), dataIndex: 'field', width: 140 },
    ...(onlyAfter ? [] : [{ title: onlyBefore ? t('删除前') : t('修改前'), dataIndex: 'before', render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> }]),
    ...(onlyBefore ? [] : [{ title: onlyAfter ? t('内容') : t('修改后'), dataIndex: 'after', render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> }]),
  ];
  return (
    <Table<DiffRow>
      rowKey="key"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={false}
      rowClassName={(r) => (r.changed && !onlyAfter && !onlyBefore ? 'diff-changed' : '')}
      data-testid="audit-diff"
    />
  );
}

export function AuditLogPage() {
  const [filters, setFilters] = useState<AuditFilters>({});
  const log = useAuditLog(filters);
  const orgs = useOrganisations();
  const orgMap = useMemo(() => new Map((orgs.data ?? []).map((o) => [o.id, o])), [orgs.data]);
  const rows = log.data?.pages.flatMap((p) => p.data) ?? [];

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('时间'), dataIndex: 'at', width: 170, render: (v: string) => chinaDateTime(v, true) },
    { title: t('操作人'), dataIndex: 'username', width: 150, render: (v: string | null) => v ?? t('系统') },
    { title: t('操作'), dataIndex: 'action', width: 140, render: (v: string) => <Tag color="blue">{actionLabel(v)}</Tag> },
    {
      title: t('对象'),
      key: 'entity',
      render: (_, e) => (
        <span data-testid="audit-entity" title={e.entityId !== null ? t('编号 {id}', { id: e.entityId }) : undefined}>
          {entityText(e)}
        </span>
      ),
    },
    { title: t('IP 地址'), dataIndex: 'ip', width: 140, render: (v: string | null) => v ?? '—' },
  ];

  return (
    <Page title={t('审计日志')} subTitle={t('每一次修改的记录（只读）；展开一行查看修改前后的内容')}>
      <AuditChainCard />
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Select<AuditAction>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('全部操作')}
          style={{ width: 180 }}
          value={filters.action}
          onChange={(action) => setFilters((f) => ({ ...f, action }))}
          options={AUDIT_ACTIONS.map((a) => ({ value: a, label: AUDIT_ACTION_LABEL[a] }))}
        />
        <Select<AuditEntityType>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('全部对象')}
          style={{ width: 160 }}
          data-testid="audit-entity-filter"
          value={filters.entityType}
          onChange={(entityType) => setFilters((f) => ({ ...f, entityType }))}
          options={ENTITY_TYPE_OPTIONS}
        />
        <Input.Search allowClear placeholder={t('操作人用户名')} style={{ width: 220 }} onSearch={(v) => setFilters((f) => ({ ...f, username: v.trim() || undefined }))} />
        <DatePicker.RangePicker
          data-testid="audit-range"
          placeholder={[t('开始日期'), t('结束日期')]}
          onChange={(range) => setFilters((f) => ({ ...f, from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') }))}
        />
        <Button icon={<DownloadOutlined />} href={auditExportUrl(filters)} download data-testid="audit-export">
          {t('导出 Excel')}
        </Button>
      </Flex>
      {log.isError ? (
        <QueryErrorResult error={log.error} onRetry={() => void log.refetch()} />
      ) : (
        <>
          <Table<AuditEntry>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={log.isPending}
            pagination={false}
            expandable={{ expandedRowRender: (e) => <AuditDiff entry={e} orgs={orgMap} />, rowExpandable: (e) => e.before !== null || e.after !== null }}
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
