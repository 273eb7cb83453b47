import { describe, expect, it } from 'vitest';
import { boardFilterFromValues, boardFilterToValues } from './board-filters';

describe('board filters as saved', () => {
  it('round-trips a filter and drops what it cannot read', () => {
    const f = { consultationId: 3, light: 'red' as const, category: 'joint_pursuit' as const, leadUnitId: 9, overdue: true as const };
    expect(boardFilterFromValues(boardFilterToValues(f))).toEqual(f);
    expect(boardFilterFromValues({ light: 'purple', consultationId: '-1', leadUnitId: 'x', overdue: 'yes', category: 'none' })).toEqual({});
  });
});
