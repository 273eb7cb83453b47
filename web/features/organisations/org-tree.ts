import type { Org } from '../../../domain/organisations.js';

export type OrgNode<T extends Org = Org> = T & { children?: OrgNode<T>[] };

function bySortOrder(a: Org, b: Org): number {
  return a.sortOrder - b.sortOrder || a.id - b.id;
}

/** The flat list from the API as a tree; orphans (parent outside the list) become roots. */
export function buildOrgTree<T extends Org>(orgs: readonly T[]): OrgNode<T>[] {
  const nodes = new Map<number, OrgNode<T>>(orgs.map((o) => [o.id, { ...o }]));
  const roots: OrgNode<T>[] = [];
  for (const o of [...orgs].sort(bySortOrder)) {
    const node = nodes.get(o.id)!;
    const parent = o.parentId === null ? undefined : nodes.get(o.parentId);
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

export interface OrgTreeOption {
  value: number;
  title: string;
  children?: OrgTreeOption[];
  disabled?: boolean;
}

export function toTreeOptions(nodes: OrgNode[], disabled?: (o: Org) => boolean): OrgTreeOption[] {
  return nodes.map((n) => ({
    value: n.id,
    title: n.name,
    disabled: disabled?.(n),
    children: n.children ? toTreeOptions(n.children, disabled) : undefined,
  }));
}

/** The ids on the way from the root to each given org (inclusive), for default-expanded pickers. */
export function ancestorIds(orgs: readonly Org[], ids: readonly number[]): number[] {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const out = new Set<number>();
  for (const id of ids) {
    let cur = byId.get(id);
    while (cur && !out.has(cur.id)) {
      out.add(cur.id);
      cur = cur.parentId === null ? undefined : byId.get(cur.parentId);
    }
  }
  return [...out];
}

/** Ids of an org and everything below it; a parent may not move under its own subtree. */
export function subtreeIds(orgs: readonly Org[], rootId: number): Set<number> {
  const children = new Map<number, number[]>();
  for (const o of orgs) if (o.parentId !== null) children.set(o.parentId, [...(children.get(o.parentId) ?? []), o.id]);
  const out = new Set<number>();
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** The name offices write in a ledger cell: the short name where there is one. */
export function ledgerName(org: Org | undefined, fallback: string | null): string {
  return org?.shortName ?? org?.name ?? fallback ?? '';
}
