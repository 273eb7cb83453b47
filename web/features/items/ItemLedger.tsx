import { useMemo, useState, type HTMLAttributes, type MouseEvent } from 'react';
import { useSearchParams } from 'react-router';
import { filtersFromSearch, filtersToValues } from './item-filters';
import { BulkActionBar } from './BulkActionBar';
import { SavedFiltersMenu } from '../saved-filters/SavedFiltersMenu';
import { Button, Dropdown, Flex, Input, Progress, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { listIsOpen, type ConsultationDetail } from '../../../domain/consultations.js';
import { CATEGORIES, ITEM_STATUSES, type Category, type Item, type ItemStatus } from '../../../domain/items.js';
import { CATEGORY_LABEL, CATEGORY_SECTION_LABEL, ITEM_STATUS_LABEL, sectionHeading } from '../../app/labels';
import { t } from '../../app/i18n';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useDomainDictionary } from '../dictionaries/dictionaries.api';
import { AgreedCountsBar } from '../negotiation/AgreedCountsBar';
import { AgreementTags } from '../negotiation/AgreementTags';
import { ledgerName } from '../organisations/org-tree';
import { useOrganisations } from '../organisations/organisations.api';
import { deadlineText, ItemDrawer, type DrawerTarget } from './ItemDrawer';
import { useItems, type ItemFilters } from './items.api';
import { ItemStatusTag } from './ItemStatusTag';
import { LedgerToolbar } from '../ledger/LedgerToolbar';
import { LightFilter } from '../supervision/LightFilter';
import { LightTag } from '../supervision/LightTag';
import { DraftFromTextModal } from '../drafting/DraftFromTextModal';

type LedgerRow = { kind: 'section'; key: string; category: Category; heading: string } | { kind: 'item'; key: string; seq: number; item: Item };

/** The office's layout: a heading row per category, then its items numbered from 1 again. */
function ledgerRows(items: Item[]): LedgerRow[] {
  const rows: LedgerRow[] = [];
  CATEGORIES.forEach((category, index) => {
    const inSection = items.filter((i) => i.category === category);
    rows.push({ kind: 'section', key: `section-${category}`, category, heading: sectionHeading(index, category, inSection.length) });
    inSection.forEach((item, i) => rows.push({ kind: 'item', key: `item-${item.id}`, seq: i + 1, item }));
  });
  return rows;
}

/** antd passes onRow's result to the <tr>; data-* keys are not in its type, hence the assign. */
function rowAttrs(data: Record<`data-${string}`, string>, rest: HTMLAttributes<HTMLElement> = {}): HTMLAttributes<HTMLElement> {
  return Object.assign({}, data, rest);
}

/** The item title's share of the ledger's width, never less (about 13 characters). */
const TITLE_MIN_WIDTH = 180;

function fundingText(v: number | null): string {
  return v === null ? '—' : String(Number(v.toFixed(4)));
}

/** 清单: the heart of a consultation. */
export function ItemLedger({ consultation }: { consultation: ConsultationDetail }) {
  // A link from the board or a notification carries its filter and the item to open.
  const [searchParams] = useSearchParams();
  const [fromLink] = useState(() => filtersFromSearch(searchParams));
  const [filters, setFilters] = useState<ItemFilters>(fromLink.filters);
  const [search, setSearch] = useState(fromLink.filters.q ?? '');
  const [target, setTarget] = useState<DrawerTarget | null>(fromLink.itemId ? { mode: 'view', itemId: fromLink.itemId } : null);
  const [drafting, setDrafting] = useState(false);
  const [selectedIds, setSelectedIds] = useState<number[]>([]);
  const list = useItems(consultation.id, filters);
  // The unfiltered list names every lead unit in use, for the filter's choices.
  const all = useItems(consultation.id, {});
  const dict = useDomainDictionary();
  const orgs = useOrganisations();

  const canEdit = consultation.can.editItems && consultation.status !== 'closed';
  const canAdd = canEdit && listIsOpen(consultation.status);
  // The marks matter while the list is negotiated; once adopted every item is agreed.
  const showAgreement = listIsOpen(consultation.status);
  // Lights only mean something once the list is adopted and being carried out.
  const showLights = !showAgreement;

  const domainLabel = useMemo(() => {
    const map = new Map((dict.data ?? []).map((d) => [d.value, d.label]));
    return (v: string) => map.get(v) ?? v;
  }, [dict.data]);
  const orgById = useMemo(() => new Map((orgs.data ?? []).map((o) => [o.id, o])), [orgs.data]);

  const items = useMemo(() => list.data ?? [], [list.data]);
  const rows = useMemo(() => ledgerRows(items), [items]);
  const byDomain = useMemo(() => {
    const m = new Map<string, number>();
    for (const i of items) m.set(i.domain, (m.get(i.domain) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1]);
  }, [items]);
  const leadOptions = useMemo(() => {
    const m = new Map<number, string>();
    for (const i of all.data ?? []) if (i.leadUnitId !== null) m.set(i.leadUnitId, ledgerName(orgById.get(i.leadUnitId), i.leadUnit));
    return [...m].map(([value, label]) => ({ value, label }));
  }, [all.data, orgById]);
  const selected = useMemo(() => items.filter((i) => selectedIds.includes(i.id)), [items, selectedIds]);
  const partyOrgIds = useMemo(() => [consultation.hostOrg.id, ...consultation.partnerOrgs.map((o) => o.id)], [consultation]);
  const applySaved = (values: Record<string, string>) => {
    const next = filtersFromSearch(new URLSearchParams(values)).filters;
    setFilters(next);
    setSearch(next.q ?? '');
  };
  const filtered = Boolean(filters.category || filters.domain || filters.status || filters.leadUnitId || filters.q || filters.light || filters.overdue);

  const sectionCell = (r: LedgerRow) => (r.kind === 'section' ? { colSpan: 0 } : {});
  const columns: TableColumnsType<LedgerRow> = [
    {
      title: t('序号'),
      key: 'seq',
      width: 56,
      align: 'center',
      onCell: (r) => (r.kind === 'section' ? { colSpan: showAgreement || showLights ? 10 : 9 } : {}),
      render: (_, r) => (r.kind === 'section' ? <span data-testid="section-heading">{r.heading}</span> : r.seq),
    },
    {
      title: t('事项名称'),
      key: 'title',
      onCell: sectionCell,
      render: (_, r) =>
        r.kind === 'item' && (
          <>
            <div className="ledger-title">{r.item.title}</div>
            {r.item.content && (
              <div className="ledger-content">
                <Typography.Text type="secondary" ellipsis={{ tooltip: r.item.content }} style={{ fontSize: 12 }}>
                  {r.item.content}
                </Typography.Text>
              </div>
            )}
          </>
        ),
    },
    { title: t('领域'), key: 'domain', width: 80, onCell: sectionCell, render: (_, r) => r.kind === 'item' && domainLabel(r.item.domain) },
    {
      title: t('牵头单位'),
      key: 'lead',
      width: 120,
      onCell: sectionCell,
      render: (_, r) =>
        r.kind === 'item' && (r.item.leadUnitId === null ? '—' : <Tooltip title={r.item.leadUnit}>{ledgerName(orgById.get(r.item.leadUnitId), r.item.leadUnit)}</Tooltip>),
    },
    {
      title: t('配合单位'),
      key: 'co',
      width: 140,
      onCell: sectionCell,
      render: (_, r) =>
        r.kind === 'item' &&
        (r.item.coUnitIds.length === 0 ? (
          '—'
        ) : (
          <Tooltip title={r.item.coUnits.join(t('、'))}>{r.item.coUnitIds.map((id, i) => ledgerName(orgById.get(id), r.item.coUnits[i] ?? null)).join(t('、'))}</Tooltip>
        )),
    },
    { title: t('完成时限'), key: 'deadline', width: 124, onCell: sectionCell, render: (_, r) => r.kind === 'item' && deadlineText(r.item) },
    {
      title: t('资金（万元）'),
      key: 'funding',
      width: 88,
      align: 'right',
      onCell: sectionCell,
      render: (_, r) => r.kind === 'item' && fundingText(r.item.fundingWan),
    },
    {
      title: t('进度'),
      key: 'progress',
      width: 112,
      onCell: sectionCell,
      render: (_, r) => r.kind === 'item' && <Progress percent={r.item.progress} size="small" status={r.item.status === 'delayed' ? 'exception' : undefined} />,
    },
    { title: t('状态'), key: 'status', width: 80, onCell: sectionCell, render: (_, r) => r.kind === 'item' && <ItemStatusTag status={r.item.status} /> },
    ...(showLights
      ? [
          {
            title: t('亮灯'),
            key: 'light',
            width: 80,
            onCell: sectionCell,
            render: (_: unknown, r: LedgerRow) => r.kind === 'item' && <LightTag light={r.item.light} reasons={r.item.lightReasons} />,
          },
        ]
      : []),
    ...(showAgreement
      ? [
          {
            title: t('双方确认'),
            key: 'agreement',
            width: 100,
            // Not fixed to the right edge: on a narrow screen it covered 状态 and the columns before it.
            // The row fits at 1440 px; narrower, the whole row scrolls, its scrollbar kept in view.
            onCell: sectionCell,
            render: (_: unknown, r: LedgerRow) => r.kind === 'item' && <AgreementTags agreement={r.item.agreement} />,
          },
        ]
      : []),
  ];

  const addMenu = {
    // The section label is the category's name with 事项 after it, in either language.
    items: [
      ...CATEGORIES.map((c) => ({ key: c, label: CATEGORY_SECTION_LABEL[c] })),
      { type: 'divider' as const },
      { key: 'draft', label: t('从文本起草…'), 'data-testid': 'draft-from-text' },
    ],
    onClick: ({ key }: { key: string }) => (key === 'draft' ? setDrafting(true) : setTarget({ mode: 'create', category: key as Category })),
  };

  if (list.isError) return <QueryErrorResult error={list.error} onRetry={() => void list.refetch()} />;

  return (
    <div data-testid="item-ledger">
      <Flex gap={12} wrap style={{ marginBottom: 12 }} align="center">
        <Select<string>
          allowClear
          placeholder={t('全部领域')}
          style={{ width: 150 }}
          value={filters.domain}
          onChange={(domain) => setFilters((f) => ({ ...f, domain }))}
          options={(dict.data ?? []).map((d) => ({ value: d.value, label: d.enabled ? d.label : t('{label}（已停用）', { label: d.label }) }))}
          data-testid="filter-domain"
        />
        <Select<ItemStatus>
          allowClear
          placeholder={t('全部状态')}
          style={{ width: 130 }}
          value={filters.status}
          onChange={(status) => setFilters((f) => ({ ...f, status }))}
          options={ITEM_STATUSES.map((s) => ({ value: s, label: ITEM_STATUS_LABEL[s] }))}
          data-testid="filter-status"
        />
        <Select<number>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('全部牵头单位')}
          style={{ width: 220 }}
          value={filters.leadUnitId}
          onChange={(leadUnitId) => setFilters((f) => ({ ...f, leadUnitId }))}
          options={leadOptions}
          data-testid="filter-lead"
        />
        {showLights && <LightFilter filters={filters} onChange={setFilters} />}
        <Input.Search
          allowClear
          placeholder={t('搜索事项名称、内容')}
          style={{ width: 260 }}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim() || undefined }))}
          data-testid="filter-q"
        />
        {filters.category && (
          <Tag closable data-testid="category-filter" onClose={() => setFilters({ ...filters, category: undefined })}>
            {CATEGORY_LABEL[filters.category]}
          </Tag>
        )}
        {filtered && (
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              setFilters({});
              setSearch('');
            }}
          >
            {t('重置')}
          </Button>
        )}
        <SavedFiltersMenu page="items" consultationId={consultation.id} current={filtersToValues(filters)} onApply={applySaved} />
        <div style={{ flex: 1 }} />
        <LedgerToolbar consultationId={consultation.id} filters={filters} canImport={canEdit} />
        {canAdd && (
          <Dropdown menu={addMenu} trigger={['click']}>
            <Button type="primary" icon={<PlusOutlined />} data-testid="add-item">
              {t('新增事项')}
            </Button>
          </Dropdown>
        )}
      </Flex>

      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }} data-testid="ledger-counts">
        <Typography.Text strong>{filtered ? t('筛选结果 {n} 项', { n: items.length }) : t('共 {n} 项', { n: items.length })}</Typography.Text>
        {CATEGORIES.map((c) => (
          <Tag key={c} color="blue" variant="outlined">
            {CATEGORY_LABEL[c]} {items.filter((i) => i.category === c).length}
          </Tag>
        ))}
        <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
          {t('按领域：')}
        </Typography.Text>
        {byDomain.map(([d, n]) => (
          <Tag key={d}>
            {domainLabel(d)} {n}
          </Tag>
        ))}
      </Flex>
      <AgreedCountsBar consultation={consultation} />
      {canEdit && <BulkActionBar selected={selected} partyOrgIds={partyOrgIds} extendable={!listIsOpen(consultation.status)} onDone={() => setSelectedIds([])} />}

      <Table<LedgerRow>
        rowKey="key"
        size="middle"
        bordered
        tableLayout="fixed"
        columns={columns}
        dataSource={rows}
        loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
        pagination={false}
        rowSelection={
          canEdit
            ? {
                selectedRowKeys: selectedIds.map((id) => `item-${id}`),
                onChange: (_keys, picked) => setSelectedIds(picked.flatMap((r) => (r.kind === 'item' ? [r.item.id] : []))),
                // A category heading is not an item: no box to tick.
                getCheckboxProps: (r) => (r.kind === 'section' ? { disabled: true, style: { display: 'none' } } : { 'aria-label': r.item.title }),
                columnWidth: 40,
              }
            : undefined
        }
        // Wide enough for the title beside the other columns, and no wider: at 1440 px the whole row
        // fits; on a narrower screen the table scrolls inside the page.
        scroll={{ x: columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 0), TITLE_MIN_WIDTH + (canEdit ? 40 : 0)) }}
        // Header under the app's 56 px top bar, and the sideways scrollbar at the window's bottom.
        sticky={{ offsetHeader: 56 }}
        rowClassName={(r) => (r.kind === 'section' ? 'ledger-section-row' : 'ledger-item-row')}
        onRow={(r) =>
          r.kind === 'section'
            ? rowAttrs({ 'data-testid': `section-${r.category}` })
            : rowAttrs(
                { 'data-testid': 'item-row', 'data-item-id': String(r.item.id), 'data-category': r.item.category },
                {
                  onClick: (e: MouseEvent) => {
                    // Ticking the row's box selects it; it does not open the drawer.
                    if ((e.target as HTMLElement).closest('.ant-table-selection-column')) return;
                    setTarget({ mode: 'view', itemId: r.item.id, placeholder: r.item });
                  },
                },
              )
        }
      />

      <ItemDrawer
        consultation={consultation}
        target={target}
        canEdit={canEdit}
        domainLabel={domainLabel}
        onClose={() => setTarget(null)}
        onCreated={(item) => setTarget({ mode: 'view', itemId: item.id, placeholder: item })}
      />
      {drafting && <DraftFromTextModal consultationId={consultation.id} open onClose={() => setDrafting(false)} />}
    </div>
  );
}
