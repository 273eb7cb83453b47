import { CATEGORIES, ITEM_STATUSES, type Category, type ItemStatus } from '../../../domain/items.js';
import { LIGHTS, type Light } from '../../../domain/supervision.js';
import type { ItemFilters } from './items.api';

const oneOf = <T extends string>(all: readonly T[], v: string | null): T | undefined => (v !== null && (all as readonly string[]).includes(v) ? (v as T) : undefined);

/** The filters as text, the way a link or a saved filter keeps them; filtersFromSearch reads them back. */
export function filtersToValues(f: ItemFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '' && v !== false) out[k] = String(v);
  return out;
}

/**
 * The ledger's filters as the board and other pages link to them (`?light=red&overdue=true&item=12`);
 * anything unreadable is ignored rather than shown as an error, since it only came from a link.
 */
export function filtersFromSearch(params: URLSearchParams): { filters: ItemFilters; itemId?: number } {
  const filters: ItemFilters = {};
  const light = oneOf<Light>(LIGHTS, params.get('light'));
  if (light) filters.light = light;
  const status = oneOf<ItemStatus>(ITEM_STATUSES, params.get('status'));
  if (status) filters.status = status;
  const lead = Number(params.get('leadUnitId'));
  if (Number.isInteger(lead) && lead > 0) filters.leadUnitId = lead;
  if (params.get('overdue') === 'true') filters.overdue = true;
  const q = params.get('q')?.trim();
  if (q) filters.q = q.slice(0, 100);
  const domain = params.get('domain')?.trim();
  if (domain) filters.domain = domain.slice(0, 100);
  const category = oneOf<Category>(CATEGORIES, params.get('category'));
  if (category) filters.category = category;
  const item = Number(params.get('item'));
  return { filters, itemId: Number.isInteger(item) && item > 0 ? item : undefined };
}
