import { describe, expect, it } from 'vitest';
import { plannedReminders } from './reminders.service.js';

const item = (over: Partial<Parameters<typeof plannedReminders>[0]> = {}) => ({
  id: 7,
  deadline: '2027-03-01',
  ongoing: 0,
  report_cycle: 'quarterly',
  report_due_days: 10,
  adopted_on: '2026-11-25',
  supervision_json: null,
  ...over,
});
const plan = (today: string, over = {}, reported: string[] = []) => plannedReminders(item(over), new Set(reported), today).map((p) => [p.kind, p.dedupeKey]);

describe('plannedReminders: which reminders a day owes', () => {
  it('uses the default 7 and 1 days and nothing on the days between', () => {
    expect(plan('2027-02-22')).toEqual([['deadline_due', 'deadline_due:7:2027-03-01:7']]);
    expect(plan('2027-02-23')).toEqual([]);
    expect(plan('2027-02-28')).toEqual([['deadline_due', 'deadline_due:7:2027-03-01:1']]);
    expect(plan('2027-03-01')).toEqual([]);
  });

  it('repeats an overdue reminder weekly under a new key, the same key within a week', () => {
    expect(plan('2027-03-02')).toEqual([['deadline_overdue', 'deadline_overdue:7:2027-03-01:0']]);
    expect(plan('2027-03-08')).toEqual([['deadline_overdue', 'deadline_overdue:7:2027-03-01:0']]);
    expect(plan('2027-03-09')).toEqual([['deadline_overdue', 'deadline_overdue:7:2027-03-01:1']]);
  });

  it("takes the consultation's own reminder days and skips ongoing items' deadlines", () => {
    const custom = { supervision_json: JSON.stringify({ reminderDays: [3] }) };
    expect(plan('2027-02-22', custom)).toEqual([]);
    expect(plan('2027-02-26', custom)).toEqual([['deadline_due', 'deadline_due:7:2027-03-01:3']]);
    expect(plan('2027-02-22', { deadline: null, ongoing: 1 })).toEqual([]);
  });

  it('reminds of a report before its due date and when missing, never for a period already reported or before adoption', () => {
    const noDeadline = { deadline: null, ongoing: 1 };
    expect(plan('2027-04-03', noDeadline)).toEqual([['report_due', 'report_due:7:2027Q1:7']]);
    expect(plan('2027-04-09', noDeadline)).toEqual([['report_due', 'report_due:7:2027Q1:1']]);
    expect(plan('2027-04-10', noDeadline)).toEqual([]);
    expect(plan('2027-04-11', noDeadline)).toEqual([['report_overdue', 'report_overdue:7:2027Q1:0']]);
    expect(plan('2027-04-11', noDeadline, ['2027Q1'])).toEqual([]);
    expect(plan('2027-04-03', noDeadline, ['2027Q1'])).toEqual([]);
    // Adopted in 2026Q4: the 2026Q4 report (due 2027-01-10) is not owed.
    expect(plan('2027-01-03', noDeadline)).toEqual([]);
    expect(plan('2027-01-11', noDeadline)).toEqual([]);
    expect(plan('2027-04-03', { ...noDeadline, adopted_on: null })).toEqual([]);
  });
});
