import type { ChangeLine, ChangeRequestStatus } from '../../../domain/change-requests.js';
import type { HistoryEntry } from '../../../domain/item-history.js';
import type { ItemStatus } from '../../../domain/items.js';
import { CHANGE_FIELD_LABEL, CHANGE_REQUEST_STATUS_LABEL, HISTORY_FIELD_LABEL, ITEM_STATUS_LABEL } from '../../app/labels';
import { t } from '../../app/i18n';
import { COMPARED_FIELDS, type ComparedField } from '../../../domain/negotiation.js';
import { fieldText } from '../negotiation/compare-format';

const identity = (v: string) => v;

/** One proposed field's value as the list writes it. */
export function changeValueText(field: ChangeLine['field'], value: unknown): string {
  if (field === 'status') return value ? (ITEM_STATUS_LABEL[value as ItemStatus] ?? String(value)) : '—';
  return fieldText(field, value, identity);
}

export function changeFieldLabel(field: string): string {
  return (HISTORY_FIELD_LABEL[field] ?? CHANGE_FIELD_LABEL[field as ChangeLine['field']] ?? t('其他')).toString();
}

/** One history change as a line in the user's language: 完成时限：2026年6月30日 → 2027年6月30日 */
export function historyValueText(entry: HistoryEntry, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'status') {
    return entry.changeRequest ? (CHANGE_REQUEST_STATUS_LABEL[value as ChangeRequestStatus] ?? String(value)) : (ITEM_STATUS_LABEL[value as ItemStatus] ?? String(value));
  }
  if (field.endsWith('.agreed')) return value ? t('同意') : t('不同意');
  if (field === 'progress') return `${String(value)}%`;
  if ((COMPARED_FIELDS as readonly string[]).includes(field)) return fieldText(field as ComparedField, value, identity);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
