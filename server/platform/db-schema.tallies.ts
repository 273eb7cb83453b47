import type { Category, ItemStatus } from '../../domain/items.js';
import type { Light } from '../../domain/supervision.js';

// The per-consultation counts the dashboard and board sum (migrations 0034, 0035).

/**
 * Live items counted per consultation by category, status, light, lead unit (0: none) and closing
 * day ('': none); kept by triggers on items (migration 0034), never written by the application.
 */
export interface ItemTalliesTable {
  consultation_id: number;
  category: Category;
  status: ItemStatus;
  light: Light;
  lead_unit_id: number;
  closed_on: string;
  n: number;
}

/** Live items counted per consultation by domain and light, kept as item_tallies is. */
export interface ItemDomainTalliesTable {
  consultation_id: number;
  domain: string;
  light: Light;
  n: number;
}

/**
 * The stored report punctuality of live, not cancelled items summed per consultation, lead unit (0:
 * none), current-period state ('': none) and what decides whether it holds on a day (valid_from,
 * valid_until, basis, and ok: computed with the item's current closing); kept by triggers on items
 * (migration 0035), never written by the application.
 */
export interface ItemPunctualityTalliesTable {
  consultation_id: number;
  lead_unit_id: number;
  state: string;
  valid_from: string;
  valid_until: string;
  basis: string;
  ok: number;
  n: number;
  on_time: number;
  late: number;
  missing: number;
  pending: number;
}
