import { z } from 'zod';
import { decimal, zId } from './common.js';

/** What the search finds, in the order the filter lists them. */
export const SEARCH_KINDS = ['item', 'need', 'comment', 'report', 'meeting', 'notice', 'announcement', 'project'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const SEARCH_LIMITS = {
  /** A query longer than this is refused with a 400 saying so: nobody types more, and long ones only cost. */
  queryChars: 100,
  /** Terms (space-separated words) of one query that count; further ones are ignored. */
  terms: 8,
  /** A Latin word longer than this is cut: both databases refuse very long index tokens. */
  tokenChars: 60,
  snippetChars: 120,
  /** Text of one row that is indexed and shown; a longer report or minutes is indexed up to here. */
  indexedChars: 20_000,
  /**
   * Matches ranked per query, newest first: a very common word costs no more than this many. Ten
   * pages of results; beyond them the page says to narrow by kind, consultation or year, or add a word.
   */
  rankedMatches: 200,
  pageSizeDefault: 20,
  pageSizeMax: 50,
} as const;

export const zSearchQuery = z.strictObject({
  q: z.string().trim().min(1, '请输入搜索内容').max(SEARCH_LIMITS.queryChars, `搜索内容不能超过 ${SEARCH_LIMITS.queryChars} 个字`),
  kind: z.enum(SEARCH_KINDS).optional(),
  consultationId: zId.optional(),
  year: decimal(z.number().int().min(2000).max(2100)).optional(),
  limit: decimal(z.number().int().min(1).max(SEARCH_LIMITS.pageSizeMax)).default(SEARCH_LIMITS.pageSizeDefault),
  cursor: z.string().max(500).optional(),
});
export type SearchQuery = z.infer<typeof zSearchQuery>;

/** A piece of a title or snippet; `hit` marks where the query matched. Plain text, never HTML. */
export const zSearchSnippetPart = z.object({ text: z.string(), hit: z.boolean() });
export type SearchSnippetPart = z.infer<typeof zSearchSnippetPart>;

export const zSearchHit = z.object({
  kind: z.enum(SEARCH_KINDS),
  id: z.number(),
  /** The item a comment, report or notice belongs to (and the item itself for an item). */
  itemId: z.number().nullable(),
  consultationId: z.number().nullable(),
  year: z.number().nullable(),
  title: z.array(zSearchSnippetPart),
  snippet: z.array(zSearchSnippetPart),
  updatedAt: z.string(),
});
export type SearchHit = z.infer<typeof zSearchHit>;

export const zSearchResponse = z.object({
  data: z.array(zSearchHit),
  nextCursor: z.string().nullable(),
  /** The newest SEARCH_LIMITS.rankedMatches matches were all taken: older entries may match too (narrow the search to reach them). */
  capped: z.boolean(),
});
export type SearchResponse = z.infer<typeof zSearchResponse>;

/** Where a hit lives in the web app. */
export function searchHitPath(h: Pick<SearchHit, 'kind' | 'id' | 'itemId' | 'consultationId'>): string {
  const c = h.consultationId;
  switch (h.kind) {
    case 'item':
    case 'comment':
    case 'report':
    case 'notice':
      return `/consultations/${c}/items?item=${h.itemId}`;
    case 'need':
      return `/consultations/${c}/needs?need=${h.id}`;
    case 'meeting':
      return `/consultations/${c}/meetings`;
    case 'project':
      return `/projects/${h.id}`;
    case 'announcement':
      return `/announcements?open=${h.id}`;
  }
}
