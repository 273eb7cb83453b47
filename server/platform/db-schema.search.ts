import type { Generated } from 'kysely';
import type { SearchKind } from '../../domain/search.js';

/**
 * One searchable row of another table, as the search index holds it: the scope columns the search
 * filters by, the text shown, and its tokens (server/modules/search/search.text.ts). SQLite indexes
 * the tokens in the FTS5 table `search_fts`, PostgreSQL in a GIN index over their tsvector.
 */
export interface SearchEntriesTable {
  id: Generated<number>;
  kind: SearchKind;
  ref_id: number;
  item_id: number | null;
  consultation_id: number | null;
  org_id: number | null;
  year: number | null;
  title: string;
  body: string;
  title_tokens: string;
  body_tokens: string;
  updated_at: string;
}
