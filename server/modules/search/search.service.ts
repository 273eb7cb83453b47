import { SEARCH_LIMITS, type SearchQuery, type SearchResponse } from '../../../domain/search.js';
import type { Actor } from '../../platform/actor.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { searchRows } from './search.repo.js';
import { markAll, queryTerms, snippet } from './search.text.js';

function badCursor(): AppError {
  return new AppError('BAD_CURSOR', '分页游标无效', [{ field: 'query.cursor', message: '无效的游标' }]);
}

/** The cursor is the (score, id) of the last hit sent; the score is a float, so it travels as text. */
function decodeAfter(raw: string): { score: number; id: number } {
  const [score, id] = decodeCursor<[string, number]>(raw, ['string', 'number']);
  const n = Number(score);
  if (!Number.isFinite(n) || score.length > 40) throw badCursor();
  return { score: n, id };
}

export async function search(deps: Deps, actor: Actor, q: SearchQuery): Promise<SearchResponse> {
  const terms = queryTerms(q.q);
  // Nothing searchable (only punctuation, or only FTS operators' symbols): nothing found, not an error.
  if (!terms.length) return { data: [], nextCursor: null, capped: false };
  const { rows, capped } = await searchRows(deps.db, actor, {
    terms: terms.map((t) => t.phrase),
    kind: q.kind,
    consultationId: q.consultationId,
    year: q.year,
    after: q.cursor ? decodeAfter(q.cursor) : undefined,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => ({
      kind: r.kind,
      id: r.ref_id,
      itemId: r.item_id,
      consultationId: r.consultation_id,
      year: r.year,
      title: markAll(r.title, terms),
      snippet: snippet(r.body, terms, SEARCH_LIMITS.snippetChars),
      updatedAt: r.updated_at,
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor([String(Number(last.score)), last.id]) : null,
    capped,
  };
}
