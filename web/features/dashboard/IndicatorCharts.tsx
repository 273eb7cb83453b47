import { useMemo, useState } from 'react';
import { Card, Col, Select, Space, Typography } from 'antd';
import { useNavigate } from 'react-router';
import type { Indicator, Trend } from '../../../domain/indicators.js';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { formatValue, useCatalogue, useTrend } from '../indicators/indicators.api';
import { CITY_MAP, EChart, type ChartClick } from './EChart';
import { t } from '../../app/i18n';

// Blue for figures (red is the lights' colour); a darker county is a better one, so for a
// lower-is-better indicator (energy use) the scale runs the other way.
const SCALE = ['#e6f4ff', '#0958d9'];
const LINE_COLORS = ['#1677ff', '#13c2c2', '#52c41a', '#fa8c16', '#722ed1', '#eb2f96', '#8c8c8c'];

/** The indicator cards of the dashboard: a map of the counties coloured by one indicator for a year, and its trend lines. */
export function IndicatorCharts() {
  const catalogue = useCatalogue();
  const [code, setCode] = useState('rd_intensity');
  const [year, setYear] = useState<number | null>(null);
  const trend = useTrend(code);
  const navigate = useNavigate();
  const indicators = (catalogue.data?.data ?? []).filter((i) => i.active);
  const ind = indicators.find((i) => i.code === code);
  const tr = trend.data;
  // Unless the user picks one, the latest year with as many counties' accepted figures as any year
  // has: a year only some counties have reported yet would leave most of the map blank.
  const shown = year !== null && tr?.years.includes(year) ? year : tr ? fullestYear(tr) : null;
  const readiness = (divisionCode: string, y: number) => void navigate(`/indicators/readiness?division=${divisionCode}&year=${y}`);

  const pickers = (
    <Space wrap className="no-print">
      <Select
        aria-label={t('看板指标')}
        showSearch={{ optionFilterProp: 'label' }}
        style={{ width: 240 }}
        value={code}
        onChange={setCode}
        options={indicators.map((i) => ({ value: i.code, label: `${i.name}（${i.unit}）` }))}
      />
      <Select
        aria-label={t('指标年度')}
        style={{ width: 110 }}
        value={shown}
        onChange={setYear}
        options={(tr?.years ?? []).map((y) => ({ value: y, label: t('{y} 年', { y }) }))}
      />
    </Space>
  );
  return (
    <>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('县区指标地图')}>
          {pickers}
          {trend.isError ? (
            <QueryErrorResult error={trend.error} onRetry={() => void trend.refetch()} />
          ) : tr && ind && shown ? (
            <IndicatorMap tr={tr} ind={ind} year={shown} onCounty={(c) => readiness(c, shown)} />
          ) : (
            <Typography.Text type="secondary">{t('尚无已审核的指标数据。')}</Typography.Text>
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('指标趋势：{name}', { name: ind?.name ?? '' })}>
          {tr && ind && tr.years.length > 0 ? (
            <TrendChart tr={tr} ind={ind} onPoint={readiness} />
          ) : (
            !trend.isError && <Typography.Text type="secondary">{t('尚无已审核的指标数据。')}</Typography.Text>
          )}
        </Card>
      </Col>
    </>
  );
}

function fullestYear(tr: Trend): number | null {
  const filled = tr.years.map((_, j) => tr.values.filter((row) => row[j] !== null).length);
  const most = Math.max(0, ...filled);
  const j = filled.lastIndexOf(most);
  return most > 0 ? tr.years[j] : null;
}

function IndicatorMap({ tr, ind, year, onCounty }: { tr: Trend; ind: Indicator; year: number; onCounty: (divisionCode: string) => void }) {
  const col = tr.years.indexOf(year);
  const option = useMemo(() => {
    const rows = tr.counties.map((c, i) => ({ name: c.name, value: tr.values[i][col] }));
    const known = rows.map((r) => r.value).filter((v): v is number => v !== null);
    const [min, max] = known.length ? [Math.min(...known), Math.max(...known)] : [0, 1];
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string; value: number }) => `${p.name}<br/>${ind.name}：${Number.isFinite(p.value) ? `${formatValue(p.value)} ${ind.unit}` : t('无已审核数据')}`,
      },
      visualMap: {
        min,
        max: max > min ? max : min + 1,
        text: ind.direction === 'down' ? [t('低（好）'), t('高')] : [t('高'), t('低')],
        calculable: false,
        inRange: { color: ind.direction === 'down' ? [...SCALE].reverse() : SCALE },
        left: 0,
        bottom: 0,
      },
      series: [{ type: 'map', map: CITY_MAP, roam: false, label: { show: true, fontSize: 11 }, data: rows.filter((r) => r.value !== null) }],
    };
  }, [tr, ind, col]);
  const click = (p: ChartClick) => {
    const c = tr.counties.find((x) => x.name === p.name);
    if (c) onCounty(c.divisionCode);
  };
  return <EChart option={option} onClick={click} fileName={t('{name}{year}年', { name: ind.name, year })} testId="chart-indicator-map" height={300} />;
}

function TrendChart({ tr, ind, onPoint }: { tr: Trend; ind: Indicator; onPoint: (divisionCode: string, year: number) => void }) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : `${formatValue(v)} ${ind.unit}`) },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 56, right: 16, top: 32, bottom: 48 },
      xAxis: { type: 'category', data: tr.years.map((y) => t('{y}年', { y })) },
      yAxis: { type: 'value', name: ind.unit, scale: true },
      color: LINE_COLORS,
      series: tr.counties.map((c, i) => ({ name: c.name, type: 'line', connectNulls: false, symbolSize: 8, data: tr.values[i] })),
    }),
    [tr, ind],
  );
  const click = (p: ChartClick) => onPoint(tr.counties[p.seriesIndex ?? 0].divisionCode, tr.years[p.dataIndex]);
  return <EChart option={option} onClick={click} fileName={t('{name}趋势', { name: ind.name })} testId="chart-indicator-trend" height={340} />;
}
