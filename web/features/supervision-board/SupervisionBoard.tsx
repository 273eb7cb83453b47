import { useState } from 'react';
import { Button, Card, Col, Empty, Flex, Progress, Row, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Board, BoardFilter } from '../../../domain/board.js';
import { CATEGORIES, type Category } from '../../../domain/items.js';
import { CATEGORY_LABEL, formatDateCn, LIGHT_LABEL, NOTICE_STATUS_LABEL, periodLabel, REPORT_SLOT_STATE_LABEL } from '../../app/labels';
import { formatOnTimeRate, type ReportSlotState } from '../../../domain/periods.js';
import type { Light } from '../../../domain/supervision.js';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { LightTag } from '../supervision/LightTag';
import { useBoard, useCurrentReports } from './board.api';
import { BoardItemsModal } from './BoardItemsModal';
import { ItemTitleLink, scrollWidth } from './ItemTitleLink';
import { t } from '../../app/i18n';
import { SavedFiltersMenu } from '../saved-filters/SavedFiltersMenu';
import { boardFilterFromValues, boardFilterToValues } from './board-filters';

const LIGHT_ORDER: Light[] = ['red', 'yellow', 'green', 'none'];
const SLOT_COLOR: Partial<Record<ReportSlotState, string>> = { missing: 'red', late: 'volcano', due: 'gold', submitted: 'blue', returned: 'orange', accepted: 'green' };

interface Drill {
  filter: BoardFilter;
  title: string;
}

/** A number that opens the items behind it; zero stays plain. */
function Count({ n, onOpen, testId }: { n: number; onOpen: () => void; testId?: string }) {
  if (!n) return <span data-testid={testId}>0</span>;
  return (
    <Button type="link" size="small" style={{ padding: 0 }} onClick={onOpen} data-testid={testId}>
      {n}
    </Button>
  );
}

/** 督办看板: one consultation (consultationId) or everything in the caller's scope (null). */
export function SupervisionBoard({ consultationId }: { consultationId: number | null }) {
  const board = useBoard(consultationId);
  const [drill, setDrill] = useState<Drill | null>(null);
  if (board.isError) return <QueryErrorResult error={board.error} onRetry={() => void board.refetch()} />;
  const b = board.data;
  if (!b) return <Card loading data-testid="board" />;
  const all = b.scope === 'all';
  const open = (filter: BoardFilter, title: string) => setDrill({ filter, title });
  if (all && b.consultations.length === 0) {
    return (
      <div data-testid="board">
        <Empty description={t('范围内暂无落实中的会商')} />
      </div>
    );
  }

  return (
    <Flex vertical gap={16} data-testid="board">
      {/* The board's filters are its drill-downs: a saved one opens its items. */}
      <Flex justify="flex-end">
        <SavedFiltersMenu page="board" consultationId={null} current={boardFilterToValues(baseOf(b))} onApply={(v) => open(boardFilterFromValues(v), t('常用筛选'))} />
      </Flex>
      <Summary board={b} open={open} />
      {/* Side by side only on wide screens: at 1440 px half a card leaves item titles a few characters. */}
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={10}>
          <LightCategoryTable board={b} open={open} />
        </Col>
        <Col xs={24} xxl={14}>
          <ReportsCard board={b} consultationId={consultationId} />
        </Col>
      </Row>
      <UnitsTable board={b} open={open} />
      <OverdueCard board={b} open={open} />
      <NoticesCard board={b} />
      <BoardItemsModal
        filter={drill?.filter ?? null}
        title={drill?.title ?? ''}
        onClose={() => setDrill(null)}
        onApply={(filter) => setDrill({ filter, title: t('常用筛选') })}
        showConsultation={all}
      />
    </Flex>
  );
}

type Open = (f: BoardFilter, title: string) => void;
const baseOf = (b: Board): BoardFilter => (b.scope === 'consultation' ? { consultationId: b.consultations[0]?.id } : {});

function Summary({ board: b, open }: { board: Board; open: Open }) {
  const base = baseOf(b);
  const stat = (title: string, value: number, filter: BoardFilter | null, color?: string, testId?: string) => (
    <Col xs={12} md={8} lg={4}>
      <Card size="small" hoverable={Boolean(filter && value)} onClick={() => filter && value && open(filter, title)} data-testid={testId}>
        <Statistic title={title} value={value} styles={{ content: color ? { color } : undefined }} />
      </Card>
    </Col>
  );
  return (
    <Row gutter={[12, 12]}>
      {stat(t('事项总数'), b.totals.items, base, undefined, 'board-total')}
      {stat(t('红灯'), b.totals.byLight.red, { ...base, light: 'red' }, '#cf1322', 'board-total-red')}
      {stat(t('黄灯'), b.totals.byLight.yellow, { ...base, light: 'yellow' }, '#d48806', 'board-total-yellow')}
      {stat(t('绿灯'), b.totals.byLight.green, { ...base, light: 'green' }, '#389e0d', 'board-total-green')}
      {stat(t('逾期未完成'), b.totals.overdue, { ...base, overdue: true }, '#cf1322', 'board-total-overdue')}
      {stat(t('未结督办单'), b.totals.openNotices, null, undefined, 'board-total-notices')}
    </Row>
  );
}

function LightCategoryTable({ board: b, open }: { board: Board; open: Open }) {
  const cell = (light: Light, category: Category) => b.lightByCategory.find((c) => c.light === light && c.category === category)!;
  const rows = CATEGORIES.map((category) => ({ category }));
  return (
    <Card size="small" title={t('亮灯 × 类别')}>
      <Table
        rowKey="category"
        size="small"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 140 + LIGHT_ORDER.length * 80 }}
        data-testid="board-light-category"
        columns={[
          { title: t('类别'), dataIndex: 'category', width: 140, render: (c: Category) => CATEGORY_LABEL[c] },
          // No width: the light columns share what the card has left.
          ...LIGHT_ORDER.map((light) => ({
            title: <LightTag light={light} reasons={[]} />,
            key: light,
            align: 'center' as const,
            render: (_: unknown, r: { category: Category }) => {
              const c = cell(light, r.category);
              return <Count n={c.count} onOpen={() => open(c.filter, `${CATEGORY_LABEL[r.category]} · ${LIGHT_LABEL[light]}`)} testId={`board-cell-${light}-${r.category}`} />;
            },
          })),
        ]}
      />
    </Card>
  );
}

function UnitsTable({ board: b, open }: { board: Board; open: Open }) {
  type Row = Board['byLeadUnit'][number];
  const columns: TableColumnsType<Row> = [
    { title: t('牵头单位'), key: 'unit', ellipsis: true, render: (_, r) => r.leadUnit?.name ?? t('（未定牵头单位）') },
    {
      title: t('事项'),
      key: 'total',
      width: 70,
      align: 'center',
      render: (_, r) => <Count n={r.total} onOpen={() => open(r.filter, t('{unit} · 全部事项', { unit: r.leadUnit?.name ?? t('未定牵头单位') }))} />,
    },
    ...(['red', 'yellow', 'green'] as const).map((light) => ({
      title: LIGHT_LABEL[light],
      key: light,
      width: 70,
      align: 'center' as const,
      render: (_: unknown, r: Row) => (
        <Count n={r.byLight[light]} onOpen={() => open({ ...r.filter, light }, `${r.leadUnit?.name ?? t('未定牵头单位')} · ${LIGHT_LABEL[light]}`)} />
      ),
    })),
    {
      title: t('按时报送率'),
      key: 'rate',
      width: 220,
      render: (_, r) =>
        r.onTimeRate === null ? (
          <Typography.Text type="secondary">{t('尚无应报')}</Typography.Text>
        ) : (
          <Space>
            <Progress
              percent={r.onTimeRate * 100}
              format={() => formatOnTimeRate(r.onTimeRate)}
              size="small"
              style={{ width: 110, margin: 0 }}
              status={r.onTimeRate < 0.6 ? 'exception' : 'normal'}
            />
            <Typography.Text type="secondary">
              {r.reportsOnTime}/{r.reportsOwed}
            </Typography.Text>
          </Space>
        ),
    },
  ];
  return (
    <Card size="small" title={t('牵头单位')}>
      <Table<Row>
        rowKey={(r) => r.leadUnit?.id ?? 0}
        size="small"
        pagination={{ pageSize: 15, hideOnSinglePage: true }}
        dataSource={b.byLeadUnit}
        data-testid="board-units"
        scroll={{ x: scrollWidth(columns) }}
        columns={columns}
      />
    </Card>
  );
}

function OverdueCard({ board: b, open }: { board: Board; open: Open }) {
  type Row = Board['overdue'][number];
  const columns: TableColumnsType<Row> = [
    {
      title: t('事项'),
      dataIndex: 'title',
      ellipsis: { showTitle: false },
      render: (t: string, r) => <ItemTitleLink consultationId={r.consultationId} itemId={r.id} title={t} />,
    },
    ...(b.scope === 'all' ? [{ title: t('会商'), dataIndex: 'consultationTitle', width: 180, ellipsis: true }] : []),
    { title: t('牵头单位'), key: 'lead', width: 200, ellipsis: true, render: (_: unknown, r: Row) => r.leadUnit?.name ?? '—' },
    { title: t('完成时限'), dataIndex: 'deadline', width: 130, render: (d: string) => formatDateCn(d) },
    { title: t('逾期'), dataIndex: 'daysOverdue', width: 80, render: (d: number) => <Typography.Text type="danger">{t('{n} 天', { n: d })}</Typography.Text> },
    { title: t('亮灯'), dataIndex: 'light', width: 90, render: (l: Light, r: Row) => <LightTag light={l} reasons={r.lightReasons} /> },
  ];
  return (
    <Card
      size="small"
      title={t('逾期事项（{n}）', { n: b.totals.overdue })}
      extra={
        b.totals.overdue > 0 && (
          <Button type="link" size="small" onClick={() => open({ ...baseOf(b), overdue: true }, t('逾期未完成的事项'))}>
            {t('全部')}
          </Button>
        )
      }
    >
      <Table<Row>
        rowKey="id"
        size="small"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={b.overdue}
        data-testid="board-overdue"
        locale={{ emptyText: t('没有逾期事项') }}
        scroll={{ x: scrollWidth(columns) }}
        columns={columns}
      />
    </Card>
  );
}

function ReportsCard({ board: b, consultationId }: { board: Board; consultationId: number | null }) {
  type Row = Board['currentReports']['rows'][number];
  const list = useCurrentReports(consultationId, b.currentReports);
  const total = Object.values(b.currentReports.byState).reduce((a, n) => a + n, 0);
  const periods = [...new Set(b.consultations.map((c) => c.currentPeriod).filter((p): p is string => p !== null))];
  const columns: TableColumnsType<Row> = [
    {
      title: t('事项'),
      dataIndex: 'itemTitle',
      ellipsis: { showTitle: false },
      render: (t: string, r) => <ItemTitleLink consultationId={r.consultationId} itemId={r.itemId} title={t} />,
    },
    { title: t('牵头单位'), key: 'lead', width: 200, ellipsis: true, render: (_, r) => r.leadUnit?.name ?? '—' },
    { title: t('截止'), dataIndex: 'dueOn', width: 130, render: (d: string) => formatDateCn(d) },
    { title: t('亮灯'), dataIndex: 'light', width: 90, render: (l: Light, r: Row) => <LightTag light={l} reasons={r.lightReasons} /> },
    { title: t('状态'), dataIndex: 'state', width: 100, render: (s: ReportSlotState) => <Tag color={SLOT_COLOR[s]}>{REPORT_SLOT_STATE_LABEL[s]}</Tag> },
  ];
  return (
    <Card size="small" title={periods.length === 1 ? t('本期进展报告（{period}）', { period: periodLabel(periods[0]!) }) : t('本期进展报告')}>
      <Space wrap style={{ marginBottom: 8 }} data-testid="board-report-states">
        {Object.entries(b.currentReports.byState).map(([state, n]) => (
          <Tag key={state} color={SLOT_COLOR[state as ReportSlotState]}>
            {REPORT_SLOT_STATE_LABEL[state as ReportSlotState] ?? state} {n}
          </Tag>
        ))}
      </Space>
      <Table<Row>
        rowKey={(r) => `${r.itemId}-${r.period}`}
        size="small"
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        dataSource={list.rows}
        locale={{ emptyText: t('本期没有应报的进展报告') }}
        data-testid="board-reports"
        scroll={{ x: scrollWidth(columns) }}
        columns={columns}
      />
      {list.hasMore && (
        <Flex justify="center" align="center" gap={8} style={{ marginTop: 8 }}>
          <Button size="small" onClick={list.loadMore} loading={list.loading} data-testid="board-reports-more">
            {t('加载更多（已显示 {shown} / {total} 项）', { shown: list.rows.length, total })}
          </Button>
          {list.failed && <Typography.Text type="danger">{t('加载失败，请稍后重试')}</Typography.Text>}
        </Flex>
      )}
    </Card>
  );
}

function NoticesCard({ board: b }: { board: Board }) {
  type Row = Board['openNotices'][number];
  const columns: TableColumnsType<Row> = [
    { title: t('文号'), dataIndex: 'number', width: 170, render: (n: string | null) => n ?? <Typography.Text type="secondary">{t('待签发')}</Typography.Text> },
    {
      title: t('事项'),
      dataIndex: 'itemTitle',
      ellipsis: { showTitle: false },
      render: (t: string, r) => <ItemTitleLink consultationId={r.consultationId} itemId={r.itemId} title={t} />,
    },
    { title: t('牵头单位'), key: 'lead', width: 160, ellipsis: true, render: (_, r) => r.leadUnit?.name ?? '—' },
    { title: t('反馈期限'), dataIndex: 'responseDue', width: 130, render: (d: string) => formatDateCn(d) },
    {
      title: t('状态'),
      key: 'status',
      width: 170,
      render: (_, r) => (
        <Space size={4}>
          <Tag>{NOTICE_STATUS_LABEL[r.status]}</Tag>
          {r.overdue && <Tag color="red">{t('逾期未反馈')}</Tag>}
        </Space>
      ),
    },
  ];
  return (
    <Card size="small" title={t('未结督办单（{n}）', { n: b.openNotices.length })}>
      <Table<Row>
        rowKey="id"
        size="small"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={b.openNotices}
        data-testid="board-notices"
        locale={{ emptyText: t('没有未结的督办单') }}
        scroll={{ x: scrollWidth(columns) }}
        columns={columns}
      />
    </Card>
  );
}
