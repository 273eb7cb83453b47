import { Tag } from 'antd';
import type { ItemStatus } from '../../../domain/items.js';
import { ITEM_STATUS_LABEL } from '../../app/labels';

export const ITEM_STATUS_COLOR: Record<ItemStatus, string> = {
  not_started: 'default',
  in_progress: 'processing',
  completed: 'success',
  delayed: 'error',
  cancelled: 'default',
};

export function ItemStatusTag({ status }: { status: ItemStatus }) {
  return (
    <Tag color={ITEM_STATUS_COLOR[status]} variant={status === 'cancelled' ? 'outlined' : undefined} data-testid="item-status">
      {ITEM_STATUS_LABEL[status]}
    </Tag>
  );
}
