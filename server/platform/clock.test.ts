import { afterEach, describe, expect, it, vi } from 'vitest';
import { cstDate, pinnedDayClock, systemClock } from './clock.js';

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

  describe('the system clock', () => {
    afterEach(() => {
      vi.restoreAllMocks();
      vi.useRealTimers();
    });

    it('turns to the next day at midnight China time, though it works the day out once', () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2026-11-24T15:59:59.999Z'));
      const clock = systemClock();
      expect(clock.today()).toBe('2026-11-24');
      const worked = vi.spyOn(Date.prototype, 'toISOString');
      expect(clock.today()).toBe('2026-11-24');
      expect(worked).not.toHaveBeenCalled();
      vi.setSystemTime(new Date('2026-11-24T16:00:00.000Z'));
      expect(clock.today()).toBe('2026-11-25');
      vi.setSystemTime(new Date('2026-11-25T15:59:59.000Z'));
      expect(clock.today()).toBe('2026-11-25');
    });

    it("follows the computer's clock set back across midnight", () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2026-11-24T16:00:05Z'));
      const clock = systemClock();
      expect(clock.today()).toBe('2026-11-25');
      vi.setSystemTime(new Date('2026-11-24T15:59:50Z'));
      expect(clock.today()).toBe('2026-11-24');
    });
  });
});
