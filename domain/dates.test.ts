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
});
