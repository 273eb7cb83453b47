import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Instants (createdAt, decidedAt, …) are UTC on the wire. Formatted with the browser's zone or cut
// to their first ten characters they show yesterday before 08:00 in Beijing, so every page shows
// them through domain/dates.ts (chinaDate / chinaDateTime) instead.
const root = path.resolve(import.meta.dirname);
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'dist' ? [] : sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });

describe('dates on the pages', () => {
  it('no page formats an instant with the browser clock or by cutting its ISO text', () => {
    const offenders: string[] = [];
    for (const file of sources(root)) {
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        const where = `${path.relative(root, file)}:${i + 1}`;
        if (/dayjs\([^)]*\)\.format\('YYYY-MM-DD HH/.test(line)) offenders.push(`${where} formats a time in the browser's zone`);
        if (/(At|_at)\??\.slice\(0, 1[06]\)/.test(line)) offenders.push(`${where} cuts an ISO timestamp`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
