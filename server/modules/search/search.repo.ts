import { type Expression, type ExpressionBuilder, sql, type SqlBool } from 'kysely';
import { SEARCH_LIMITS, type SearchKind } from '../../../domain/search.js';
import type { Actor } from '../../platform/actor.js';
import { can } from '../../platform/access.js';
import { dialectOf, inIds, type FullTextMatch, type FullTextSlice, type FullTextToken, fullTextMatches, fullTextScore, fullTextSlices } from '../../platform/db-helpers.js';
import type { Db } from '../../platform/db.js';
import { officesOf } from '../announcements/announcements.office.js';
import { listedForActor } from '../consultations/consultations.policy.js';
import { hostInScope, linkedItemsIn } from '../projects/projects.policy.js';

const IN_CONSULTATION: SearchKind[] = ['item', 'need', 'comment', 'report', 'meeting', 'notice'];

type Matches = ExpressionBuilder<{ m: FullTextMatch }, 'm'>;

/** What the caller may find, as ids, found once per search rather than once per row or per slice. */
interface Scope {
  consultations: number[];
  projects: number[];
  announcements: number[];
}

/**
 * The entries the caller may see, by the rule of the list each kind comes from: a consultation's
 * rows where the consultation is listed for the caller, projects as the project list scopes them
 * (hosted at, under or above the caller's organisation, or linked to an item the caller can see),
 * announcements in the caller's office or received by the caller once published.
 */
async function scopeOf(db: Db, actor: Actor): Promise<Scope> {
  const offices = officesOf(actor).map((o) => o.orgId);
  const announcements = await db
    .selectFrom('announcements as a')
    .select('a.id')
    .where((eb) =>
      eb.or([
        ...(offices.length ? [eb('a.org_id', 'in', offices)] : []),
        eb.and([
          eb('a.status', '=', 'published'),
          eb.exists(eb.selectFrom('announcement_recipients as ar').select('ar.announcement_id').whereRef('ar.announcement_id', '=', 'a.id').where('ar.user_id', '=', actor.userId)),
        ]),
      ]),
    )
    .execute();
  if (!can(actor, 'consultation.read')) return { consultations: [], projects: [], announcements: announcements.map((r) => r.id) };
  const consultations = (
    await db
      .selectFrom('consultations as c')
      .select('c.id')
      .where((eb) => listedForActor(eb, actor))
      .execute()
  ).map((r) => r.id);
  const projects = await db
    .selectFrom('projects as p')
    .innerJoin('organisations as ho', 'ho.id', 'p.host_org_id')
    .select('p.id')
    .where((w) =>
      w.or([hostInScope(w, w.ref('ho.path'), w.ref('p.host_org_id'), actor), ...(consultations.length ? [w.exists(linkedItemsIn(db, w.ref('p.id'), consultations))] : [])]),
    )
    .execute();
  return { consultations, projects: projects.map((r) => r.id), announcements: announcements.map((r) => r.id) };
}

/** The parts of a scope, each a condition on the index's own columns: consultations' rows, projects, announcements. */
function scopeParts(db: Db, scope: Scope): ((eb: Matches) => Expression<SqlBool>)[] {
  const dialect = dialectOf(db);
  // PostgreSQL estimates `= any(array)` element by element while planning: for a bureau's hundreds of
  // consultations that took milliseconds per slice, more than running it. A semi-join on the unnested
  // array is planned at once, and a wide scope has no use for the estimate (most rows are in it).
  const among = (column: Expression<number | null>, ids: number[]) =>
    dialect === 'postgres' ? sql<SqlBool>`${column} in (select unnest(${ids}::int4[]))` : inIds(dialect, column, ids);
  const parts: ((eb: Matches) => Expression<SqlBool>)[] = [];
  if (scope.consultations.length) parts.push((eb) => eb.and([eb('m.kind', 'in', IN_CONSULTATION), among(eb.ref('m.consultation_id'), scope.consultations)]));
  if (scope.projects.length) parts.push((eb) => eb.and([eb('m.kind', '=', 'project'), among(eb.ref('m.ref_id'), scope.projects)]));
  if (scope.announcements.length) parts.push((eb) => eb.and([eb('m.kind', '=', 'announcement'), among(eb.ref('m.ref_id'), scope.announcements)]));
  return parts;
}

export interface SearchFilter {
  terms: FullTextToken[][];
  kind?: SearchKind;
  consultationId?: number;
  year?: number;
  after?: { score: number; id: number };
  limit: number;
}

/**
 * The scope as the index's own scope lexemes (migration 20261206T0031_search_scope), when it is
 * small enough to ask the GIN index for: up to SCOPE_LEXEMES. A county among a province's
 * consultations then reads only its own rows. A wide scope (a bureau's or a province's hundreds of
 * consultations, most of the index) gains nothing from that and costs the planner an OR of hundreds
 * of lexemes, so it filters the rows instead; null in SQLite, which filters as it walks FTS5.
 */
export const SCOPE_LEXEMES = 128;
function scopeLexemes(db: Db, scope: Scope): string[] | null {
  if (dialectOf(db) !== 'postgres') return null;
  const n = scope.consultations.length + scope.projects.length + scope.announcements.length;
  if (n > SCOPE_LEXEMES) return null;
  return [...scope.consultations.map((id) => `#c${id}`), ...scope.projects.map((id) => `#p${id}`), ...scope.announcements.map((id) => `#a${id}`)];
}

/** The newest `limit` matches of one slice of the index that the caller may see, newest first, ranked. */
function candidates(db: Db, f: SearchFilter, scope: Scope, slice: FullTextSlice | null, limit: number) {
  const dialect = dialectOf(db);
  const lexemes = scopeLexemes(db, scope);
  const part = (inPart: ((eb: Matches) => Expression<SqlBool>) | null) => {
    let q = db.selectFrom(fullTextMatches(dialect, f.terms, slice, lexemes ?? undefined)).select(['m.id', 'm.score']);
    if (inPart) q = q.where(inPart);
    if (f.kind) q = q.where('m.kind', '=', f.kind);
    if (f.consultationId) q = q.where('m.consultation_id', '=', f.consultationId);
    if (f.year) q = q.where('m.year', '=', f.year);
    return q;
  };
  const parts = scopeParts(db, scope);
  let newest;
  if (lexemes) {
    // The scope is inside the index's query: nothing left to filter.
    newest = part(null).orderBy('m.id', 'desc').limit(limit);
  } else if (dialect === 'postgres') {
    // A wide scope: one branch per part of it, each newest first, so that each is a condition
    // PostgreSQL can intersect in its indexes (consultation_id) with the word and the block.
    const [first, ...rest] = parts.map((p, i) => db.selectFrom(part(p).orderBy('m.id', 'desc').limit(limit).as(`p${i}`)).selectAll());
    const all = rest.reduce((u, q) => u.unionAll(q), first!);
    newest = db.selectFrom(all.as('u')).select(['u.id', 'u.score']).orderBy('u.id', 'desc').limit(limit);
  } else {
    // FTS5 walks its matches newest first and stops at the LIMIT: one pass with the parts ORed.
    newest = part((eb) => eb.or(parts.map((p) => p(eb))))
      .orderBy('m.id', 'desc')
      .limit(limit);
  }
  // Ranked outside the LIMIT, so PostgreSQL ranks only the matches kept.
  return db.selectFrom(newest.as('k')).select((eb) => ['k.id', fullTextScore(dialect, f.terms, eb.ref('k.id'), eb.ref('k.score')).as('score')]);
}

/**
 * The matches that get ranked: the newest SEARCH_LIMITS.rankedMatches entries in scope that match.
 * A word found in most rows (推动, 建设) would otherwise mean scoring and sorting most of the index
 * on every keystroke; this way a query scores at most that many matches however common its words.
 * The index is read newest first, slice by slice (fullTextSlices: all at once in SQLite, block by
 * block of ids in PostgreSQL), until there are enough. Results stay ranked among those candidates;
 * to reach older rows the user narrows by kind, consultation or year, or adds a word.
 */
async function rankedMatches(db: Db, actor: Actor, f: SearchFilter): Promise<{ id: number; score: number }[]> {
  const scope = await scopeOf(db, actor);
  if (!scope.consultations.length && !scope.projects.length && !scope.announcements.length) return [];
  const found: { id: number; score: number }[] = [];
  for (const slice of await fullTextSlices(db)) {
    const rows = await candidates(db, f, scope, slice, SEARCH_LIMITS.rankedMatches - found.length).execute();
    for (const r of rows) found.push({ id: r.id, score: Number(r.score) });
    if (found.length >= SEARCH_LIMITS.rankedMatches) break;
  }
  return found;
}

/**
 * Best matches first; ties by id, so the cursor (score, id) pages without gaps or repeats. `capped`:
 * the ranked matches were as many as are ranked, so older entries may match as well.
 */
export async function searchRows(db: Db, actor: Actor, f: SearchFilter) {
  const after = f.after;
  const ranked = await rankedMatches(db, actor, f);
  // All the ranked matches were taken: older ones may match too, out of this query's reach.
  const capped = ranked.length >= SEARCH_LIMITS.rankedMatches;
  const page = ranked
    .filter((m) => !after || m.score > after.score || (m.score === after.score && m.id > after.id))
    .sort((a, b) => a.score - b.score || a.id - b.id)
    .slice(0, f.limit);
  if (!page.length) return { rows: [], capped };
  const entries = await db
    .selectFrom('search_entries as e')
    .select(['e.id', 'e.kind', 'e.ref_id', 'e.item_id', 'e.consultation_id', 'e.year', 'e.title', 'e.body', 'e.updated_at'])
    .where(
      'e.id',
      'in',
      page.map((m) => m.id),
    )
    .execute();
  const byId = new Map(entries.map((r) => [r.id, r]));
  // An entry removed between the two reads is simply left out.
  const rows = page.flatMap((m) => {
    const r = byId.get(m.id);
    return r ? [{ ...r, score: m.score }] : [];
  });
  return { rows, capped };
}
