import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTITY_TYPE_LABEL } from './audit-format';

// The audit log's 对象 column and filter speak Chinese for every kind of row the server records.
const server = path.resolve(import.meta.dirname, '../../../server');
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });

describe('audit object labels', () => {
  it('name every entity type the server writes to the audit log', () => {
    const written = new Set<string>();
    for (const file of sources(server)) for (const m of fs.readFileSync(file, 'utf8').matchAll(/entityType: '([a-z_]+)'/g)) written.add(m[1]);
    expect(written.size).toBeGreaterThan(10);
    expect([...written].filter((t) => !ENTITY_TYPE_LABEL[t])).toEqual([]);
  });
});
