import type { ComparedField, SnapshotItem } from '../../../domain/negotiation.js';
import { CATEGORY_LABEL, formatDateCn } from '../../app/labels';
import { t } from '../../app/i18n';
import type { Category } from '../../../domain/items.js';

/** One compared field's value as the list writes it; `domainLabel` turns a domain code into its name. */
export function fieldText(field: ComparedField, value: unknown, domainLabel: (v: string) => string): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (field) {
    case 'category':
      return CATEGORY_LABEL[value as Category] ?? String(value);
    case 'domain':
      return domainLabel(String(value));
    case 'coUnits':
      return Array.isArray(value) && value.length ? value.join(t('、')) : '—';
    case 'deadline':
      return formatDateCn(String(value));
    case 'ongoing':
      return value ? t('是') : t('否');
    case 'fundingWan':
      return typeof value === 'number' ? String(Number(value.toFixed(4))) : String(value);
    default:
      return String(value);
  }
}

/** A short line naming an added or removed item: category, lead unit, deadline. */
export function itemSummary(item: SnapshotItem): string {
  const deadline = item.ongoing ? t('长期') : item.deadline ? formatDateCn(item.deadline) : '';
  return [CATEGORY_LABEL[item.category], item.leadUnit ? t('牵头：{unit}', { unit: item.leadUnit }) : '', deadline ? t('时限：{deadline}', { deadline }) : '']
    .filter(Boolean)
    .join(' · ');
}
