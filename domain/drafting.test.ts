import fs from 'node:fs';
import path from 'node:path';
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { draftFromText, countValue, DRAFT_TEXT_MAX } from './drafting.js';
import { DEFAULT_DOMAINS } from './items.js';

const NEWS = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/news-wangcang-2022.txt'), 'utf8');
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
const draft = (text: string) => draftFromText(text, { domains: DEFAULT_DOMAINS, toSimplified });

/** The article as the portal reprinted it: traditional characters, pinyin after some, spam lines, a broken character. */
function reprint(text: string): string {
  const glossed = toTraditional(text)
    .replace('攜手', '攜(xié)手')
    .replace('旺蒼地處', '旺蒼(wàng cāng)地處')
    .replace('農業雙碳', '農(nóng)業雙碳')
    .replace('熱資源', '熱\ufffd資源');
  const lines = glossed.split('\n');
  lines.splice(2, 0, '點擊領取新人紅包，掃碼關注公眾號 www.example.com');
  lines.splice(9, 0, '加微信 VX123456 免費領取資料');
  return lines.join('\n');
}

describe('drafting a list from text', () => {
  it('finds the quoted projects of the news article with their categories and stated counts', () => {
    const r = draft(NEWS);
    const byTitle = Object.fromEntries(r.candidates.map((c) => [c.title, c]));
    expect(byTitle['农业双碳循环经济示范']).toMatchObject({ category: 'direct_support', categoryCue: '直接支持', domain: '农业农村', source: 'quoted' });
    expect(byTitle['开展中低温地热资源综合利用研究']).toMatchObject({ category: 'joint_promotion', statedCount: 10 });
    expect(byTitle['推动旺苍县争创省级创新型县']).toMatchObject({ category: 'joint_pursuit', statedCount: 10 });
    // Named in a speech and again in prose: one candidate, no category the text gives.
    expect(r.candidates.filter((c) => c.title === '绿色家居加工关键技术研发项目')).toHaveLength(1);
    expect(byTitle['绿色家居加工关键技术研发项目']).toMatchObject({ category: null, domain: '高新技术' });
    // Slogans and names in quotes are not items.
    for (const not of ['清单制', '甜头', '金钥匙', '攥指成拳', '局县会商工作会议', '集中力量办大事']) expect(byTitle[not]).toBeUndefined();
    expect(r.counts.find((c) => c.total)).toMatchObject({ value: 30, text: '共30项' });
    expect(r.counts.filter((c) => c.text === '等10项').map((c) => c.category)).toEqual(['joint_promotion', 'joint_pursuit']);
    expect(r.counts.some((c) => c.value === 1)).toBe(false);
  });

  it('points each candidate at the words it came from in the pasted text', () => {
    const r = draft(NEWS);
    for (const c of r.candidates) expect(NEWS.slice(c.span.start, c.span.end)).toBe(c.title);
  });

  it('reads the traditional reprint with glosses, spam and a broken character as the article', () => {
    const text = reprint(NEWS);
    const r = draft(text);
    expect(r.stats).toMatchObject({ droppedLines: 2, glossesRemoved: 3, converted: true });
    const titles = r.candidates.map((c) => c.title);
    expect(titles).toEqual(draft(NEWS).candidates.map((c) => c.title));
    const geo = r.candidates.find((c) => c.title === '开展中低温地热资源综合利用研究')!;
    expect(geo.category).toBe('joint_promotion');
    // The span covers the traditional original, the broken character included.
    expect(toSimplified(text.slice(geo.span.start, geo.span.end)).replace('\ufffd', '')).toBe(geo.title);
    const agri = r.candidates.find((c) => c.title === '农业双碳循环经济示范')!;
    expect(text.slice(agri.span.start, agri.span.end)).toBe('農(nóng)業雙碳循環經濟示範');
    expect(r.candidates.some((c) => /紅包|红包|微信/.test(c.title))).toBe(false);
  });

  it('takes numbered lines of minutes under their category headings, and the headings’ counts', () => {
    const minutes = [
      '广元市科学技术局 苍溪县人民政府局县科技会商会议纪要',
      '一、市局直接支持事项（2项）',
      '1. 支持苍溪县建设红心猕猴桃产业科技示范园',
      '2. 选派科技特派员团队开展猕猴桃病害防控技术培训',
      '二、局县共同推动事项（1项）',
      '（1）推动苍溪县农产品加工企业研发中心建设；',
      '三、局县共同争取事项（1项）',
      '1、共同争取省级农业科技园区认定',
      '会议要求，各责任单位于每季度末报送进展情况。',
    ].join('\n');
    const r = draft(minutes);
    expect(r.candidates.map((c) => [c.title, c.category, c.source])).toEqual([
      ['支持苍溪县建设红心猕猴桃产业科技示范园', 'direct_support', 'listed'],
      ['选派科技特派员团队开展猕猴桃病害防控技术培训', 'direct_support', 'listed'],
      ['推动苍溪县农产品加工企业研发中心建设', 'joint_promotion', 'listed'],
      ['共同争取省级农业科技园区认定', 'joint_pursuit', 'listed'],
    ]);
    expect(r.candidates[1].domain).toBe('创新人才');
    expect(r.counts.map((c) => [c.value, c.category])).toEqual([
      [2, 'direct_support'],
      [1, 'joint_promotion'],
      [1, 'joint_pursuit'],
    ]);
  });

  it('never fails on odd input: empty, markup, query syntax, a long paste', () => {
    for (const text of ['', '\n\n', '“”《》「」', '"unclosed 《未闭合', 'NEAR(a b) OR "x" -y * : ( )', '①②③', '共项等项', '\u0000\ufffd']) {
      expect(() => draft(text)).not.toThrow();
    }
    const long = NEWS.repeat(Math.floor(DRAFT_TEXT_MAX / NEWS.length));
    const r = draft(long);
    expect(r.candidates.length).toBe(draft(NEWS).candidates.length);
  });

  it('reads counts written in figures and in words', () => {
    expect([countValue('30'), countValue('十'), countValue('二十三'), countValue('两'), countValue('一百零五'), countValue('x')]).toEqual([30, 10, 23, 2, 105, null]);
  });
});
