import type { ConsultationCounts, ConsultationDetail } from '../../../domain/consultations.js';
import { CATEGORIES } from '../../../domain/items.js';
import { t } from '../../app/i18n';

/** 共30项（10/10/10）: the total, then the three categories in ledger order. */
export function countsSummary(c: ConsultationCounts): string {
  return t('共{n}项（{split}）', { n: c.total, split: CATEGORIES.map((k) => c.byCategory[k]).join('/') });
}

export function partiesText(c: Pick<ConsultationDetail, 'partnerOrgs'>): string {
  return c.partnerOrgs.map((o) => o.name).join(t('、'));
}
