/** The app's one source of "now"; tests and demo mode fix it, nothing else reads Date directly. */
export interface Clock {
  now(): Date;
  /** Today as YYYY-MM-DD in China Standard Time, the calendar officials work by. */
  today(): string;
}

const CST_OFFSET_MS = 8 * 3600_000;

export function cstDate(d: Date): string {
  return new Date(d.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export function systemClock(): Clock {
  // Today is asked on every kept answer (answer-cache.ts): worked out again only once the day is over.
  // (The system clock set back across midnight is noticed too.)
  let day = '';
  let dayStarts = Infinity;
  let dayEnds = -Infinity;
  return {
    now: () => new Date(),
    today: () => {
      const now = Date.now();
      if (now >= dayEnds || now < dayStarts) {
        day = cstDate(new Date(now));
        dayStarts = Date.parse(`${day}T00:00:00.000Z`) - CST_OFFSET_MS;
        dayEnds = dayStarts + 86_400_000;
      }
      return day;
    },
  };
}

/**
 * A clock whose calendar day is pinned while time of day still runs (demo mode's HUISHANG_TODAY):
 * timestamps fall on the pinned day too, so "submitted at" agrees with "today" everywhere.
 */
export function pinnedDayClock(day: string): Clock {
  return {
    now: () => {
      const real = new Date();
      const timeOfDayMs = (real.getTime() + CST_OFFSET_MS) % 86_400_000;
      return new Date(Date.parse(`${day}T00:00:00.000Z`) - CST_OFFSET_MS + timeOfDayMs);
    },
    today: () => day,
  };
}

/** A fully controllable clock for tests. */
export function manualClock(start: Date): Clock & { set(d: Date): void; advance(ms: number): void } {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    today: () => cstDate(new Date(t)),
    set: (d) => {
      t = d.getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export const iso = (d: Date) => d.toISOString();
