import { describe, expect, it } from 'vitest';
import {
  completionJudgement,
  DEFAULT_ASSESSMENT_WEIGHTS,
  parseAssessmentPeriod,
  redLightDays,
  scoreUnit,
  zAssessmentPeriod,
  type AssessmentWeights,
  emptyUnitFigures,
  type UnitFigures,
} from './assessment.js';

const W: AssessmentWeights = { onTimeReports: 30, completedOnTime: 40, answeredNotices: 30, redLightDay: 0.5, returnedReport: 2 };
const figures = (f: Partial<UnitFigures>): UnitFigures => ({ ...emptyUnitFigures(), ...f });

describe('assessment periods', () => {
  it('reads quarters, half-years and years, and nothing else', () => {
    expect(parseAssessmentPeriod('2026Q3')).toEqual({ code: '2026Q3', start: '2026-07-01', end: '2026-09-30' });
    expect(parseAssessmentPeriod('2026H1')).toEqual({ code: '2026H1', start: '2026-01-01', end: '2026-06-30' });
    expect(parseAssessmentPeriod('2026')).toEqual({ code: '2026', start: '2026-01-01', end: '2026-12-31' });
    for (const bad of ['2026M07', '2026Q5', '26Q1', '2026Q1 ', "2026'--"]) {
      expect(parseAssessmentPeriod(bad), bad).toBeNull();
      expect(zAssessmentPeriod.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe('scoreUnit', () => {
  it('adds the weighted rates and takes off red-light days and returned rounds, as the formula prints', () => {
    // 9 of 12 reports on time, 3 of 4 items on time, 1 of 2 notices in time, 12 red days, 1 returned round:
    // 0.75×30 + 0.75×40 + 0.5×30 − 12×0.5 − 1×2 = 22.5 + 30 + 15 − 6 − 2 = 59.5
    const s = scoreUnit(
      figures({ reportsOwed: 12, reportsOnTime: 9, itemsDue: 4, itemsOnTime: 3, noticesReceived: 2, noticesAnsweredOnTime: 1, redLightDays: 12, returnedReports: 1 }),
      W,
    );
    expect(s.score).toBe(59.5);
    expect(s.formula).toBe('按时报送率 75.0% × 30 + 按期办结率 75.0% × 40 + 督办单按期答复率 50.0% × 30 − 红灯 12 天 × 0.5 − 退回 1 次 × 2 = 59.5');
    expect(s.terms.map((t) => t.points)).toEqual([22.5, 30, 15, -6, -2]);
  });

  it('gives the full weight of a rate with nothing to judge, and says so', () => {
    const s = scoreUnit(figures({ reportsOwed: 4, reportsOnTime: 2 }), W);
    expect(s.score).toBe(15 + 40 + 30);
    expect(s.formula).toContain('按期办结率（无应考核，按满分）× 40');
    expect(s.terms[1]).toMatchObject({ factor: 'completedOnTime', value: null, points: 40 });
  });

  it('never goes below zero, and marks the floor', () => {
    const s = scoreUnit(figures({ reportsOwed: 1, itemsDue: 1, noticesReceived: 1, redLightDays: 90 }), W);
    expect(s.score).toBe(0);
    expect(s.formula).toMatch(/= 0（不低于 0）$/);
  });

  it('uses the weights it is given (defaults make 100 points for a clean unit)', () => {
    expect(scoreUnit(figures({}), DEFAULT_ASSESSMENT_WEIGHTS).score).toBe(100);
    expect(scoreUnit(figures({ returnedReports: 3 }), { ...W, returnedReport: 1.25 }).score).toBe(100 - 3.75);
  });
});

describe('completionJudgement', () => {
  const q3 = { start: '2026-07-01', end: '2026-09-30' };
  const today = '2026-10-20';
  it('judges an item closed by its deadline in the period it was closed', () => {
    expect(completionJudgement({ status: 'completed', deadline: '2026-12-31', ongoing: false, closedOn: '2026-08-10' }, q3, today)).toBe('on_time');
    expect(completionJudgement({ status: 'completed', deadline: '2026-08-10', ongoing: false, closedOn: '2026-06-10' }, q3, today)).toBeNull();
  });
  it('judges a missed deadline late in the period the deadline fell in, closed since or not', () => {
    expect(completionJudgement({ status: 'completed', deadline: '2026-08-01', ongoing: false, closedOn: '2026-10-02' }, q3, today)).toBe('late');
    expect(completionJudgement({ status: 'in_progress', deadline: '2026-09-30', ongoing: false, closedOn: null }, q3, today)).toBe('late');
    expect(completionJudgement({ status: 'in_progress', deadline: '2026-12-31', ongoing: false, closedOn: null }, q3, today)).toBeNull();
  });
  it('does not judge a deadline still to come, a cancelled item, or an open 长期 item', () => {
    expect(completionJudgement({ status: 'in_progress', deadline: '2026-09-30', ongoing: false, closedOn: null }, q3, '2026-09-15')).toBeNull();
    expect(completionJudgement({ status: 'cancelled', deadline: '2026-08-01', ongoing: false, closedOn: null }, q3, today)).toBeNull();
    expect(completionJudgement({ status: 'in_progress', deadline: '2026-08-01', ongoing: true, closedOn: null }, q3, today)).toBeNull();
  });
});

describe('redLightDays', () => {
  const Q = ['2026-07-01', '2026-09-30'] as const;
  it('counts the days between turning red and leaving red', () => {
    // Red from 07-10 to 07-22 (12 days), again from 09-25 to the end of the period (6 days).
    const changes = [
      { on: '2026-07-10', from: 'yellow', to: 'red' },
      { on: '2026-07-22', from: 'red', to: 'green' },
      { on: '2026-09-25', from: 'green', to: 'red' },
    ] as const;
    expect(redLightDays('red', null, changes, ...Q, '2026-12-01')).toBe(12 + 6);
  });
  it('takes the light in force at the start from the last change before it, or the first after it', () => {
    expect(redLightDays('green', { on: '2026-05-01', from: 'green', to: 'red' }, [{ on: '2026-07-03', from: 'red', to: 'green' }], ...Q, '2026-12-01')).toBe(2);
    expect(redLightDays('green', null, [{ on: '2026-11-03', from: 'red', to: 'green' }], ...Q, '2026-12-01')).toBe(92);
  });
  it('uses the light now when it never changed, and stops at today', () => {
    expect(redLightDays('red', null, [], ...Q, '2026-07-10')).toBe(10);
    expect(redLightDays('green', null, [], ...Q, '2026-12-01')).toBe(0);
    expect(redLightDays('red', null, [], ...Q, '2026-06-01')).toBe(0);
  });
  it('lets the last change of a day decide it', () => {
    const changes = [
      { on: '2026-07-05', from: 'green', to: 'red' },
      { on: '2026-07-05', from: 'red', to: 'yellow' },
    ] as const;
    expect(redLightDays('yellow', null, changes, ...Q, '2026-12-01')).toBe(0);
  });
});
