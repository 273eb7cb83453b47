import { mayBeConsultationPartner, type Org } from '../../../domain/organisations.js';
import { t } from '../../app/i18n';

export interface PartnerOption {
  value: number;
  label: string;
  /** What a search matches besides the name: the city and the short name. */
  search: string;
}

export interface PartnerGroup {
  label: string;
  title: string;
  options: PartnerOption[];
}

const DIVISIONS = new Set(['province', 'city', 'county']);

function ancestors(byId: Map<number, Org>, org: Org): Org[] {
  const out: Org[] = [];
  for (let cur = org.parentId === null ? undefined : byId.get(org.parentId); cur && !out.includes(cur); cur = cur.parentId === null ? undefined : byId.get(cur.parentId)) {
    out.push(cur);
  }
  return out;
}

const byOrder = (a: Org, b: Org) => a.sortOrder - b.sortOrder || a.id - b.id;

/**
 * The governments a host may invite as 会商方: those under the host's own division (a city bureau
 * sees its city's counties), grouped by city, county governments before a city's own. Selected orgs
 * that are not governments (a consultation from before the rule) stay visible so they can be removed.
 */
export function partnerGroups(orgs: readonly Org[], hostOrgId: number, selected: readonly number[] = []): PartnerGroup[] {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const host = byId.get(hostOrgId);
  const hostDivision = host && (DIVISIONS.has(host.kind) ? host : ancestors(byId, host).find((o) => DIVISIONS.has(o.kind)));
  const groups = new Map<number, { city: Org | null; counties: Org[]; others: Org[] }>();
  for (const o of orgs) {
    if (!mayBeConsultationPartner(o.kind) || o.id === hostOrgId) continue;
    const up = ancestors(byId, o);
    if (hostDivision && !up.includes(hostDivision)) continue;
    const city = up.find((a) => a.kind === 'city') ?? null;
    const g = groups.get(city?.id ?? 0) ?? { city, counties: [], others: [] };
    (up[0]?.kind === 'county' ? g.counties : g.others).push(o);
    groups.set(city?.id ?? 0, g);
  }
  // A government is listed where its division stands (a county's order in the city), then by its own.
  const inDivisionOrder = (a: Org, b: Org) => {
    const pa = a.parentId === null ? undefined : byId.get(a.parentId);
    const pb = b.parentId === null ? undefined : byId.get(b.parentId);
    return (pa && pb && pa !== pb ? byOrder(pa, pb) : 0) || byOrder(a, b);
  };
  const option = (o: Org, city: Org | null, note = ''): PartnerOption => ({
    value: o.id,
    label: `${o.name}${note}`,
    search: [o.name, o.shortName, city?.name].filter(Boolean).join(' '),
  });
  const out: PartnerGroup[] = [...groups.values()]
    .sort((a, b) => (a.city && b.city ? byOrder(a.city, b.city) : a.city ? -1 : 1))
    .map((g) => ({
      label: g.city?.name ?? t('其他'),
      title: g.city?.name ?? t('其他'),
      options: [...g.counties.sort(inDivisionOrder), ...g.others.sort(inDivisionOrder)].map((o) => option(o, g.city)),
    }));
  const offered = new Set(out.flatMap((g) => g.options.map((o) => o.value)));
  const stale = selected.filter((id) => !offered.has(id)).flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  if (stale.length) {
    out.push({
      label: t('不能作为会商方（请移除）'),
      title: t('不能作为会商方'),
      options: stale.map((o) => option(o, null, mayBeConsultationPartner(o.kind) ? t('（不在本单位范围内）') : t('（不是人民政府）'))),
    });
  }
  return out;
}
