import { describe, expect, it } from 'vitest';
import { rollUp } from './linked-items.js';

describe('rollUp of a parent item’s children', () => {
  it('is null without children', () => {
    expect(rollUp([])).toBeNull();
  });

  it('counts completed among the children still pursued, averages progress, takes the worst light', () => {
    expect(
      rollUp([
        { status: 'completed', light: 'green', progress: 90 },
        { status: 'in_progress', light: 'yellow', progress: 40 },
        { status: 'delayed', light: 'red', progress: 10 },
        { status: 'not_started', light: 'none', progress: 0 },
      ]),
    ).toEqual({
      total: 4,
      completed: 1,
      cancelled: 0,
      completedShare: 25,
      // A completed child counts as done whatever progress it last recorded: (100 + 40 + 10 + 0) / 4.
      progress: 38,
      worstLight: 'red',
      lights: { green: 1, yellow: 1, red: 1, none: 1 },
    });
  });

  it('leaves a cancelled child out of the share, the mean and the worst light, but counts it', () => {
    const r = rollUp([
      { status: 'cancelled', light: 'red', progress: 0 },
      { status: 'completed', light: 'green', progress: 100 },
      { status: 'in_progress', light: 'yellow', progress: 50 },
    ]);
    expect(r).toMatchObject({ total: 3, cancelled: 1, completed: 1, completedShare: 50, progress: 75, worstLight: 'yellow' });
    expect(r!.lights.red).toBe(1);
  });

  it('with every child cancelled, nothing is pursued: no share, no light', () => {
    expect(rollUp([{ status: 'cancelled', light: 'none', progress: 20 }])).toMatchObject({ total: 1, cancelled: 1, completedShare: 0, progress: 0, worstLight: 'none' });
  });

  it('keeps a progress out of range within 0–100', () => {
    expect(rollUp([{ status: 'in_progress', light: 'green', progress: 140 }])!.progress).toBe(100);
  });
});
