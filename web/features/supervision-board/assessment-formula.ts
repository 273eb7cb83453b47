import type { AssessmentRow } from '../../../domain/assessment.js';
import { plainNumber } from '../../../domain/assessment.js';
import { formatOnTimeRate } from '../../../domain/periods.js';
import { t } from '../../app/i18n';

type Term = AssessmentRow['terms'][number];

function termText(term: Term): string {
  const weight = plainNumber(term.weight);
  const rate = formatOnTimeRate(term.value);
  switch (term.factor) {
    case 'onTimeReports':
      return term.value === null ? t('按时报送率（无应考核，按满分）× {weight}', { weight }) : t('按时报送率 {rate} × {weight}', { rate, weight });
    case 'completedOnTime':
      return term.value === null ? t('按期办结率（无应考核，按满分）× {weight}', { weight }) : t('按期办结率 {rate} × {weight}', { rate, weight });
    case 'answeredNotices':
      return term.value === null ? t('督办单按期答复率（无应考核，按满分）× {weight}', { weight }) : t('督办单按期答复率 {rate} × {weight}', { rate, weight });
    case 'redLightDay':
      return t('红灯 {n} 天 × {weight}', { n: term.value ?? 0, weight });
    case 'returnedReport':
      return t('退回 {n} 次 × {weight}', { n: term.value ?? 0, weight });
  }
}

/**
 * The score's formula in the reader's language, from the same terms the server sums: in Chinese it
 * reads exactly as the export's 计算式 column.
 */
export function formulaText(row: Pick<AssessmentRow, 'terms' | 'score'>): string {
  const parts = row.terms.map((term, i) => {
    const text = termText(term);
    if (term.points < 0 || term.factor === 'redLightDay' || term.factor === 'returnedReport') return `− ${text}`;
    return i === 0 ? text : `+ ${text}`;
  });
  const raw = row.terms.reduce((s, term) => s + term.points, 0);
  return `${parts.join(' ')} = ${plainNumber(row.score)}${raw < 0 ? t('（不低于 0）') : ''}`;
}
