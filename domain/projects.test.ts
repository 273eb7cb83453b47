import { describe, expect, it } from 'vitest';
import { OUTCOME_KIND_LABEL, PROJECT_STATUS_LABEL, PROJECT_TYPE_LABEL } from './labels.js';
import { rollUpProgress } from './programmes.js';
import { OUTCOME_KINDS, PROJECT_STATUSES, PROJECT_TYPES, zProjectCreate, zProjectPatch } from './projects.js';

describe('programme progress roll-up', () => {
  it('is the plain mean with equal weights', () => {
    expect(
      rollUpProgress([
        { progress: 100, weight: 1 },
        { progress: 50, weight: 1 },
        { progress: 0, weight: 1 },
      ]),
    ).toBe(50);
  });
  it('weighs items by their weight and rounds to a whole percent', () => {
    expect(
      rollUpProgress([
        { progress: 100, weight: 3 },
        { progress: 0, weight: 1 },
      ]),
    ).toBe(75);
    expect(
      rollUpProgress([
        { progress: 10, weight: 1 },
        { progress: 15, weight: 2 },
      ]),
    ).toBe(13);
  });
  it('leaves out cancelled and zero-weight items, and is 0 with nothing to count', () => {
    expect(
      rollUpProgress([
        { progress: 80, weight: 1 },
        { progress: 0, weight: 5, cancelled: true },
        { progress: 0, weight: 0 },
      ]),
    ).toBe(80);
    expect(rollUpProgress([])).toBe(0);
    expect(rollUpProgress([{ progress: 40, weight: 1, cancelled: true }])).toBe(0);
  });
  it('clamps stray percentages', () => {
    expect(
      rollUpProgress([
        { progress: 150, weight: 1 },
        { progress: -20, weight: 1 },
      ]),
    ).toBe(50);
  });
});

describe('project schemas', () => {
  const base = { name: '演示项目', type: 'rd', undertakers: ['某企业'], fiscalWan: 50, selfRaisedWan: 20.5, startDate: '2025-01-01', endDate: '2026-12-31' };
  it('fills defaults and accepts typed outcomes', () => {
    const v = zProjectCreate.parse({ ...base, outcomes: [{ kind: 'patents', target: 3, actual: null }] });
    expect(v).toMatchObject({ status: 'proposed', milestones: [], summary: '' });
  });
  it('refuses a period that runs backwards, repeated outcome kinds and unknown kinds', () => {
    expect(zProjectCreate.safeParse({ ...base, endDate: '2024-12-31' }).success).toBe(false);
    const twice = [
      { kind: 'jobs', target: 1, actual: null },
      { kind: 'jobs', target: 2, actual: null },
    ];
    expect(zProjectCreate.safeParse({ ...base, outcomes: twice }).success).toBe(false);
    expect(zProjectCreate.safeParse({ ...base, outcomes: [{ kind: 'cars', target: 1, actual: null }] }).success).toBe(false);
    expect(zProjectCreate.safeParse({ ...base, fiscalWan: 0.00001 }).success).toBe(false);
    expect(zProjectCreate.safeParse({ ...base, undertakers: [] }).success).toBe(false);
  });
  it('needs a version to patch', () => {
    expect(zProjectPatch.safeParse({ name: 'x' }).success).toBe(false);
    expect(zProjectPatch.safeParse({ name: 'x', version: 1 }).success).toBe(true);
  });
  it('has a Chinese label for every type, status and outcome kind', () => {
    for (const t of PROJECT_TYPES) expect(PROJECT_TYPE_LABEL[t]).toMatch(/[\u4e00-\u9fa5]/);
    for (const s of PROJECT_STATUSES) expect(PROJECT_STATUS_LABEL[s]).toMatch(/[\u4e00-\u9fa5]/);
    for (const k of OUTCOME_KINDS) expect(OUTCOME_KIND_LABEL[k]).toMatch(/[\u4e00-\u9fa5]/);
  });
});
