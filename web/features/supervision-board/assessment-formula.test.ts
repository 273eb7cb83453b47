import { describe, expect, it } from 'vitest';
import { DEFAULT_ASSESSMENT_WEIGHTS, scoreUnit } from '../../../domain/assessment.js';
import { formulaText } from './assessment-formula';

describe('formulaText', () => {
  it('reads in Chinese exactly as the server and the export print it', () => {
    for (const f of [
      { reportsOwed: 12, reportsOnTime: 9, itemsDue: 4, itemsOnTime: 3, redLightDays: 12, returnedReports: 1, noticesReceived: 2, noticesAnswered: 2, noticesAnsweredOnTime: 1 },
      { reportsOwed: 0, reportsOnTime: 0, itemsDue: 0, itemsOnTime: 0, redLightDays: 0, returnedReports: 0, noticesReceived: 0, noticesAnswered: 0, noticesAnsweredOnTime: 0 },
      { reportsOwed: 3, reportsOnTime: 0, itemsDue: 2, itemsOnTime: 0, redLightDays: 400, returnedReports: 5, noticesReceived: 1, noticesAnswered: 0, noticesAnsweredOnTime: 0 },
    ]) {
      const s = scoreUnit(f, DEFAULT_ASSESSMENT_WEIGHTS);
      expect(formulaText(s)).toBe(s.formula);
    }
  });
});
