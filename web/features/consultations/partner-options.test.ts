import { describe, expect, it } from 'vitest';
import type { Org, OrgKind } from '../../../domain/organisations.js';
import { partnerGroups } from './partner-options';

let nextId = 1;
function org(name: string, kind: OrgKind, parent: Org | null, sortOrder = 0, shortName: string | null = null): Org {
  return { id: nextId++, parentId: parent?.id ?? null, name, shortName, kind, divisionCode: null, sortOrder, version: 1 };
}

const sichuan = org('四川省', 'province', null);
const sichuanGov = org('四川省人民政府', 'government', sichuan);
const guangyuan = org('广元市', 'city', sichuan, 1);
const bureau = org('广元市科学技术局', 'department', guangyuan, 0);
const office = org('广元市科学技术局高新技术科', 'department', bureau);
const cityGov = org('广元市人民政府', 'government', guangyuan, 0);
const cangxi = org('苍溪县', 'county', guangyuan, 3);
const cangxiGov = org('苍溪县人民政府', 'government', cangxi, 0, '县人民政府');
const wangcang = org('旺苍县', 'county', guangyuan, 2);
const wangcangGov = org('旺苍县人民政府', 'government', wangcang);
const nyj = org('旺苍县农业农村局', 'department', wangcangGov);
const bazhong = org('巴中市', 'city', sichuan, 2);
const nanjiang = org('南江县', 'county', bazhong);
const nanjiangGov = org('南江县人民政府', 'government', nanjiang);
const provinceDept = org('四川省科学技术厅', 'department', sichuan);
const all = [sichuan, sichuanGov, guangyuan, bureau, office, cityGov, cangxi, cangxiGov, wangcang, wangcangGov, nyj, bazhong, nanjiang, nanjiangGov, provinceDept];

const names = (groups: ReturnType<typeof partnerGroups>) => groups.map((g) => [g.label, g.options.map((o) => o.label)]);

describe('the 会商方 choices', () => {
  it('offers a city bureau (or its office) the governments of its own city, counties first, and no department', () => {
    const expected = [['广元市', ['旺苍县人民政府', '苍溪县人民政府', '广元市人民政府']]];
    expect(names(partnerGroups(all, bureau.id))).toEqual(expected);
    expect(names(partnerGroups(all, office.id))).toEqual(expected);
  });

  it('offers a provincial department every government of the province, grouped by city', () => {
    expect(names(partnerGroups(all, provinceDept.id))).toEqual([
      ['广元市', ['旺苍县人民政府', '苍溪县人民政府', '广元市人民政府']],
      ['巴中市', ['南江县人民政府']],
      ['其他', ['四川省人民政府']],
    ]);
  });

  it('finds a government by its city or short name', () => {
    const cx = partnerGroups(all, bureau.id)[0].options.find((o) => o.value === cangxiGov.id)!;
    expect(cx.search).toContain('广元市');
    expect(cx.search).toContain('县人民政府');
  });

  it('keeps a selected department visible, marked, so it can be removed', () => {
    const groups = partnerGroups(all, bureau.id, [wangcangGov.id, nyj.id]);
    expect(groups.at(-1)).toMatchObject({ label: '不能作为会商方（请移除）', options: [{ value: nyj.id, label: '旺苍县农业农村局（不是人民政府）' }] });
  });
});
