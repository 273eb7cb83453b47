import { Card, Progress, Table, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { CATEGORIES, ITEM_STATUSES, type Category, type Item, type ItemStatus } from '../../../domain/items.js';
import { CATEGORY_LABEL, ITEM_STATUS_LABEL } from '../../app/labels';
import type { Light } from '../../../domain/supervision.js';
import { LightTag } from '../supervision/LightTag';
import { t } from '../../app/i18n';

const LIGHTS_SHOWN = ['red', 'yellow', 'green'] as const;

interface Row {
  key: Category | 'total';
  label: string;
  items: Item[];
  category?: Category;
}

/** The ledger with the filters it reads from a link (items/item-filters.ts). */
function ledgerUrl(consultationId: number, f: { category?: Category; status?: ItemStatus; light?: Light }): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined) qs.set(k, v);
  const s = qs.toString();
  return `/consultations/${consultationId}/items${s ? `?${s}` : ''}`;
}

/** A count that opens the ledger filtered to the items it counts; zero stays plain. */
function CountLink({ n, to, testId }: { n: number; to: string; testId: string }) {
  return n ? (
    <Link to={to} data-testid={testId}>
      {n}
    </Link>
  ) : (
    <span data-testid={testId}>0</span>
  );
}

/** Whole-number average of the items' progress, as the ledger shows each. */
const averageProgress = (items: Item[]) => (items.length ? Math.round(items.reduce((s, i) => s + i.progress, 0) / items.length) : 0);

/** Per category: items by status, average progress and lights, each count a way into the ledger. */
export function CategoryProgressTable({ consultationId, items }: { consultationId: number; items: Item[] }) {
  const rows: Row[] = [
    ...CATEGORIES.map((c) => ({ key: c, label: CATEGORY_LABEL[c], items: items.filter((i) => i.category === c), category: c })),
    { key: 'total' as const, label: t('合计'), items },
  ];
  const link = (r: Row, f: { status?: ItemStatus; light?: Light } = {}) => ledgerUrl(consultationId, { category: r.category, ...f });
  const columns: TableColumnsType<Row> = [
    { title: t('类别'), key: 'label', width: 140, render: (_, r) => (r.key === 'total' ? <strong>{r.label}</strong> : <Link to={link(r)}>{r.label}</Link>) },
    { title: t('事项'), key: 'total', width: 70, align: 'center', render: (_, r) => <CountLink n={r.items.length} to={link(r)} testId={`progress-count-${r.key}`} /> },
    ...ITEM_STATUSES.map((s: ItemStatus) => ({
      title: ITEM_STATUS_LABEL[s],
      key: s,
      width: 76,
      align: 'center' as const,
      render: (_: unknown, r: Row) => <CountLink n={r.items.filter((i) => i.status === s).length} to={link(r, { status: s })} testId={`progress-${s}-${r.key}`} />,
    })),
    {
      title: t('平均进度'),
      key: 'progress',
      width: 180,
      render: (_, r) => <Progress percent={averageProgress(r.items)} size="small" data-testid={`progress-average-${r.key}`} />,
    },
    ...LIGHTS_SHOWN.map((light) => ({
      title: <LightTag light={light} reasons={[]} />,
      key: light,
      width: 80,
      align: 'center' as const,
      render: (_: unknown, r: Row) => <CountLink n={r.items.filter((i) => i.light === light).length} to={link(r, { light })} testId={`progress-light-${light}-${r.key}`} />,
    })),
  ];
  return (
    <Card size="small" title={t('分类进展')}>
      <Table<Row>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={columns}
        scroll={{ x: columns.reduce((s, c) => s + (typeof c.width === 'number' ? c.width : 0), 0) }}
        data-testid="progress-by-category"
      />
    </Card>
  );
}
