import type { ConsultationCounts, ConsultationDetail } from '../../../domain/consultations.js';
import { CATEGORIES } from '../../../domain/items.js';

/** 共30项（10/10/10）: the total, then the three categories in ledger order. */
export function countsSummary(c: ConsultationCounts): string {
  return `共${c.total}项（${CATEGORIES.map((k) => c.byCategory[k]).join('/')}）`;
}

export function partiesText(c: Pick<ConsultationDetail, 'partnerOrgs'>): string {
  return c.partnerOrgs.map((o) => o.name).join('、');
}
