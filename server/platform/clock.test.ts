import { describe, expect, it } from 'vitest';
import { cstDate, pinnedDayClock } from './clock.js';

describe('clock', () => {
  it('names the calendar day in China time, not UTC', () => {
    expect(cstDate(new Date('2026-11-24T16:30:00Z'))).toBe('2026-11-25');
    expect(cstDate(new Date('2026-11-24T15:59:59Z'))).toBe('2026-11-24');
  });

  it('keeps timestamps on the pinned demo day, so stored times agree with today', () => {
    const clock = pinnedDayClock('2027-01-20');
    expect(clock.today()).toBe('2027-01-20');
    expect(cstDate(clock.now())).toBe('2027-01-20');
  });
});
