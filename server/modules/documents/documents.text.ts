// How text fits a line of a 公文: widths in characters (字) and titles broken only between words.

/**
 * Width in characters (字): full-width characters count one, Latin letters, digits and spaces half,
 * and a quarter more where digits or letters meet Chinese (Word's and LibreOffice's autospacing).
 */
export function widthInChars(s: string): number {
  let w = 0;
  let prev = '';
  for (const ch of s) {
    const half = /[\u0020-\u007e]/.test(ch);
    w += half ? 0.5 : 1;
    if (prev && /[0-9A-Za-z]/.test(half ? ch : prev) && /[\u4e00-\u9fff]/.test(half ? prev : ch)) w += 0.25;
    prev = ch;
  }
  return w;
}

const OPENING = '“‘（《〔【(';
const CLOSING = '”’）》〕】)，。、；：！？,.;:!?';
const PAUSE = '，。、；：！？';
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * A title's lines (7.3.1): words kept whole, each line within `maxChars`, the lines as even as can
 * be (a trapezoid or diamond, not a long line over a stub). `parts` are the phrases it is made of
 * (organ names, the subject, the genre); a line may break between parts, at a space or after a
 * pause mark freely, before an opening quote or 的 a little less willingly, and inside a phrase only
 * between the words a dictionary finds there, as a last resort.
 */
export function titleLines(parts: string[], maxChars: number): string[] {
  const text = parts.join('');
  const chars = [...text];
  // quality of a break before chars[i]: 0 none, 1 between words, 2 good, 3 best
  const quality = new Array<number>(chars.length + 1).fill(0);
  let at = 0;
  for (const part of parts) {
    for (const seg of segmenter.segment(part)) {
      const i = at + [...part.slice(0, seg.index)].length;
      if (i > 0) quality[i] = Math.max(quality[i], 1);
    }
    at += [...part].length;
    quality[at] = 3;
  }
  for (let i = 1; i < chars.length; i++) {
    const prev = chars[i - 1];
    const ch = chars[i];
    if (ch === ' ' || prev === ' ') quality[i] = 3;
    else if (PAUSE.includes(prev)) quality[i] = 3;
    else if (OPENING.includes(ch) || ch === '的' || text.slice(0, i).endsWith('关于')) quality[i] = Math.max(quality[i], 2);
    if (CLOSING.includes(ch) || OPENING.includes(prev) || (/\d/.test(prev) && /\d/.test(ch))) quality[i] = 0;
  }
  const line = (a: number, b: number) => chars.slice(a, b).join('').trim();
  const total = widthInChars(text);
  if (total <= maxChars) return [text.trim()];
  const minLines = Math.ceil(total / maxChars);
  let best: { cost: number; breaks: number[] } | null = null;
  for (let k = minLines; k <= minLines + 2; k++) {
    // dp[j][i]: the cheapest way to set chars[0, i) on j lines
    const dp: { cost: number; from: number }[][] = Array.from({ length: k + 1 }, () => new Array(chars.length + 1).fill({ cost: Infinity, from: -1 }));
    dp[0][0] = { cost: 0, from: -1 };
    const ideal = total / k;
    for (let j = 1; j <= k; j++) {
      for (let i = 1; i <= chars.length; i++) {
        if (i < chars.length && quality[i] === 0) continue;
        for (let s = 0; s < i; s++) {
          if (dp[j - 1][s].cost === Infinity) continue;
          const w = widthInChars(line(s, i));
          if (w > maxChars || w === 0) continue;
          const q = i === chars.length ? 3 : quality[i];
          const cost = dp[j - 1][s].cost + (w - ideal) ** 2 + [Infinity, 400, 6, 0][q];
          if (cost < dp[j][i].cost) dp[j][i] = { cost, from: s };
        }
      }
    }
    const end = dp[k][chars.length];
    if (end.cost === Infinity) continue;
    const cost = end.cost + (k - minLines) * 40;
    if (!best || cost < best.cost) {
      const breaks: number[] = [];
      for (let j = k, i = chars.length; j > 0; i = dp[j][i].from, j--) breaks.unshift(i);
      best = { cost, breaks };
    }
  }
  if (!best) return [text.trim()];
  return best.breaks.map((b, n) => line(n ? best.breaks[n - 1] : 0, b));
}
