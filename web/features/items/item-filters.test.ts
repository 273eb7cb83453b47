import { describe, expect, it } from 'vitest';
import { filtersFromSearch, filtersToValues } from './item-filters';

describe('ledger filters from a link', () => {
  it('reads what the board links to', () => {
    const r = filtersFromSearch(new URLSearchParams('light=red&category=joint_pursuit&leadUnitId=7&overdue=true&item=12'));
    expect(r).toEqual({ filters: { light: 'red', leadUnitId: 7, overdue: true, category: 'joint_pursuit' }, itemId: 12 });
  });

  it('ignores values that are not ours', () => {
    const r = filtersFromSearch(new URLSearchParams('light=purple&category=x&leadUnitId=-1&overdue=yes&item=abc&status=done'));
    expect(r).toEqual({ filters: {}, itemId: undefined });
  });

  it('keeps a filter set as text a saved filter reads back the same', () => {
    const filters = { domain: '农业农村', status: 'delayed' as const, leadUnitId: 7, q: '猕猴桃', overdue: true, light: 'red' as const };
    expect(filtersFromSearch(new URLSearchParams(filtersToValues(filters))).filters).toEqual(filters);
    expect(filtersToValues({ q: undefined, overdue: false })).toEqual({});
  });
});
