import type { Comparison, Trend } from '../../../domain/indicators.js';
import { againstTarget, averageGrowthPct, changePp, COMPOSITE_FORMULA, compositeScores, growthPct, rankValues } from '../../../domain/indicators.js';
import type { Actor } from '../../platform/actor.js';
import type { Deps } from '../../platform/deps.js';
import { notFound } from '../../platform/errors.js';
import * as repo from './indicators.repo.js';
import { countyByCode, visibleCounties } from './indicators.scope.js';

// Everything here reads accepted figures only: what the bureau has reviewed is what leaders compare.

const ref = (c: { id: number; name: string; divisionCode: string }) => ({ id: c.id, name: c.name, divisionCode: c.divisionCode });

/** One county's accepted figures, with growth on the previous year: GET /indicators/values. */
export async function countyValues(deps: Deps, actor: Actor, q: { division: string; year?: number }) {
  const county = await countyByCode(deps.db, actor, q.division);
  const [cat, pub] = [await repo.catalogue(deps.db), await repo.published(deps.db, [county.id])];
  const years = pub.get(county.id) ?? new Map();
  const wanted = q.year !== undefined ? [q.year] : [...years.keys()].sort((a, b) => a - b);
  const data = [];
  for (const year of wanted) {
    const figures = years.get(year);
    if (!figures) continue;
    const prev = years.get(year - 1) ?? {};
    for (const ind of cat) {
      const f = figures[ind.code];
      if (!f || f.value === null) continue;
      const p = prev[ind.code]?.value ?? null;
      data.push({ indicator: ind.code, year, value: f.value, computed: f.computed, growthPct: growthPct(f.value, p), changePp: changePp(ind.unit, f.value, p), final: f.final });
    }
  }
  return { county: ref(county), data };
}

/**
 * 创新型县 readiness: each target that applies in the year (the latest one set for it at or before
 * that year, per level) against the county's figure, with the gap, last year's growth and the trend.
 */
export async function readiness(deps: Deps, actor: Actor, q: { division: string; year: number }) {
  const county = await countyByCode(deps.db, actor, q.division);
  const [cat, all, pub] = [await repo.catalogue(deps.db), await repo.targets(deps.db), await repo.published(deps.db, [county.id], q.year)];
  const byCode = new Map(cat.map((c) => [c.code, c]));
  const years = pub.get(county.id) ?? new Map();
  const applying = new Map<string, (typeof all)[number]>();
  for (const t of all) {
    if (t.fromYear > q.year || !byCode.has(t.indicator)) continue;
    const key = `${t.indicator}:${t.level}`;
    if ((applying.get(key)?.fromYear ?? -1) < t.fromYear) applying.set(key, t);
  }
  const span = [...years.keys()].sort((a, b) => a - b);
  const rows = [...applying.values()]
    .sort((a, b) => byCode.get(a.indicator)!.sortOrder - byCode.get(b.indicator)!.sortOrder || a.level.localeCompare(b.level))
    .map((t) => {
      const ind = byCode.get(t.indicator)!;
      const series = span.map((year) => ({ year, value: years.get(year)?.[t.indicator]?.value ?? null }));
      const value = years.get(q.year)?.[t.indicator]?.value ?? null;
      const prev = years.get(q.year - 1)?.[t.indicator]?.value ?? null;
      return {
        indicator: t.indicator,
        level: t.level,
        threshold: t.threshold,
        value,
        ...againstTarget(ind.direction, value, t.threshold),
        growthPct: growthPct(value, prev),
        averageGrowthPct: averageGrowthPct(series),
        series,
      };
    });
  return { county: ref(county), year: q.year, rows, met: rows.filter((r) => r.met).length, total: rows.length };
}

/** The counties in scope side by side for a year: each indicator ranked by its direction, and the weighted score. */
export async function comparison(deps: Deps, actor: Actor, year: number): Promise<Comparison> {
  const counties = await visibleCounties(deps.db, actor);
  const [cat, pub, weights] = [
    await repo.catalogue(deps.db, { activeOnly: true }),
    await repo.published(
      deps.db,
      counties.map((c) => c.id),
      year,
    ),
    await repo.weights(deps.db),
  ];
  const rows = counties.map((c) => {
    const f = pub.get(c.id)?.get(year) ?? {};
    return { values: Object.fromEntries(cat.map((ind) => [ind.code, f[ind.code]?.value ?? null])) };
  });
  const direction = new Map(cat.map((c) => [c.code, c.direction]));
  const used = weights.filter((w) => direction.has(w.indicator) && w.weight > 0);
  const scores = compositeScores(
    rows,
    used.map((w) => ({ code: w.indicator, weight: w.weight, direction: direction.get(w.indicator)! })),
  );
  return {
    year,
    counties: counties.map(ref),
    indicators: cat.map((ind) => {
      const values = rows.map((r) => r.values[ind.code]);
      return { code: ind.code, values, ranks: rankValues(ind.direction, values) };
    }),
    scores,
    scoreRanks: rankValues('up', scores),
    weights: used,
    formula: COMPOSITE_FORMULA,
  };
}

/** One indicator over the years for every county in scope: accepted figures only, like every analysis. */
export async function trend(deps: Deps, actor: Actor, indicator: string): Promise<Trend> {
  const cat = await repo.catalogue(deps.db);
  if (!cat.some((c) => c.code === indicator)) throw notFound('指标');
  const counties = await visibleCounties(deps.db, actor);
  const pub = await repo.published(
    deps.db,
    counties.map((c) => c.id),
  );
  const years = [...new Set([...pub.values()].flatMap((byYear) => [...byYear.keys()]))].sort((a, b) => a - b);
  return {
    indicator,
    years,
    counties: counties.map(ref),
    values: counties.map((c) => years.map((y) => pub.get(c.id)?.get(y)?.[indicator]?.value ?? null)),
  };
}
