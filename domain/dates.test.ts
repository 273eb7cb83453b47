import { describe, expect, it } from 'vitest';
import { chinaDate, chinaDateTime } from './dates.js';

describe('instants in China Standard Time', () => {
  it('puts an evening UTC instant on the next Chinese calendar day', () => {
    expect(chinaDateTime('2026-11-24T16:30:00.000Z')).toBe('2026-11-25 00:30');
    expect(chinaDate('2026-11-24T16:30:00.000Z')).toBe('2026-11-25');
    expect(chinaDate('2026-11-24T15:59:59.999Z')).toBe('2026-11-24');
  });

  it('crosses a year boundary the same way', () => {
    expect(chinaDate('2025-12-31T16:00:00.000Z')).toBe('2026-01-01');
    expect(chinaDate(null)).toBe('');
  });

  it('at 07:30 in Beijing (23:30 UTC the day before) shows today, with minutes or seconds', () => {
    const at = '2026-12-02T23:30:05.000Z';
    expect(chinaDate(at)).toBe('2026-12-03');
    expect(chinaDateTime(at)).toBe('2026-12-03 07:30');
    expect(chinaDateTime(at, true)).toBe('2026-12-03 07:30:05');
    expect(chinaDateTime(undefined)).toBe('');
  });
});
