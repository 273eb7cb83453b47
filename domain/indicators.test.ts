import { describe, expect, it } from 'vitest';
import { againstTarget, averageGrowthPct, changePp, compositeScores, growthPct, isJump, rankValues, withComputed } from './indicators.js';

describe('indicator arithmetic', () => {
  it('computes the ratios from their inputs, and keeps an entered ratio when an input is missing', () => {
    const v = withComputed({ gdp: 1_200_000, rd_expenditure: 8_160, fiscal_st_expenditure: 2_000, public_budget_expenditure: 200_000, rd_intensity: 9 });
    expect(v.rd_intensity).toEqual({ value: 0.68, computed: true });
    expect(v.fiscal_st_share).toEqual({ value: 1, computed: true });
    expect(v.invention_patents_per_10k).toEqual({ value: null, computed: false });
    expect(withComputed({ rd_intensity: 0.9 }).rd_intensity).toEqual({ value: 0.9, computed: false });
    expect(withComputed({ gdp: 0, rd_expenditure: 5 }).rd_intensity.value).toBeNull();
  });

  it('reads growth as relative per cent, and the change of a ratio also in percentage points', () => {
    expect(growthPct(12.7, 10)).toBe(27);
    expect(growthPct(0.9003, 0.68)).toBeCloseTo(32.4, 1);
    expect(growthPct(5, null)).toBeNull();
    expect(growthPct(5, 0)).toBeNull();
    expect(changePp('%', 0.9, 0.68)).toBeCloseTo(0.22, 4);
    expect(changePp('亿元', 12.7, 10)).toBeNull();
    expect(
      averageGrowthPct([
        { year: 2019, value: 100 },
        { year: 2020, value: null },
        { year: 2021, value: 121 },
      ]),
    ).toBe(10);
    expect(isJump(16, 10, 50)).toBe(true);
    expect(isJump(14, 10, 50)).toBe(false);
  });

  it('ranks with the direction, ties sharing a place and missing values unranked', () => {
    expect(rankValues('up', [3, 5, null, 5])).toEqual([3, 1, null, 1]);
    expect(rankValues('down', [0.5, 0.7, 0.4])).toEqual([2, 3, 1]);
  });

  it('scores 0–100 from min–max scaled indicators, inverting lower-is-better ones', () => {
    const rows = [{ values: { a: 1, e: 0.9 } }, { values: { a: 3, e: 0.5 } }, { values: { a: 2, e: null } }];
    const s = compositeScores(rows, [
      { code: 'a', weight: 1, direction: 'up' },
      { code: 'e', weight: 1, direction: 'down' },
    ]);
    expect(s).toEqual([0, 100, 50]);
  });

  it('signs the gap so that met is ≥ 0 either way', () => {
    expect(againstTarget('up', 1.3, 1.2)).toEqual({ met: true, gap: 0.1 });
    expect(againstTarget('down', 0.6, 0.5)).toEqual({ met: false, gap: -0.1 });
    expect(againstTarget('up', null, 1)).toEqual({ met: null, gap: null });
  });
});
