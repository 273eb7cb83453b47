import { Tooltip } from 'antd';
import { Link } from 'react-router';

/**
 * An item's title in a board column: one line so the rows stay scannable, the whole title on hover,
 * and a click opens the item in its consultation's ledger. Pair it with `ellipsis: { showTitle: false }`.
 */
export function ItemTitleLink({ consultationId, itemId, title }: { consultationId: number; itemId: number; title: string }) {
  return (
    <Tooltip title={title} placement="topLeft">
      <Link to={`/consultations/${consultationId}/items?item=${itemId}`}>{title}</Link>
    </Tooltip>
  );
}

/** Fixed columns' widths plus this much for the title: below it the table scrolls inside its card. */
export const TITLE_MIN_WIDTH = 240;

/** The scroll width of a table whose columns all carry a width except the title's. */
export function scrollWidth(columns: readonly { width?: number | string }[]): number {
  return columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 0), TITLE_MIN_WIDTH);
}
