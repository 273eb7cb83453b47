import { describe, expect, it } from 'vitest';
import { shiftMonths } from './dates.js';
import { CATEGORY_LABEL, ITEM_STATUS_LABEL, chineseNumber, formatWan, sectionHeading } from './labels.js';
import { CATEGORIES, ITEM_STATUSES, wanToYuan, yuanToWan, zItemCreate, zItemPatch } from './items.js';
import { adminRoleConflict, permissionsOf } from './roles.js';
import { divisionCodeFits } from './organisations.js';
import { canMoveConsultation } from './consultations.js';
import { passwordProblems } from './users.js';

describe('labels', () => {
  it('writes ledger section headings the way offices do', () => {
    expect(sectionHeading(0, 'direct_support', 10)).toBe('一、市局直接支持事项（10项）');
    expect(sectionHeading(1, 'joint_promotion', 10)).toBe('二、局县共同推动事项（10项）');
    expect(sectionHeading(2, 'joint_pursuit', 3)).toBe('三、局县共同争取事项（3项）');
  });
  it('has a Chinese label for every category and status', () => {
    for (const c of CATEGORIES) expect(CATEGORY_LABEL[c]).toMatch(/[\u4e00-\u9fa5]/);
    for (const s of ITEM_STATUSES) expect(ITEM_STATUS_LABEL[s]).toMatch(/[\u4e00-\u9fa5]/);
  });
  it('counts in Chinese', () => {
    expect([1, 10, 11, 20, 23].map(chineseNumber)).toEqual(['一', '十', '十一', '二十', '二十三']);
  });
  it('formats 万元', () => {
    expect(formatWan(50)).toBe('50万元');
    expect(formatWan(0.05)).toBe('0.05万元');
    expect(formatWan(null)).toBe('—');
  });
});

describe('funding', () => {
  it('round-trips 万元 through whole 元', () => {
    for (const v of [0, 0.0001, 0.05, 12.5, 500, 1234.5678]) expect(yuanToWan(wanToYuan(v))).toBe(v);
  });
  it('rejects more precision than one 元', () => {
    expect(zItemCreate.safeParse({ title: 'x', category: 'direct_support', domain: '综合', fundingWan: 1.00001 }).success).toBe(false);
    expect(zItemCreate.safeParse({ title: 'x', category: 'direct_support', domain: '综合', fundingWan: 1.0001 }).success).toBe(true);
  });
});

describe('item schemas', () => {
  it('fills defaults on create and refuses unknown fields', () => {
    const r = zItemCreate.parse({ title: ' 标题 ', category: 'joint_pursuit', domain: '综合' });
    expect(r).toMatchObject({ title: '标题', status: 'not_started', progress: 0, ongoing: false, deadline: null, fundingWan: null });
    expect(zItemPatch.safeParse({ version: 1, extra: 1 }).success).toBe(false);
  });
  it('refuses impossible dates and progress outside 0–100', () => {
    expect(zItemPatch.safeParse({ deadline: '2025-02-29' }).success).toBe(false);
    expect(zItemPatch.safeParse({ deadline: '2024-02-29' }).success).toBe(true);
    expect(zItemPatch.safeParse({ progress: 101 }).success).toBe(false);
    expect(zItemPatch.safeParse({ progress: -1 }).success).toBe(false);
  });
});

describe('roles', () => {
  it('separates the three administrators', () => {
    expect(adminRoleConflict(['sys_admin'])).toBe(false);
    expect(adminRoleConflict(['sys_admin', 'sec_admin'])).toBe(true);
    expect(adminRoleConflict(['audit_admin', 'leader'])).toBe(true);
    expect(adminRoleConflict(['host_coordinator', 'leader'])).toBe(false);
  });
  it('gives administrators no business permission', () => {
    for (const r of ['sys_admin', 'sec_admin', 'audit_admin'] as const) expect(permissionsOf([r]).has('consultation.read')).toBe(false);
    expect(permissionsOf(['viewer']).has('item.write')).toBe(false);
  });
});

describe('organisations and cycle', () => {
  it('checks division codes against the kind', () => {
    expect(divisionCodeFits('province', '510000')).toBe(true);
    expect(divisionCodeFits('city', '510800')).toBe(true);
    expect(divisionCodeFits('city', '510000')).toBe(false);
    expect(divisionCodeFits('county', '510821')).toBe(true);
    expect(divisionCodeFits('county', '510800')).toBe(false);
    expect(divisionCodeFits('department', null)).toBe(true);
    expect(divisionCodeFits('county', null)).toBe(false);
  });
  it('moves a consultation one step at a time', () => {
    expect(canMoveConsultation('draft', 'negotiating')).toBe(true);
    expect(canMoveConsultation('draft', 'adopted')).toBe(false);
    expect(canMoveConsultation('negotiating', 'draft')).toBe(true);
    expect(canMoveConsultation('closed', 'implementing')).toBe(false);
  });
  it('demands a mixed password', () => {
    expect(passwordProblems('short1A!')).not.toBeNull();
    expect(passwordProblems('alllowercaseletters')).not.toBeNull();
    expect(passwordProblems('Huishang@2026')).toBeNull();
  });
  it('holds a password to the policy it is given: length, classes, and never the username', () => {
    const cases: [string, { minLength: number; minClasses: number }, string | undefined, string | null][] = [
      ['Abc#12345', { minLength: 8, minClasses: 3 }, undefined, null],
      ['Abc#12345', { minLength: 12, minClasses: 3 }, undefined, '密码至少 12 位'],
      ['abcdefgh12', { minLength: 8, minClasses: 2 }, undefined, null],
      ['abcdefgh12', { minLength: 8, minClasses: 3 }, undefined, '密码须包含大写字母、小写字母、数字、符号中的至少三类'],
      ['Abcdefgh12', { minLength: 8, minClasses: 4 }, undefined, '密码须同时包含大写字母、小写字母、数字、符号'],
      ['xx-City.Coord#2026', { minLength: 8, minClasses: 3 }, 'city.coord', '密码不能包含用户名'],
      ['xx-City.Coord#2026', { minLength: 8, minClasses: 3 }, 'zhang', null],
      // A long passphrase of 64 characters and more is welcome.
      [`${'正确的马电池订书钉'.repeat(7)}Aa1`, { minLength: 12, minClasses: 3 }, 'admin', null],
    ];
    for (const [pw, rules, username, problem] of cases) expect(passwordProblems(pw, rules, username), pw).toBe(problem);
  });
});

describe('dates', () => {
  it('shifts by months keeping month ends', () => {
    expect(shiftMonths('2024-12-31', 24)).toBe('2026-12-31');
    expect(shiftMonths('2024-11-30', 3)).toBe('2025-02-28');
    expect(shiftMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(shiftMonths('2024-01-15', -1)).toBe('2023-12-15');
    expect(shiftMonths('2025-03-31', -26)).toBe('2023-01-31');
  });
});
