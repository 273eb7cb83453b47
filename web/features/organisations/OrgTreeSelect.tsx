import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import type { Org } from '../../../domain/organisations.js';
import { ancestorIds, buildOrgTree, toTreeOptions } from './org-tree';
import { useOrganisations } from './organisations.api';
import { t } from '../../app/i18n';

interface BaseProps {
  placeholder?: string;
  /** Orgs whose branches open first (e.g. the consultation's parties). */
  expandTo?: number[];
  disabledOrg?: (o: Org) => boolean;
  id?: string;
  status?: '' | 'error' | 'warning';
  disabled?: boolean;
}

interface SingleProps extends BaseProps {
  multiple?: false;
  value?: number | null;
  onChange?: (v: number | null) => void;
}

interface MultiProps extends BaseProps {
  multiple: true;
  value?: number[];
  onChange?: (v: number[]) => void;
}

/** Picks one or several organisations from the tree; usable directly as an antd Form control. */
export function OrgTreeSelect(props: SingleProps | MultiProps) {
  const orgs = useOrganisations();
  const { expandTo, disabledOrg, value } = props;
  const treeData = useMemo(() => toTreeOptions(buildOrgTree(orgs.data ?? []), disabledOrg), [orgs.data, disabledOrg]);
  const expanded = useMemo(() => {
    const all = orgs.data ?? [];
    const selected = Array.isArray(value) ? value : value ? [value] : [];
    const keys = ancestorIds(all, [...(expandTo ?? []), ...selected]);
    if (keys.length) return keys;
    // With nothing to aim at, open the top two levels so the tree is not a single closed node.
    const roots = new Set(all.filter((o) => o.parentId === null).map((o) => o.id));
    return all.filter((o) => o.parentId === null || roots.has(o.parentId)).map((o) => o.id);
  }, [orgs.data, expandTo, value]);

  const common = {
    id: props.id,
    status: props.status,
    disabled: props.disabled,
    treeData,
    loading: orgs.isPending,
    showSearch: { treeNodeFilterProp: 'title' },
    allowClear: true,
    placeholder: props.placeholder ?? t('选择单位'),
    treeDefaultExpandedKeys: expanded,
    style: { width: '100%' },
    popupMatchSelectWidth: false as const,
    listHeight: 360,
  };

  if (props.multiple) {
    return <TreeSelect<number[]> {...common} multiple treeCheckable={false} value={props.value} onChange={(v) => props.onChange?.(v ?? [])} />;
  }
  return <TreeSelect<number | null> {...common} value={props.value ?? undefined} onChange={(v) => props.onChange?.(v ?? null)} />;
}
