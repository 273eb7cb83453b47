import { useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Modal, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import type { Dashboard, DashboardItem, DashboardItemsFilter } from '../../../domain/dashboard.js';
import { percentOf } from '../../../domain/dashboard.js';
import { dashboardEndpoints as api } from '../../../domain/dashboard.endpoints.js';
import { CATEGORIES } from '../../../domain/items.js';
import { CATEGORY_LABEL, formatDateCn, ITEM_STATUS_LABEL, LIGHT_LABEL } from '../../app/labels';
import type { ItemStatus } from '../../../domain/items.js';
import { LIGHTS } from '../../../domain/supervision.js';
import { callEndpoint } from '../../app/api-client';
import { Page } from '../../components/Page';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { LightTag } from '../supervision/LightTag';
import { ItemTitleLink } from '../supervision-board/ItemTitleLink';
import { hasPermission, useSession } from '../auth/session';
import { CITY_MAP, EChart, type ChartClick } from './EChart';
import { IndicatorCharts } from './IndicatorCharts';
import './dashboard.css';
import { t } from '../../app/i18n';

const LIGHT_COLOR = { green: '#52c41a', yellow: '#faad14', red: '#f5222d', none: '#bfbfbf' } as const;

interface Drill {
  title: string;
  filter: DashboardItemsFilter;
}

/** 数据看板: the agreed items in scope as charts; every bar, point and county opens the items it counts. */
export function DashboardPage() {
  const [scope, setScope] = useState<{ consultationId?: number; year?: number }>({});
  const [drill, setDrill] = useState<Drill | null>(null);
  const q = useQuery({ queryKey: ['dashboard', scope], queryFn: () => callEndpoint(api.summary, { query: scope }), placeholderData: keepPreviousData });
  const d = q.data;
  const readsIndicators = hasPermission(useSession(), 'indicator.read');
  const open = (title: string, filter: Omit<DashboardItemsFilter, 'consultationId' | 'year'>) => setDrill({ title, filter: { ...scope, ...filter } });

  return (
    <Page
      title={t('数据看板')}
      subTitle={t('已通过清单的事项：分类与亮灯、领域、牵头单位、办结趋势与县区对比；点击图中任一数字查看对应事项')}
      extra={
        <Button icon={<PrinterOutlined />} onClick={() => window.print()} className="no-print">
          {t('打印')}
        </Button>
      }
    >
      {q.isError && <QueryErrorResult error={q.error} onRetry={() => void q.refetch()} />}
      {d && (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <ScopeFilter d={d} scope={scope} onChange={setScope} />
          <Totals d={d} open={open} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('分类 × 亮灯')}>
                <CategoryLightChart d={d} open={open} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('县区：事项与红灯')}>
                <CountyMap d={d} open={open} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('领域')}>
                <DomainChart d={d} open={open} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('季度办结趋势')}>
                <QuarterChart d={d} open={open} />
              </Card>
            </Col>
            {readsIndicators && <IndicatorCharts />}
            <Col span={24}>
              <Card size="small" title={t('牵头单位：完成率与按时报送率')}>
                <UnitChart d={d} open={open} />
              </Card>
            </Col>
            <Col span={24}>
              <Card
                size="small"
                title={t('逾期事项（共 {n} 项）', { n: d.overdue.total })}
                extra={d.overdue.total > d.overdue.rows.length && <a onClick={() => open(t('全部逾期事项'), { overdue: 'true' })}>{t('查看全部')}</a>}
              >
                <ItemTable rows={d.overdue.rows} overdue />
              </Card>
            </Col>
          </Row>
        </Space>
      )}
      <DrillModal drill={drill} onClose={() => setDrill(null)} />
    </Page>
  );
}

type Open = (title: string, filter: Omit<DashboardItemsFilter, 'consultationId' | 'year'>) => void;

function ScopeFilter({
  d,
  scope,
  onChange,
}: {
  d: Dashboard;
  scope: { consultationId?: number; year?: number };
  onChange: (s: { consultationId?: number; year?: number }) => void;
}) {
  return (
    <Space wrap className="no-print">
      <Select
        aria-label={t('年度')}
        allowClear
        placeholder={t('落实中的会商')}
        style={{ width: 160 }}
        value={scope.year}
        onChange={(year) => onChange({ year })}
        options={d.options.years.map((y) => ({ value: y, label: t('{y} 年的会商', { y }) }))}
      />
      <Select
        aria-label={t('会商')}
        allowClear
        placeholder={t('全部会商')}
        style={{ width: 360 }}
        value={scope.consultationId}
        onChange={(consultationId) => onChange({ ...scope, consultationId })}
        options={d.options.consultations.filter((c) => !scope.year || c.year === scope.year).map((c) => ({ value: c.id, label: c.title }))}
      />
    </Space>
  );
}

function Totals({ d, open }: { d: Dashboard; open: Open }) {
  const totals = d.totals;
  const rate = percentOf(totals.completionRate);
  return (
    <Row gutter={[16, 16]}>
      {[
        { title: t('事项'), value: totals.items, filter: {} },
        { title: t('红灯'), value: totals.byLight.red, filter: { light: 'red' as const } },
        { title: t('逾期'), value: totals.overdue, filter: { overdue: 'true' as const } },
        { title: t('已办结'), value: totals.completed, filter: { status: 'completed' as const } },
      ].map((s) => (
        <Col xs={12} md={6} key={s.title}>
          <Card size="small" hoverable onClick={() => open(s.title, s.filter)} data-testid={`total-${s.title}`}>
            <Statistic title={s.title} value={s.value} suffix={t('项')} />
          </Card>
        </Col>
      ))}
      <Col span={24}>
        <Typography.Text type="secondary">
          {t('完成率 {rate}（已办结 ÷（事项 − 已取消））；数据截至 {date}。', { rate: rate === null ? '—' : `${rate}%`, date: formatDateCn(d.today) })}
        </Typography.Text>
      </Col>
    </Row>
  );
}

function CategoryLightChart({ d, open }: { d: Dashboard; open: Open }) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 56 },
      // Every category keeps its label: echarts' automatic interval drops the middle one (局县共同推动) when it
      // measures the labels as overlapping (a narrow box, or text measured before the CJK font loads); wrap instead.
      xAxis: { type: 'category', data: CATEGORIES.map((c) => CATEGORY_LABEL[c]), axisLabel: { interval: 0, width: 90, overflow: 'break' } },
      yAxis: { type: 'value', minInterval: 1 },
      series: LIGHTS.map((light) => ({
        name: LIGHT_LABEL[light],
        type: 'bar',
        stack: 'lights',
        itemStyle: { color: LIGHT_COLOR[light] },
        data: CATEGORIES.map((category) => d.byCategoryLight.find((x) => x.category === category && x.light === light)?.count ?? 0),
      })),
    }),
    [d],
  );
  const click = (p: ChartClick) => {
    const light = LIGHTS[p.seriesIndex ?? 0];
    const category = CATEGORIES[p.dataIndex];
    open(`${CATEGORY_LABEL[category]} · ${LIGHT_LABEL[light]}`, { category, light });
  };
  return <EChart option={option} onClick={click} fileName={t('分类亮灯')} testId="chart-category-light" />;
}

function CountyMap({ d, open }: { d: Dashboard; open: Open }) {
  const option = useMemo(() => {
    const max = Math.max(1, ...d.byCounty.map((c) => c.byLight.red));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string }) => {
          const c = d.byCounty.find((x) => x.county.name === p.name);
          return c
            ? t('{county}<br/>事项 {total}，红灯 {red}，逾期 {overdue}', { county: p.name, total: c.total, red: c.byLight.red, overdue: c.overdue })
            : t('{county}<br/>无会商事项', { county: p.name });
        },
      },
      visualMap: { min: 0, max, text: [t('红灯多'), t('少')], calculable: false, inRange: { color: ['#fff1f0', '#f5222d'] }, left: 0, bottom: 0 },
      series: [{ type: 'map', map: CITY_MAP, roam: false, label: { show: true, fontSize: 11 }, data: d.byCounty.map((c) => ({ name: c.county.name, value: c.byLight.red })) }],
    };
  }, [d]);
  const click = (p: ChartClick) => {
    const c = d.byCounty.find((x) => x.county.name === p.name);
    if (c) open(t('{county}的事项', { county: c.county.name }), { countyId: c.county.id });
  };
  return (
    <>
      <EChart option={option} onClick={click} fileName={t('县区红灯')} testId="chart-county-map" height={300} />
      <Table
        size="small"
        rowKey={(r) => r.county.id}
        pagination={false}
        dataSource={d.byCounty}
        columns={[
          { title: t('排名'), key: 'rank', width: 60, render: (_, __, i) => i + 1 },
          {
            title: t('县（区）'),
            key: 'name',
            render: (_, r) => <a onClick={() => open(t('{county}的事项', { county: r.county.name }), { countyId: r.county.id })}>{r.county.name}</a>,
          },
          { title: t('事项'), dataIndex: 'total', width: 70 },
          { title: t('红灯'), key: 'red', width: 70, render: (_, r) => r.byLight.red },
          { title: t('逾期'), dataIndex: 'overdue', width: 70 },
          { title: t('完成率'), dataIndex: 'completionRate', width: 80, render: (v: number | null) => (v === null ? '—' : `${percentOf(v)}%`) },
        ]}
      />
    </>
  );
}

function DomainChart({ d, open }: { d: Dashboard; open: Open }) {
  const rows = d.byDomain.slice(0, 12);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 100, right: 16, top: 8, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((r) => r.domain).reverse(), axisLabel: { interval: 0 } },
      series: LIGHTS.map((light) => ({
        name: LIGHT_LABEL[light],
        type: 'bar',
        stack: 'l',
        itemStyle: { color: LIGHT_COLOR[light] },
        data: rows.map((r) => r.byLight[light]).reverse(),
      })),
    }),
    [rows],
  );
  const click = (p: ChartClick) => {
    const domain = rows[rows.length - 1 - p.dataIndex].domain;
    open(t('领域：{domain}', { domain }), { domain });
  };
  return <EChart option={option} onClick={click} fileName={t('领域')} height={Math.max(220, rows.length * 28 + 40)} />;
}

function QuarterChart({ d, open }: { d: Dashboard; open: Open }) {
  const qs = d.completedByQuarter.quarters;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 32 },
      xAxis: { type: 'category', data: qs.map((q) => t('{year}年{quarter}季度', { year: q.period.slice(0, 4), quarter: q.period.slice(5) })) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: t('办结'), type: 'line', smooth: true, symbolSize: 10, data: qs.map((q) => q.count), itemStyle: { color: '#1677ff' } }],
    }),
    [qs],
  );
  return (
    <>
      <EChart
        option={option}
        onClick={(p) => open(t('{period} 办结的事项', { period: qs[p.dataIndex].period }), { completedIn: qs[p.dataIndex].period })}
        fileName={t('季度办结')}
      />
      {d.completedByQuarter.undated > 0 && <Typography.Text type="secondary">{t('另有 {n} 项办结时未登记日期。', { n: d.completedByQuarter.undated })}</Typography.Text>}
    </>
  );
}

function UnitChart({ d, open }: { d: Dashboard; open: Open }) {
  const units = d.byLeadUnit.slice(0, 20);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 96 },
      xAxis: { type: 'category', data: units.map((u) => u.leadUnit?.name ?? t('未定牵头单位')), axisLabel: { rotate: 35, interval: 0, width: 110, overflow: 'truncate' } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: t('完成率'), type: 'bar', data: units.map((u) => percentOf(u.completionRate)), itemStyle: { color: '#1677ff' } },
        { name: t('按时报送率'), type: 'bar', data: units.map((u) => percentOf(u.onTimeRate)), itemStyle: { color: '#13c2c2' } },
      ],
    }),
    [units],
  );
  const click = (p: ChartClick) => {
    const u = units[p.dataIndex];
    open(t('{unit}牵头的事项', { unit: u.leadUnit?.name ?? t('未定牵头单位') }), { leadUnitId: u.leadUnit?.id ?? 'none' });
  };
  return <EChart option={option} onClick={click} fileName={t('牵头单位')} height={360} />;
}

function ItemTable({ rows, overdue }: { rows: (DashboardItem | (Dashboard['overdue']['rows'][number] & { domain?: string }))[]; overdue?: boolean }) {
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 900 }}
      columns={[
        {
          title: t('事项'),
          dataIndex: 'title',
          ellipsis: { showTitle: false },
          render: (title: string, r) => <ItemTitleLink consultationId={r.consultationId} itemId={r.id} title={title} />,
        },
        { title: t('类别'), dataIndex: 'category', width: 120, render: (c: DashboardItem['category']) => CATEGORY_LABEL[c] },
        { title: t('牵头单位'), key: 'lead', width: 180, ellipsis: true, render: (_, r) => r.leadUnit?.name ?? '—' },
        { title: t('完成时限'), dataIndex: 'deadline', width: 130, render: (v: string | null) => (v ? formatDateCn(v) : t('长期')) },
        ...(overdue
          ? [{ title: t('逾期'), dataIndex: 'daysOverdue', width: 80, render: (n: number) => t('{n} 天', { n }) }]
          : [{ title: t('状态'), dataIndex: 'status', width: 80, render: (s: string) => ITEM_STATUS_LABEL[s as ItemStatus] ?? s }]),
        { title: t('亮灯'), dataIndex: 'light', width: 90, render: (l: DashboardItem['light'], r) => <LightTag light={l} reasons={r.lightReasons} /> },
      ]}
    />
  );
}

function DrillModal({ drill, onClose }: { drill: Drill | null; onClose: () => void }) {
  const items = useQuery({
    queryKey: ['dashboard', 'items', drill?.filter],
    queryFn: () => callEndpoint(api.items, { query: { ...drill!.filter, limit: 200 } }),
    enabled: drill !== null,
  });
  const one = drill?.filter.consultationId;
  return (
    <Modal
      open={drill !== null}
      title={drill ? t('{title}（{n} 项）', { title: drill.title, n: items.data?.total ?? '…' }) : ''}
      footer={null}
      onCancel={onClose}
      width="min(1120px, calc(100vw - 32px))"
      destroyOnHidden
    >
      {items.isError && <QueryErrorResult error={items.error} onRetry={() => void items.refetch()} />}
      {one && (
        <Typography.Paragraph>
          <Link to={`/consultations/${one}/items`}>{t('在会商清单中查看')}</Link>
        </Typography.Paragraph>
      )}
      <div data-testid="drill-items">
        <ItemTable rows={items.data?.data ?? []} />
      </div>
      {items.data?.nextCursor && <Typography.Text type="secondary">{t('只列出前 200 项。')}</Typography.Text>}
    </Modal>
  );
}
