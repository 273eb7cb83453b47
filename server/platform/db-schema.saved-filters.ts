import type { Generated } from 'kysely';
import type { FilterPage } from '../../domain/saved-filters.js';

// 常用筛选's table, kept apart to keep each schema file short.

export interface SavedFiltersTable {
  id: Generated<number>;
  owner_id: number;
  org_id: number;
  page: FilterPage;
  consultation_id: number | null;
  name: string;
  /** JSON object: filter field → value, as the page keeps it in its address. */
  filters_json: string;
  shared: number;
  created_at: string;
  updated_at: string;
}
