import { describe, expect, it } from 'vitest';
import {
  addDays,
  currentReportingPeriod,
  daysBetween,
  dueDateOf,
  emptyPunctuality,
  formatOnTimeRate,
  judgedSlots,
  onTimeRate,
  owedPeriods,
  parsePeriod,
  periodContaining,
  periodLabel,
  reportSlotState,
  tallySlot,
  type ReportSlotState,
} from './periods.js';

describe('reporting periods', () => {
  it('finds the period containing a date in each cycle', () => {
    expect(periodContaining('quarterly', '2025-08-15')).toEqual({ code: '2025Q3', cycle: 'quarterly', start: '2025-07-01', end: '2025-09-30' });
    expect(periodContaining('monthly', '2024-02-10').end).toBe('2024-02-29');
    expect(periodContaining('half_yearly', '2025-12-31').code).toBe('2025H2');
  });

  it('parses codes and rejects impossible ones', () => {
    expect(parsePeriod('2025M12')?.end).toBe('2025-12-31');
    expect(parsePeriod('2025H1')?.end).toBe('2025-06-30');
    expect(parsePeriod('2025M13')).toBeNull();
    expect(parsePeriod('2025Q5')).toBeNull();
  });

  it('falls due the set number of days after the period ends', () => {
    expect(dueDateOf(parsePeriod('2025Q3')!, 10)).toBe('2025-10-10');
    expect(dueDateOf(parsePeriod('2025Q4')!, 10)).toBe('2026-01-10');
  });

  it('owes reports from the period after adoption until today, and not after close-out', () => {
    expect(owedPeriods('quarterly', '2025-05-20', '2025-12-01').map((p) => p.code)).toEqual(['2025Q3']);
    expect(owedPeriods('quarterly', '2025-05-20', '2026-01-01').map((p) => p.code)).toEqual(['2025Q3', '2025Q4']);
    expect(owedPeriods('quarterly', '2025-05-20', '2026-06-01', '2025-11-03').map((p) => p.code)).toEqual(['2025Q3']);
    expect(owedPeriods('quarterly', null, '2026-01-01')).toEqual([]);
  });

  it('tells due, missing, late and on-time apart at the boundaries', () => {
    const period = parsePeriod('2025Q3')!;
    const s = (today: string, report: Parameters<typeof reportSlotState>[0]['report'] = null) => reportSlotState({ period, dueDays: 10, today, report });
    expect(s('2025-09-30')).toBe('upcoming');
    expect(s('2025-10-01')).toBe('due');
    expect(s('2025-10-10')).toBe('due');
    expect(s('2025-10-11')).toBe('missing');
    expect(s('2025-10-20', { status: 'submitted', firstSubmittedOn: '2025-10-10' })).toBe('submitted');
    expect(s('2025-10-20', { status: 'accepted', firstSubmittedOn: '2025-10-11' })).toBe('late');
  });

  it('counts days and labels periods in Chinese', () => {
    expect(daysBetween('2025-10-10', '2025-10-26')).toBe(16);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(currentReportingPeriod('quarterly', '2025-11-25').code).toBe('2025Q3');
    expect(periodLabel('2025Q3')).toBe('2025年第三季度');
    expect(periodLabel('2025H1')).toBe('2025年上半年');
    expect(periodLabel('2025M07')).toBe('2025年7月');
  });
});

describe('on-time reporting', () => {
  const tally = (states: (ReportSlotState | null)[]) => {
    const p = emptyPunctuality();
    for (const s of states) tallySlot(p, s);
    return p;
  };

  it('counts every state once and leaves upcoming and unowed slots out', () => {
    expect(tally(['submitted', 'accepted', 'returned', 'late', 'missing', 'due', 'upcoming', null])).toEqual({ owed: 6, onTime: 3, late: 1, missing: 1, pending: 1 });
  });

  it('rates on time over the judged slots; a slot still within its due date does not lower the rate', () => {
    expect(onTimeRate(tally(['accepted', 'late', 'missing', 'due']))).toBeCloseTo(1 / 3);
    expect(judgedSlots(tally(['accepted', 'late', 'missing', 'due']))).toBe(3);
    expect(onTimeRate(tally(['submitted', 'due']))).toBe(1);
  });

  it('has no rate before anything is judged', () => {
    expect(onTimeRate(tally([]))).toBeNull();
    expect(onTimeRate(tally(['due', 'upcoming']))).toBeNull();
  });

  it('prints the rate one way for the board and the documents', () => {
    expect(formatOnTimeRate(2 / 3)).toBe('66.7%');
    expect(formatOnTimeRate(0)).toBe('0.0%');
    expect(formatOnTimeRate(null)).toBe('—');
  });
});
