import { useState } from 'react';
import { Button, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { comparisonUrl, formatValue, useCatalogue, useComparison, yearOptions } from './indicators.api';
import { currentYear } from './IndicatorsPage';
import { t } from '../../app/i18n';

interface Row {
  key: string;
  label: string;
  values: (number | null)[];
  ranks: (number | null)[];
}

/** The city's counties side by side for a year, ranked per indicator (lower is better where it is), with the weighted score. */
export function ComparisonTab() {
  const catalogue = useCatalogue();
  const [year, setYear] = useState(currentYear() - 2);
  const c = useComparison(year);
  if (c.isError) return <QueryErrorResult error={c.error} onRetry={() => void c.refetch()} />;
  const names = new Map((catalogue.data?.data ?? []).map((x) => [x.code, x]));
  const d = c.data;
  const rows: Row[] = d
    ? [
        { key: 'score', label: t('综合得分'), values: d.scores, ranks: d.scoreRanks },
        ...d.indicators.map((i) => ({
          key: i.code,
          label: `${names.get(i.code)?.name ?? i.code}（${names.get(i.code)?.unit ?? ''}）${names.get(i.code)?.direction === 'down' ? ' ↓' : ''}`,
          values: i.values,
          ranks: i.ranks,
        })),
      ]
    : [];
  const columns: TableColumnsType<Row> = [
    { title: t('指标'), dataIndex: 'label', fixed: 'left', width: 240, render: (v: string, r) => (r.key === 'score' ? <strong>{v}</strong> : v) },
    ...(d?.counties ?? []).map((county, i) => ({
      title: county.name,
      key: county.divisionCode,
      width: 130,
      render: (_: unknown, r: Row) => (
        <span data-testid={`cmp-${r.key}-${county.divisionCode}`}>
          {formatValue(r.values[i])}
          {r.ranks[i] !== null && (
            <Tag color={r.ranks[i] === 1 ? 'gold' : undefined} style={{ marginLeft: 4 }}>
              {t('第{n}', { n: r.ranks[i] })}
            </Tag>
          )}
        </span>
      ),
    })),
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select aria-label={t('对比年度')} style={{ width: 140 }} value={year} onChange={setYear} options={yearOptions(currentYear())} />
        <Button icon={<DownloadOutlined />} href={comparisonUrl(year)} download>
          {t('导出对比表')}
        </Button>
      </Space>
      <Table<Row>
        data-testid="comparison-table"
        rowKey="key"
        size="small"
        pagination={false}
        loading={c.isPending}
        columns={columns}
        dataSource={rows}
        scroll={{ x: 240 + 130 * (d?.counties.length ?? 0) }}
      />
      {d && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('{formula}。权重：{weights}。只计已审核数据。', {
            formula: d.formula,
            weights: d.weights.map((w) => `${names.get(w.indicator)?.name ?? w.indicator} ${w.weight}`).join('，') || t('未设置'),
          })}
        </Typography.Paragraph>
      )}
    </Space>
  );
}
