import { describe, expect, it } from 'vitest';
import { indexTokens, wordsBySegmenter } from './search.text.js';

// Between Han runs the indexer finds ASCII words without the segmenter; the words must be those the
// segmenter finds, or an item indexed one way would not be found by a query tokenised the other.

describe('search tokens: ASCII words without the segmenter', () => {
  const segmented = (text: string) => indexTokens(text);
  it('cuts plain ASCII where the segmenter and the split cut it (the tokens indexed before the shortcut)', () => {
    const samples = ['2024年12月底前', '建设5G基站30个', "covid-19 v2.0 3.5亿 don't a_b x'y", 'iso9001认证', 'abc123def 1,000.5 #tag @x', '\t  \n', 'http://example.com/a?b=c&d=1'];
    const expected = [
      '2024 年 12 月底 底前 前',
      '建设 设 5g 基站 站 30 个',
      'covid 19 v2 0 3 5 亿 don t a b x y',
      'iso9001 认证 证',
      'abc123def 1 000 5 tag x',
      '',
      'http example com a b c d 1',
    ];
    expect(samples.map(segmented)).toEqual(expected);
  });

  it('agrees with the segmenter on random ASCII text', () => {
    const alphabet = 'abcXYZ0189 .,\'-_:;/@#()[]"!?\t\n+*&%$~`^|\\<>={}';
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 0; n < 3000; n++) {
      const len = 1 + Math.floor(next() * 24);
      let s = '';
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      const text = `事项${s}台账`;
      const words = (s.match(/[a-z0-9]+/gi) ?? []).map((w) => w.toLowerCase());
      expect(wordsBySegmenter(s.toLowerCase()), JSON.stringify(s)).toEqual(words);
      expect(indexTokens(text), JSON.stringify(s)).toBe(['事项', '项', ...words, '台账', '账'].join(' '));
    }
  });
});
