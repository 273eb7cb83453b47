import type { County } from '../../../domain/indicators.js';
import type { Actor } from '../../platform/actor.js';
import { ancestorIds } from '../../platform/actor.js';
import { can } from '../../platform/access.js';
import type { Db, Tx } from '../../platform/db.js';
import { forbidden, notFound } from '../../platform/errors.js';

/**
 * Who sees which county's figures follows the division the caller works in: the nearest province,
 * city or county at or above their organisation. A county's people see their county; the city bureau
 * (under 广元市) sees the city's seven; the province all of them. A county never sees another's.
 */
export interface Division {
  id: number;
  path: string;
  kind: string;
}

export interface ScopedCounty extends County {
  path: string;
}

export async function divisionOf(db: Db | Tx, actor: Actor): Promise<Division | null> {
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'path', 'kind'])
    .where('id', 'in', ancestorIds(actor.orgPath))
    .where('kind', 'in', ['province', 'city', 'county'])
    .execute();
  return rows.sort((a, b) => b.path.length - a.path.length)[0] ?? null;
}

/** The counties (with a GB/T 2260 code) in the caller's division, in the tree's order. */
export async function visibleCounties(db: Db | Tx, actor: Actor): Promise<ScopedCounty[]> {
  if (!can(actor, 'indicator.read')) throw forbidden('当前角色无权查看指标');
  const division = await divisionOf(db, actor);
  if (!division) return [];
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'name', 'division_code', 'path'])
    .where('kind', '=', 'county')
    .where('division_code', 'is not', null)
    .where('path', 'like', `${division.path}%`)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, divisionCode: r.division_code!, path: r.path }));
}

/** A county by its code, when the caller may see it; unknown and out-of-scope codes are both 404. */
export async function countyByCode(db: Db | Tx, actor: Actor, code: string): Promise<ScopedCounty> {
  const county = (await visibleCounties(db, actor)).find((c) => c.divisionCode === code);
  if (!county) throw notFound('县（区）', `区划代码 ${code} 不存在或不在查看范围内`);
  return county;
}

/** The county's own coordinator enters its figures; nobody above does it for them. */
export async function mayEnter(db: Db | Tx, actor: Actor, county: ScopedCounty): Promise<boolean> {
  return can(actor, 'indicator.enter') && (await divisionOf(db, actor))?.id === county.id;
}

/** Reviewing belongs to the level above: the city bureau for its counties, not the county itself. */
export async function mayReview(db: Db | Tx, actor: Actor, county: ScopedCounty): Promise<boolean> {
  if (!can(actor, 'indicator.review')) return false;
  const d = await divisionOf(db, actor);
  return !!d && d.id !== county.id && county.path.startsWith(d.path);
}
