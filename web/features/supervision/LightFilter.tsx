import { Checkbox, Select } from 'antd';
import { LIGHT_LABEL } from '../../app/labels';
import { t } from '../../app/i18n';
import { LIGHTS, type Light } from '../../../domain/supervision.js';
import type { ItemFilters } from '../items/items.api';

/** The ledger's light filter and the overdue switch (both answered by the items API). */
export function LightFilter({ filters, onChange }: { filters: ItemFilters; onChange: (f: (prev: ItemFilters) => ItemFilters) => void }) {
  return (
    <>
      <Select<Light>
        allowClear
        placeholder={t('全部亮灯')}
        style={{ width: 120 }}
        value={filters.light}
        onChange={(light) => onChange((f) => ({ ...f, light }))}
        options={LIGHTS.map((l) => ({ value: l, label: LIGHT_LABEL[l] }))}
        data-testid="filter-light"
      />
      <Checkbox checked={filters.overdue === true} onChange={(e) => onChange((f) => ({ ...f, overdue: e.target.checked || undefined }))} data-testid="filter-overdue">
        {t('仅看已超期')}
      </Checkbox>
    </>
  );
}
