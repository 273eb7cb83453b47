import { useMemo, useState } from 'react';
import { Card, Col, Select, Space, Typography } from 'antd';
import { useNavigate } from 'react-router';
import type { Indicator, Trend } from '../../../domain/indicators.js';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { formatValue, useCatalogue, useTrend } from '../indicators/indicators.api';
import { EChart, type ChartClick } from './EChart';

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
  const t = trend.data;
  // Unless the user picks one, the latest year with as many counties' accepted figures as any year
  // has: a year only some counties have reported yet would leave most of the map blank.
  const shown = year !== null && t?.years.includes(year) ? year : t ? fullestYear(t) : null;
  const readiness = (divisionCode: string, y: number) => void navigate(`/indicators/readiness?division=${divisionCode}&year=${y}`);

  const pickers = (
    <Space wrap className="no-print">
      <Select
        aria-label="看板指标"
        showSearch={{ optionFilterProp: 'label' }}
        style={{ width: 240 }}
        value={code}
        onChange={setCode}
        options={indicators.map((i) => ({ value: i.code, label: `${i.name}（${i.unit}）` }))}
      />
      <Select aria-label="指标年度" style={{ width: 110 }} value={shown} onChange={setYear} options={(t?.years ?? []).map((y) => ({ value: y, label: `${y} 年` }))} />
    </Space>
  );
  return (
    <>
      <Col xs={24} xl={12}>
        <Card size="small" title="县区指标地图">
          {pickers}
          {trend.isError ? (
            <QueryErrorResult error={trend.error} onRetry={() => void trend.refetch()} />
          ) : t && ind && shown ? (
            <IndicatorMap t={t} ind={ind} year={shown} onCounty={(c) => readiness(c, shown)} />
          ) : (
            <Typography.Text type="secondary">尚无已审核的指标数据。</Typography.Text>
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={`指标趋势：${ind?.name ?? ''}`}>
          {t && ind && t.years.length > 0 ? (
            <TrendChart t={t} ind={ind} onPoint={readiness} />
          ) : (
            !trend.isError && <Typography.Text type="secondary">尚无已审核的指标数据。</Typography.Text>
          )}
        </Card>
      </Col>
    </>
  );
}

function fullestYear(t: Trend): number | null {
  const filled = t.years.map((_, j) => t.values.filter((row) => row[j] !== null).length);
  const most = Math.max(0, ...filled);
  const j = filled.lastIndexOf(most);
  return most > 0 ? t.years[j] : null;
}

function IndicatorMap({ t, ind, year, onCounty }: { t: Trend; ind: Indicator; year: number; onCounty: (divisionCode: string) => void }) {
  const col = t.years.indexOf(year);
  const option = useMemo(() => {
    const rows = t.counties.map((c, i) => ({ name: c.name, value: t.values[i][col] }));
    const known = rows.map((r) => r.value).filter((v): v is number => v !== null);
    const [min, max] = known.length ? [Math.min(...known), Math.max(...known)] : [0, 1];
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string; value: number }) => `${p.name}<br/>${ind.name}：${Number.isFinite(p.value) ? `${formatValue(p.value)} ${ind.unit}` : '无已审核数据'}`,
      },
      visualMap: {
        min,
        max: max > min ? max : min + 1,
        text: ind.direction === 'down' ? ['低（好）', '高'] : ['高', '低'],
        calculable: false,
        inRange: { color: ind.direction === 'down' ? [...SCALE].reverse() : SCALE },
        left: 0,
        bottom: 0,
      },
      series: [{ type: 'map', map: '广元', roam: false, label: { show: true, fontSize: 11 }, data: rows.filter((r) => r.value !== null) }],
    };
  }, [t, ind, col]);
  const click = (p: ChartClick) => {
    const c = t.counties.find((x) => x.name === p.name);
    if (c) onCounty(c.divisionCode);
  };
  return <EChart option={option} onClick={click} fileName={`${ind.name}${year}年`} testId="chart-indicator-map" height={300} />;
}

function TrendChart({ t, ind, onPoint }: { t: Trend; ind: Indicator; onPoint: (divisionCode: string, year: number) => void }) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : `${formatValue(v)} ${ind.unit}`) },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 56, right: 16, top: 32, bottom: 48 },
      xAxis: { type: 'category', data: t.years.map((y) => `${y}年`) },
      yAxis: { type: 'value', name: ind.unit, scale: true },
      color: LINE_COLORS,
      series: t.counties.map((c, i) => ({ name: c.name, type: 'line', connectNulls: false, symbolSize: 8, data: t.values[i] })),
    }),
    [t, ind],
  );
  const click = (p: ChartClick) => onPoint(t.counties[p.seriesIndex ?? 0].divisionCode, t.years[p.dataIndex]);
  return <EChart option={option} onClick={click} fileName={`${ind.name}趋势`} testId="chart-indicator-trend" height={340} />;
}
