import { useState } from 'react';
import { Flex, Modal, Table, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import type { BoardFilter, BoardItem } from '../../../domain/board.js';
import { CATEGORY_LABEL, formatDateCn, ITEM_STATUS_LABEL } from '../../app/labels';
import type { ItemStatus } from '../../../domain/items.js';
import { LightTag } from '../supervision/LightTag';
import { filterQuery, useBoardItems } from './board.api';
import { ItemTitleLink, scrollWidth } from './ItemTitleLink';
import { t } from '../../app/i18n';
import { hasPermission, useSession } from '../auth/session';
import { BulkActionBar } from '../items/BulkActionBar';
import { SavedFiltersMenu } from '../saved-filters/SavedFiltersMenu';
import { boardFilterFromValues, boardFilterToValues } from './board-filters';

/** The item list a consultation's ledger shows for the same filter (it reads these query parameters). */
export function ledgerLink(consultationId: number, f: BoardFilter): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(filterQuery(f))) if (v !== undefined && k !== 'consultationId') qs.set(k, String(v));
  const s = qs.toString();
  return `/consultations/${consultationId}/items${s ? `?${s}` : ''}`;
}

/** The items behind one number of the board. */
export function BoardItemsModal({
  filter,
  title,
  onClose,
  onApply,
  showConsultation,
}: {
  filter: BoardFilter | null;
  title: string;
  onClose: () => void;
  /** Opens the items of a saved board filter in place of these. */
  onApply: (f: BoardFilter) => void;
  showConsultation: boolean;
}) {
  const items = useBoardItems(filter);
  const me = useSession();
  // Only a coordinator may edit items; which of these it may edit is the server's answer, per item.
  const canBulk = hasPermission(me, 'item.write');
  const [selectedIds, setSelectedIds] = useState<number[]>([]);
  const selected = (items.data ?? []).filter((i) => selectedIds.includes(i.id) && i.version !== undefined).map((i) => ({ id: i.id, title: i.title, version: i.version! }));
  const columns: TableColumnsType<BoardItem> = [
    {
      title: t('事项'),
      dataIndex: 'title',
      ellipsis: { showTitle: false },
      render: (t: string, r) => <ItemTitleLink consultationId={r.consultationId} itemId={r.id} title={t} />,
    },
    ...(showConsultation ? [{ title: t('会商'), dataIndex: 'consultationTitle', width: 180, ellipsis: true }] : []),
    { title: t('类别'), dataIndex: 'category', width: 120, render: (c: BoardItem['category']) => CATEGORY_LABEL[c] },
    { title: t('牵头单位'), key: 'lead', width: 160, ellipsis: true, render: (_: unknown, r: BoardItem) => r.leadUnit?.name ?? '—' },
    { title: t('完成时限'), dataIndex: 'deadline', width: 130, render: (d: string | null) => (d ? formatDateCn(d) : t('长期')) },
    { title: t('状态'), dataIndex: 'status', width: 80, render: (s: string) => ITEM_STATUS_LABEL[s as ItemStatus] ?? s },
    { title: t('亮灯'), dataIndex: 'light', width: 90, render: (l: BoardItem['light'], r: BoardItem) => <LightTag light={l} reasons={r.lightReasons} /> },
  ];
  return (
    // Wide enough for the title beside six columns; on a small screen it keeps a margin and the table scrolls.
    <Modal open={filter !== null} title={title} footer={null} onCancel={onClose} width="min(1120px, calc(100vw - 32px))" destroyOnHidden>
      <Flex gap={12} align="center" style={{ marginBottom: 12 }}>
        {filter?.consultationId && (
          <Link to={ledgerLink(filter.consultationId, filter)} data-testid="board-ledger-link">
            {t('在事项清单中查看')}
          </Link>
        )}
        <div style={{ flex: 1 }} />
        {filter && <SavedFiltersMenu page="board" consultationId={null} current={boardFilterToValues(filter)} onApply={(v) => onApply(boardFilterFromValues(v))} />}
      </Flex>
      {canBulk && <BulkActionBar selected={selected} partyOrgIds={[]} extendable onDone={() => setSelectedIds([])} />}
      <Table<BoardItem>
        rowKey="id"
        size="small"
        loading={items.isFetching}
        dataSource={items.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="board-items"
        rowSelection={canBulk ? { selectedRowKeys: selectedIds, onChange: (keys) => setSelectedIds(keys.map(Number)), columnWidth: 40 } : undefined}
        scroll={{ x: scrollWidth(columns) }}
        columns={columns}
      />
    </Modal>
  );
}
