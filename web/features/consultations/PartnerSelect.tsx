import { useMemo } from 'react';
import { Select } from 'antd';
import { useOrganisations } from '../organisations/organisations.api';
import { partnerGroups } from './partner-options';
import { t } from '../../app/i18n';

interface Props {
  /** The host the consultation is held by: its division decides which governments are offered. */
  hostOrgId: number;
  id?: string;
  value?: number[];
  onChange?: (v: number[]) => void;
  status?: '' | 'error' | 'warning';
}

/** 会商方: people's governments under the host's division, searchable by name, short name or city; an antd Form control. */
export function PartnerSelect({ hostOrgId, id, value, onChange, status }: Props) {
  const orgs = useOrganisations();
  const options = useMemo(() => partnerGroups(orgs.data ?? [], hostOrgId, value ?? []), [orgs.data, hostOrgId, value]);
  return (
    <Select<number[]>
      id={id}
      mode="multiple"
      status={status}
      value={value}
      onChange={(v) => onChange?.(v ?? [])}
      options={options}
      loading={orgs.isPending}
      showSearch={{ optionFilterProp: ['label', 'search'] }}
      allowClear
      placeholder={t('选择县（区）人民政府，可多选')}
      notFoundContent={orgs.isPending ? t('加载中…') : t('范围内没有可选的人民政府')}
      listHeight={360}
      style={{ width: '100%' }}
      data-testid="partner-select"
    />
  );
}
