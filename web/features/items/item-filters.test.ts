import { describe, expect, it } from 'vitest';
import { filtersFromSearch } from './item-filters';

describe('ledger filters from a link', () => {
  it('reads what the board links to', () => {
    const r = filtersFromSearch(new URLSearchParams('light=red&category=joint_pursuit&leadUnitId=7&overdue=true&item=12'));
    expect(r).toEqual({ filters: { light: 'red', leadUnitId: 7, overdue: true, category: 'joint_pursuit' }, itemId: 12 });
  });

  it('ignores values that are not ours', () => {
    const r = filtersFromSearch(new URLSearchParams('light=purple&category=x&leadUnitId=-1&overdue=yes&item=abc&status=done'));
    expect(r).toEqual({ filters: {}, itemId: undefined });
  });
});
