import { describe, expect, it } from 'vitest';
import { computeLight, expectedProgress, parseLightReasons, type LightInput } from './lights.js';
import { DEFAULT_LIGHT_THRESHOLDS } from './supervision.js';

// Adopted 2025-01-01, deadline 2025-12-31 (364 days): the straight line expects ≈ elapsed/364.
const base: LightInput = {
  status: 'in_progress',
  progress: 100,
  deadline: '2025-12-31',
  ongoing: false,
  adoptedOn: '2025-01-01',
  milestones: [],
  reportSlots: [],
  today: '2025-06-01',
  thresholds: DEFAULT_LIGHT_THRESHOLDS,
};
const at = (over: Partial<LightInput>) => computeLight({ ...base, ...over });
const codes = (over: Partial<LightInput>) => at(over).reasons.map((r) => r.code);
const missing = (dueOn: string) => [{ period: '2025Q3', dueOn, state: 'missing' as const }];

describe('computeLight: none', () => {
  it.each([
    ['completed', { status: 'completed', today: '2026-03-01' }, 'completed'],
    ['cancelled', { status: 'cancelled', today: '2026-03-01' }, 'cancelled'],
    ['not adopted', { adoptedOn: null, today: '2026-03-01' }, 'not_adopted'],
    ['adopted only later', { adoptedOn: '2025-06-02' }, 'not_adopted'],
  ] as const)('%s → none', (_name, over, code) => {
    expect(at(over)).toEqual({ light: 'none', reasons: [expect.objectContaining({ code })] });
  });

  it('adopted today already lights', () => {
    expect(at({ adoptedOn: '2025-06-01' }).light).toBe('green');
  });
});

describe('computeLight: the deadline', () => {
  it.each([
    ['the day before', '2025-12-30', 'green'],
    ['the day of', '2025-12-31', 'green'],
    ['the day after', '2026-01-01', 'red'],
  ] as const)('%s the deadline with full progress → %s', (_n, today, light) => {
    expect(at({ today }).light).toBe(light);
  });

  it('says by how many days the deadline was missed', () => {
    const r = at({ today: '2026-01-12', progress: 80 });
    expect(r.light).toBe('red');
    expect(r.reasons[0]).toEqual({ code: 'deadline_passed', message: '已超过完成时限（2025-12-31）12天，尚未完成' });
  });

  it('an ongoing item or one without a deadline never passes it', () => {
    expect(at({ today: '2027-01-01', ongoing: true, deadline: null }).light).toBe('green');
    expect(at({ today: '2027-01-01', deadline: null }).light).toBe('green');
    expect(at({ today: '2027-01-01', ongoing: true }).light).toBe('green');
  });

  it('a delayed item is still judged by the same rules', () => {
    expect(at({ status: 'delayed', today: '2026-01-01' }).light).toBe('red');
    expect(at({ status: 'not_started', progress: 0, today: '2025-03-01' }).light).toBe('green');
  });
});

describe('computeLight: deadline near and progress lagging', () => {
  // 2025-12-01 is 30 days before the deadline; the line then expects round(334/364·100) = 92.
  it('expects progress along a straight line from adoption to deadline', () => {
    expect(expectedProgress('2025-01-01', '2025-12-31', '2025-12-01')).toBe(92);
    expect(expectedProgress('2025-01-01', '2025-12-31', '2024-12-01')).toBe(0);
    expect(expectedProgress('2025-01-01', '2025-12-31', '2026-02-01')).toBe(100);
    expect(expectedProgress('2025-12-31', '2025-12-31', '2025-12-31')).toBe(100);
  });

  it.each([
    ['31 days left', '2025-11-30', 0, 'green'],
    ['30 days left', '2025-12-01', 72, 'yellow'],
    ['29 days left', '2025-12-02', 72, 'yellow'],
    ['on the deadline day', '2025-12-31', 80, 'yellow'],
  ] as const)('%s, progress %i → %s', (_n, today, progress, light) => {
    expect(at({ today, progress }).light).toBe(light);
  });

  it.each([
    ['lag 21 points', 71, 'yellow'],
    ['lag exactly 20 points', 72, 'yellow'],
    ['lag 19 points', 73, 'green'],
  ] as const)('%s at 30 days left → %s', (_n, progress, light) => {
    expect(at({ today: '2025-12-01', progress }).light).toBe(light);
  });

  it('explains the numbers', () => {
    expect(at({ today: '2025-12-01', progress: 50 }).reasons).toEqual([
      { code: 'deadline_near_lagging', message: '距完成时限（2025-12-31）还有30天，当前进度50%，低于按时序应达到的92%（落后42个百分点）' },
    ]);
  });

  it('uses the consultation thresholds', () => {
    const thresholds = { redReportLateDays: 15, yellowDeadlineDays: 10, yellowLagPoints: 50 };
    expect(at({ today: '2025-12-01', progress: 50, thresholds }).light).toBe('green');
    expect(at({ today: '2025-12-21', progress: 40, thresholds }).light).toBe('yellow');
  });
});

describe('computeLight: milestones', () => {
  const ms = (doneOn: string | null) => [{ title: '完成选址', dueOn: '2025-05-31', doneOn }];
  it.each([
    ['the day before it is due', '2025-05-30', 'green'],
    ['the day it is due', '2025-05-31', 'green'],
    ['the day after it is due', '2025-06-01', 'yellow'],
  ] as const)('open milestone %s → %s', (_n, today, light) => {
    expect(at({ today, milestones: ms(null) }).light).toBe(light);
  });

  it('a done milestone never lights, even done late', () => {
    expect(at({ today: '2025-07-01', milestones: ms('2025-06-20') }).light).toBe('green');
  });

  it('names the milestone and the days', () => {
    expect(at({ today: '2025-06-10', milestones: ms(null) }).reasons).toEqual([{ code: 'milestone_overdue', message: '里程碑“完成选址”应于2025-05-31完成，已逾期10天' }]);
  });
});

describe('computeLight: reports', () => {
  it.each([
    ['due, not yet late', 'due', '2025-10-10', 'green'],
    ['1 day missing', 'missing', '2025-10-11', 'yellow'],
    ['15 days missing', 'missing', '2025-10-25', 'yellow'],
    ['16 days missing', 'missing', '2025-10-26', 'red'],
  ] as const)('%s → %s', (_n, state, today, light) => {
    expect(at({ today, reportSlots: [{ period: '2025Q3', dueOn: '2025-10-10', state }] }).light).toBe(light);
  });

  it.each(['submitted', 'accepted', 'returned', 'late', 'upcoming'] as const)('a %s slot does not light the item', (state) => {
    expect(at({ today: '2025-11-20', reportSlots: [{ period: '2025Q3', dueOn: '2025-10-10', state }] }).light).toBe('green');
  });

  it('uses the consultation red threshold', () => {
    const thresholds = { ...DEFAULT_LIGHT_THRESHOLDS, redReportLateDays: 5 };
    expect(at({ today: '2025-10-15', reportSlots: missing('2025-10-10'), thresholds }).light).toBe('yellow');
    expect(at({ today: '2025-10-16', reportSlots: missing('2025-10-10'), thresholds }).light).toBe('red');
  });

  it('explains which period and how late', () => {
    expect(at({ today: '2025-10-12', reportSlots: missing('2025-10-10') }).reasons).toEqual([
      { code: 'report_overdue', message: '2025年第三季度进展报告应于2025-10-10前报送，已逾期2天未报送' },
    ]);
    expect(at({ today: '2025-10-30', reportSlots: missing('2025-10-10') }).reasons[0]!.code).toBe('report_overdue_long');
  });
});

describe('computeLight: combinations', () => {
  it('red wins and still lists the yellow reasons after the red ones', () => {
    const r = at({
      today: '2026-01-05',
      progress: 30,
      milestones: [{ title: '完成验收', dueOn: '2025-12-01', doneOn: null }],
      reportSlots: missing('2025-12-30'),
    });
    expect(r.light).toBe('red');
    expect(r.reasons.map((x) => x.code)).toEqual(['deadline_passed', 'report_overdue', 'milestone_overdue']);
  });

  it('green explains itself too', () => {
    expect(codes({})).toEqual(['on_track']);
  });

  it('reads stored reasons defensively', () => {
    expect(parseLightReasons('[{"code":"on_track","message":"x"}]')).toEqual([{ code: 'on_track', message: 'x' }]);
    expect(parseLightReasons('not json')).toEqual([]);
    expect(parseLightReasons(null)).toEqual([]);
  });
});
