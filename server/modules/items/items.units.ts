import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { orgsByIds, orgsByNames } from '../organisations/organisations.service.js';
import type { Party } from '../consultations/consultations.policy.js';

const parentPath = (path: string) => path.replace(/[^/]+\/$/, '');

/**
 * A unit of an item belongs to one of the two sides: the host's own offices and the departments
 * beside it (the city's bureaux), or anything in a partner's county (its government's departments
 * and the county bodies beside the government). Another county's departments are not this
 * consultation's to task, whoever asks.
 */
function refuseOutsideParties(parties: Party[], unit: { name: string; path: string }, field: string): void {
  const ok = parties.some((p) =>
    p.side === 'host' ? unit.path.startsWith(p.orgPath) || parentPath(unit.path) === parentPath(p.orgPath) : unit.path.startsWith(parentPath(p.orgPath)),
  );
  if (!ok) throw new AppError('VALIDATION_FAILED', `“${unit.name}”不属于本次会商的双方，不能作为牵头或配合单位`, [{ field, message: unit.name }]);
}

/**
 * Turns the lead and cooperating units of a request — ids, or names as offices write them — into
 * organisation ids. Names match a full or short name; among several matches, the one under a party wins.
 */
export async function resolveUnits(
  tx: Tx,
  parties: Party[],
  input: { leadUnitId?: number | null; leadUnit?: string | null; coUnitIds?: number[]; coUnits?: string[] },
): Promise<{ leadUnitId?: number | null; coUnitIds?: number[] }> {
  const out: { leadUnitId?: number | null; coUnitIds?: number[] } = {};
  const names = [...(input.leadUnit ? [input.leadUnit] : []), ...(input.coUnits ?? [])];
  const byName = new Map<string, number>();
  if (names.length) {
    const rows = await orgsByNames(tx, names);
    for (const name of new Set(names)) {
      const matches = rows.filter((r) => r.name === name || r.short_name === name);
      const preferred = matches.filter((r) => parties.some((p) => r.path.startsWith(p.orgPath)));
      const pick = preferred.length === 1 ? preferred[0] : matches.length === 1 ? matches[0] : null;
      if (!pick) {
        const field = input.leadUnit === name ? 'body.leadUnit' : 'body.coUnits';
        throw new AppError('UNKNOWN_UNIT', matches.length ? `单位名称“${name}”对应多个组织，请改用组织 ID` : `没有名为“${name}”的单位，请先在组织机构中添加`, [
          { field, message: name },
        ]);
      }
      byName.set(name, pick.id);
    }
  }
  const ids = [...(input.leadUnitId ? [input.leadUnitId] : []), ...(input.coUnitIds ?? [])];
  if (ids.length) {
    const rows = await orgsByIds(tx, [...new Set(ids)]);
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.find((id) => !found.has(id));
    if (missing) throw new AppError('UNKNOWN_UNIT', `组织 ${missing} 不存在`, [{ field: 'body.leadUnitId', message: String(missing) }]);
    for (const r of rows) refuseOutsideParties(parties, r, r.id === input.leadUnitId ? 'body.leadUnitId' : 'body.coUnitIds');
  }
  for (const [name, id] of byName) {
    const row = (await orgsByIds(tx, [id]))[0]!;
    refuseOutsideParties(parties, row, input.leadUnit === name ? 'body.leadUnit' : 'body.coUnits');
  }
  if (input.leadUnitId !== undefined) out.leadUnitId = input.leadUnitId;
  else if (input.leadUnit !== undefined) out.leadUnitId = input.leadUnit === null ? null : byName.get(input.leadUnit)!;
  if (input.coUnitIds !== undefined) out.coUnitIds = [...new Set(input.coUnitIds)];
  else if (input.coUnits !== undefined) out.coUnitIds = [...new Set(input.coUnits.map((n) => byName.get(n)!))];
  if (out.leadUnitId && out.coUnitIds?.includes(out.leadUnitId)) {
    throw new AppError('VALIDATION_FAILED', '牵头单位不能同时是配合单位', [{ field: 'body.coUnits', message: '与牵头单位重复' }]);
  }
  return out;
}
