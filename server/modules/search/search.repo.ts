import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { SEARCH_LIMITS, type SearchKind } from '../../../domain/search.js';
import type { Actor } from '../../platform/actor.js';
import { can } from '../../platform/access.js';
import { dialectOf, type FullTextToken, fullTextMatches } from '../../platform/db-helpers.js';
import type { Db } from '../../platform/db.js';
import type { Database } from '../../platform/db-schema.js';
import { officesOf } from '../announcements/announcements.office.js';
import { listedForActor } from '../consultations/consultations.policy.js';
import { hostInScope, visibleItemIds } from '../projects/projects.policy.js';

const IN_CONSULTATION: SearchKind[] = ['item', 'need', 'comment', 'report', 'meeting', 'notice'];

type Scope = ExpressionBuilder<Database & { e: Database['search_entries']; c: Database['consultations'] }, 'e' | 'c'>;

/**
 * The entries the caller may see, by the rule of the list each kind comes from: a consultation's
 * rows where the consultation is listed for the caller, projects as the project list scopes them,
 * announcements in the caller's office or received by the caller once published.
 */
function inScope(db: Db, eb: Scope, actor: Actor): Expression<SqlBool> {
  const ors: Expression<SqlBool>[] = [];
  if (can(actor, 'consultation.read')) {
    ors.push(eb.and([eb('e.kind', 'in', IN_CONSULTATION), listedForActor(eb as never, actor)]));
    ors.push(
      eb.and([
        eb('e.kind', '=', 'project'),
        eb.exists(
          eb
            .selectFrom('projects as p')
            .innerJoin('organisations as ho', 'ho.id', 'p.host_org_id')
            .select('p.id')
            .whereRef('p.id', '=', 'e.ref_id')
            .where((w) =>
              w.or([
                hostInScope(w, w.ref('ho.path'), w.ref('p.host_org_id'), actor),
                w.exists(w.selectFrom('project_items as vpi').select('vpi.item_id').whereRef('vpi.project_id', '=', 'p.id').where('vpi.item_id', 'in', visibleItemIds(db, actor))),
              ]),
            ),
        ),
      ]),
    );
  }
  const offices = officesOf(actor).map((o) => o.orgId);
  ors.push(
    eb.and([
      eb('e.kind', '=', 'announcement'),
      eb.or([
        ...(offices.length ? [eb('e.org_id', 'in', offices)] : []),
        eb.exists(
          eb
            .selectFrom('announcement_recipients as ar')
            .innerJoin('announcements as a', 'a.id', 'ar.announcement_id')
            .select('ar.announcement_id')
            .whereRef('ar.announcement_id', '=', 'e.ref_id')
            .where('ar.user_id', '=', actor.userId)
            .where('a.status', '=', 'published'),
        ),
      ]),
    ]),
  );
  return eb.or(ors);
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
 * The matches that get ranked: the newest SEARCH_LIMITS.rankedMatches entries in scope that match.
 * A word found in most rows (推动, 建设) would otherwise mean scoring and sorting most of the index
 * on every keystroke; this way a query scores at most that many matches however common its words.
 * Both engines read the matches newest first without scoring them (FTS5 walks its doclist in rowid
 * order, PostgreSQL takes the GIN match's ids or the primary key backwards), check the scope and
 * filters row by row, and stop at the bound; a scope that holds few of a common word's matches (a
 * county) still walks further down the matches before it has enough.
 * Results stay ranked among those candidates; to reach older rows the user narrows by kind,
 * consultation or year, or adds a word.
 */
function candidates(db: Db, actor: Actor, f: SearchFilter) {
  let q = db
    .selectFrom(fullTextMatches(dialectOf(db), f.terms))
    .innerJoin('search_entries as e', 'e.id', 'm.id')
    .leftJoin('consultations as c', 'c.id', 'e.consultation_id')
    .select(['m.id', 'm.score'])
    .where((eb) => inScope(db, eb as Scope, actor));
  if (f.kind) q = q.where('e.kind', '=', f.kind);
  if (f.consultationId) q = q.where('e.consultation_id', '=', f.consultationId);
  if (f.year) q = q.where('e.year', '=', f.year);
  return q.orderBy('m.id', 'desc').limit(SEARCH_LIMITS.rankedMatches);
}

/** Best matches first; ties by id, so the cursor (score, id) pages without gaps or repeats. */
export async function searchRows(db: Db, actor: Actor, f: SearchFilter) {
  let q = db
    .selectFrom(candidates(db, actor, f).as('k'))
    .innerJoin('search_entries as e', 'e.id', 'k.id')
    .select(['e.id', 'e.kind', 'e.ref_id', 'e.item_id', 'e.consultation_id', 'e.year', 'e.title', 'e.body', 'e.updated_at', 'k.score']);
  const after = f.after;
  if (after) q = q.where((eb) => eb.or([eb('k.score', '>', after.score), eb.and([eb('k.score', '=', after.score), eb('e.id', '>', after.id)])]));
  return q.orderBy('k.score').orderBy('e.id').limit(f.limit).execute();
}
