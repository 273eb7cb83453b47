import type { Category, ItemStatus } from '../../../domain/items.js';
import { wanToYuan } from '../../../domain/items.js';
import type { ItemRow } from './items.repo.js';

/** Item fields as the API names them; absent (undefined) means "leave as it is", null clears a nullable field. */
export interface ItemFieldChanges {
  title?: string;
  content?: string;
  category?: Category;
  domain?: string;
  leadUnitId?: number | null;
  responsible?: string;
  deadline?: string | null;
  ongoing?: boolean;
  fundingWan?: number | null;
  status?: ItemStatus;
  progress?: number;
  sortOrder?: number;
}

/**
 * The items row after the changes, column by column: the one mapping from API fields to columns
 * (yuan for 万元, 0/1 for booleans), shared by direct edits and approved change requests.
 */
export function itemColumns(row: ItemRow, c: ItemFieldChanges) {
  const keep = <T>(v: T | undefined, current: T): T => (v !== undefined ? v : current);
  return {
    title: keep(c.title, row.title),
    content: keep(c.content, row.content),
    category: keep(c.category, row.category),
    domain: keep(c.domain, row.domain),
    lead_unit_id: keep(c.leadUnitId, row.lead_unit_id),
    responsible: keep(c.responsible, row.responsible),
    deadline: keep(c.deadline, row.deadline),
    ongoing: c.ongoing !== undefined ? (c.ongoing ? 1 : 0) : row.ongoing,
    funding_yuan: c.fundingWan !== undefined ? (c.fundingWan === null ? null : wanToYuan(c.fundingWan)) : row.funding_yuan,
    status: keep(c.status, row.status),
    progress: keep(c.progress, row.progress),
    sort_order: keep(c.sortOrder, row.sort_order),
  };
}
