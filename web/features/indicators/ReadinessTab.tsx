import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Card, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { TARGET_LEVEL_LABEL } from '../../app/labels-domain';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { countyTableUrl, formatGrowth, formatValue, useCatalogue, useCounties, useReadiness, yearOptions } from './indicators.api';
import { currentYear } from './IndicatorsPage';
import { t } from '../../app/i18n';

/** 创新型县 readiness: each target indicator against its threshold, the gap, the trend, met or not. */
export function ReadinessTab() {
  const counties = useCounties();
  const catalogue = useCatalogue();
  // The dashboard's map and trend lines open a county and year here (?division=&year=).
  const [params] = useSearchParams();
  const [division, setDivision] = useState<string | null>(params.get('division'));
  const [year, setYear] = useState(Number(params.get('year')) || currentYear() - 2);
  const chosen = division ?? counties.data?.[0]?.divisionCode ?? null;
  const r = useReadiness(chosen, year);
  if (counties.isError) return <QueryErrorResult error={counties.error} onRetry={() => void counties.refetch()} />;
  const names = new Map((catalogue.data?.data ?? []).map((c) => [c.code, c]));
  const d = r.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          aria-label={t('县（区）')}
          style={{ width: 160 }}
          value={chosen}
          onChange={setDivision}
          options={(counties.data ?? []).map((c) => ({ value: c.divisionCode, label: c.name }))}
        />
        <Select aria-label={t('评估年度')} style={{ width: 140 }} value={year} onChange={setYear} options={yearOptions(currentYear())} />
        {chosen && (
          <Button icon={<DownloadOutlined />} href={countyTableUrl(chosen)} download>
            {t('导出指标表')}
          </Button>
        )}
      </Space>
      {r.isError && <QueryErrorResult error={r.error} onRetry={() => void r.refetch()} />}
      {d && (
        <>
          <Card size="small">
            <Space size="large" wrap>
              <Statistic title={t('{county} {year} 年达标指标', { county: d.county.name, year: d.year })} value={d.met} suffix={`/ ${d.total}`} />
              <Typography.Text type="secondary">{t('按已审核数据评估；目标值取该年度及以前设定的最近一次（省级依据川办发〔2018〕60号）。')}</Typography.Text>
            </Space>
          </Card>
          <Table
            data-testid="readiness-table"
            rowKey={(x) => `${x.indicator}:${x.level}`}
            size="middle"
            pagination={false}
            dataSource={d.rows}
            scroll={{ x: 900 }}
            columns={[
              { title: t('指标'), key: 'name', render: (_, x) => `${names.get(x.indicator)?.name ?? x.indicator}（${names.get(x.indicator)?.unit ?? ''}）` },
              { title: t('目标级别'), dataIndex: 'level', width: 90, render: (l: 'province' | 'city') => TARGET_LEVEL_LABEL[l] },
              { title: t('目标值'), dataIndex: 'threshold', width: 90, render: formatValue },
              { title: t('本年值'), dataIndex: 'value', width: 100, render: formatValue },
              { title: t('差距'), dataIndex: 'gap', width: 100, render: (g: number | null) => (g === null ? '—' : `${g >= 0 ? '+' : ''}${formatValue(g)}`) },
              { title: t('同比'), dataIndex: 'growthPct', width: 90, render: (g: number | null) => formatGrowth(g) },
              { title: t('年均增长'), dataIndex: 'averageGrowthPct', width: 100, render: (g: number | null) => formatGrowth(g) },
              {
                title: t('趋势'),
                key: 'trend',
                render: (_, x) => (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {x.series.map((s) => `${s.year}: ${formatValue(s.value)}`).join(' → ')}
                  </Typography.Text>
                ),
              },
              {
                title: t('达标'),
                dataIndex: 'met',
                width: 80,
                render: (m: boolean | null) => (m === null ? <Tag>{t('缺数据')}</Tag> : m ? <Tag color="success">{t('达标')}</Tag> : <Tag color="error">{t('未达标')}</Tag>),
              },
            ]}
          />
        </>
      )}
    </Space>
  );
}
