import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ENTITY_TYPES } from '../../../domain/audit.js';
import { ENTITY_TYPE_OPTIONS, entityLabel, entityText } from './audit-format';

// The audit log's 对象 column and filter speak Chinese for every kind of row the server records.
const server = path.resolve(import.meta.dirname, '../../../server');
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });

describe('audit object labels', () => {
  it('name every entity type the server writes to the audit log, and offer each in the filter', () => {
    const written = new Set<string>();
    for (const file of sources(server)) for (const m of fs.readFileSync(file, 'utf8').matchAll(/entityType: '([a-z_]+)'/g)) written.add(m[1]);
    expect(written.size).toBeGreaterThan(10);
    expect([...written].filter((t) => !(AUDIT_ENTITY_TYPES as readonly string[]).includes(t))).toEqual([]);
    const offered = ENTITY_TYPE_OPTIONS.map((o) => o.value);
    expect(offered).toEqual(expect.arrayContaining([...written]));
    expect(ENTITY_TYPE_OPTIONS.find((o) => o.value === 'report')?.label).toBe('进展报告');
    expect(ENTITY_TYPE_OPTIONS.find((o) => o.value === 'supervision_notice')?.label).toBe('督办单');
    expect(ENTITY_TYPE_OPTIONS.every((o) => o.label && o.label !== o.value)).toBe(true);
  });

  it('shows an object by its kind and name, and by its id only when it is gone without a name', () => {
    expect(entityText({ entityType: 'report', entityId: 6, entityTitle: '建设猕猴桃产业研究院 · 2026年第三季度' })).toBe('进展报告 · 建设猕猴桃产业研究院 · 2026年第三季度');
    expect(entityText({ entityType: 'supervision_notice', entityId: 2, entityTitle: null })).toBe('督办单 #2');
    expect(entityText({ entityType: 'user', entityId: null, entityTitle: null })).toBe('用户');
    // A kind the table does not know shows its code rather than nothing.
    expect(entityLabel('no_such_kind')).toBe('no_such_kind');
  });
});
