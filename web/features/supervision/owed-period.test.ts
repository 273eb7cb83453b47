import { describe, expect, it } from 'vitest';
import type { ReportSlot } from '../../../domain/reports.js';
import { owedPeriod } from './owed-period';

const slot = (period: string, dueOn: string, state: ReportSlot['state'], reportId: number | null = null): ReportSlot => ({
  period,
  start: dueOn,
  end: dueOn,
  dueOn,
  state,
  reportId,
});

describe('the period a new report opens on', () => {
  it('is the overdue quarter, not the next one, when both are open (newest listed first)', () => {
    expect(owedPeriod([slot('2026Q4', '2027-01-10', 'upcoming'), slot('2026Q3', '2026-10-10', 'missing')])).toBe('2026Q3');
  });

  it('is the oldest of several overdue quarters, then the one due now, then the next upcoming', () => {
    expect(owedPeriod([slot('2026Q3', '2026-10-10', 'missing'), slot('2026Q2', '2026-07-10', 'missing')])).toBe('2026Q2');
    expect(owedPeriod([slot('2027Q1', '2027-04-10', 'upcoming'), slot('2026Q4', '2027-01-10', 'due')])).toBe('2026Q4');
    expect(owedPeriod([slot('2027Q2', '2027-07-10', 'upcoming'), slot('2027Q1', '2027-04-10', 'upcoming')])).toBe('2027Q1');
  });

  it('skips periods already reported and has none when nothing is owed', () => {
    expect(owedPeriod([slot('2026Q3', '2026-10-10', 'missing', 7), slot('2026Q4', '2027-01-10', 'upcoming')])).toBe('2026Q4');
    expect(owedPeriod([])).toBeUndefined();
  });
});
