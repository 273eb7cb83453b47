import { Converter } from 'opencc-js/t2cn';
import { SEARCH_LIMITS, type SearchSnippetPart } from '../../../domain/search.js';

/*
 * How text becomes search tokens, the same way for what is indexed and for what is asked.
 *
 * Intl.Segmenter('zh', {granularity: 'word'}) finds the word boundaries, but its dictionary is no
 * help for the names people search by: on Node 20 (ICU 78) it cuts 猕猴桃 and 苍溪县 into single
 * characters, and segments by context (米仓山茶 → 米仓|山茶, while 米仓山 alone → 米仓|山), so a word
 * cut one way in the text and another way in the query would never match. So Chinese is indexed
 * without a dictionary, as the overlapping character pairs (bigrams) of each run of Han characters,
 * plus the run's last character alone: 猕猴桃产业 → 猕猴 猴桃 桃产 产业 业. A query of two or more
 * characters is the phrase of its bigrams, so it walks one short posting list per pair instead of
 * intersecting the very long lists of common single characters; a single character is the prefix
 * query 桃*, which finds it at the start of a pair or at the end of a run, i.e. everywhere it
 * stands. Latin words and numbers stay whole words (the segmenter splits them).
 */

let toSimplified: ((s: string) => string) | undefined;

const HAN = /\p{Script=Han}/u;
// A run of Han characters that are letters or digits (radicals and strokes are symbols).
const HAN_RUN = /(?:(?=[\p{L}\p{N}])\p{Script=Han})+/gu;
// A token must hold a letter or digit: both databases' tokenisers drop anything else, and an empty
// phrase is a syntax error to one of them.
const WORDLIKE = /[\p{L}\p{N}]/u;
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Traditional → simplified (Taiwan forms), full-width → half-width, lower case. */
export function normalise(text: string): string {
  const s = text.normalize('NFKC').toLowerCase();
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  toSimplified ??= Converter({ from: 'tw', to: 'cn' });
  return toSimplified(s);
}

/** One token of a query: `prefix` for a lone Han character, which must match the pairs it begins too. */
export interface QueryToken {
  text: string;
  prefix: boolean;
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;
const ASCII_WORD = /[a-z0-9]+/gi;

/** Latin words and numbers of text holding no Han letters. */
function wordsOf(s: string): string[] {
  // Punctuation and spaces between Han runs hold no word: skip the segmenter, costly per call.
  if (!WORDLIKE.test(s)) return [];
  // Plain ASCII (the usual gap between Han runs: a number, a count, a code) never has a run of
  // letters and digits cut by the segmenter, and the split below cuts at everything else: its
  // words are those runs, found without the segmenter (a tenth of an import's indexing time).
  if (ASCII.test(s)) return (s.match(ASCII_WORD) ?? []).map((w) => w.slice(0, SEARCH_LIMITS.tokenChars));
  return wordsBySegmenter(s);
}

/** wordsOf by the segmenter alone, for any text; exported so a test holds the ASCII shortcut to it. */
export function wordsBySegmenter(s: string): string[] {
  if (!WORDLIKE.test(s)) return [];
  const out: string[] = [];
  for (const seg of segmenter.segment(s)) {
    if (!seg.isWordLike || HAN.test(seg.segment) || !WORDLIKE.test(seg.segment)) continue;
    // Word-like segments can carry an apostrophe or a dot; the tokenisers split there too.
    out.push(
      ...seg.segment
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean)
        .map((w) => w.slice(0, SEARCH_LIMITS.tokenChars)),
    );
  }
  return out;
}

/** Already normalised text as its pieces in order: Han runs (as arrays of characters) and Latin words. */
function piecesOf(s: string): ({ han: string[] } | { word: string })[] {
  const out: ({ han: string[] } | { word: string })[] = [];
  let at = 0;
  for (const m of s.matchAll(HAN_RUN)) {
    for (const word of wordsOf(s.slice(at, m.index))) out.push({ word });
    out.push({ han: [...m[0]] });
    at = m.index + m[0].length;
  }
  for (const word of wordsOf(s.slice(at))) out.push({ word });
  return out;
}

/** What the index stores for a text: its tokens joined by single spaces. */
export function indexTokens(text: string): string {
  const out: string[] = [];
  for (const p of piecesOf(normalise(text))) {
    if ('word' in p) out.push(p.word);
    else {
      for (let i = 0; i + 1 < p.han.length; i++) out.push(p.han[i]! + p.han[i + 1]!);
      out.push(p.han[p.han.length - 1]!);
    }
  }
  return out.join(' ');
}

/**
 * One term of a query: the phrase of tokens to find, and the strings to mark in the text found
 * (each Han run and each word of the term).
 */
export interface QueryTerm {
  phrase: QueryToken[];
  needles: string[];
}

/**
 * A query's terms: what the user separated by spaces. Anything FTS syntax would read (quotes, *,
 * NEAR, OR, parentheses, -, :) is either dropped here or becomes an ordinary token that the dialect
 * quotes, so no input can change the shape of the query.
 */
export function queryTerms(q: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  for (const part of normalise(q).split(/\s+/)) {
    const phrase: QueryToken[] = [];
    const needles: string[] = [];
    const pieces = piecesOf(part);
    pieces.forEach((p, at) => {
      if ('word' in p) {
        phrase.push({ text: p.word, prefix: false });
        needles.push(p.word);
        return;
      }
      for (let i = 0; i + 1 < p.han.length; i++) phrase.push({ text: p.han[i]! + p.han[i + 1]!, prefix: false });
      const last = p.han[p.han.length - 1]!;
      // A run followed by more of the term ends there in the text too, so the index holds its last
      // character alone next to what follows. A run closing the term may go on in the text: a lone
      // character is then a prefix (猕 in 猕猴), and a longer run needs no more than its bigrams.
      if (at < pieces.length - 1) phrase.push({ text: last, prefix: false });
      else if (p.han.length === 1) phrase.push({ text: last, prefix: true });
      needles.push(p.han.join(''));
    });
    const key = JSON.stringify(phrase);
    if (phrase.length && !seen.has(key)) {
      seen.add(key);
      terms.push({ phrase, needles });
    }
    if (terms.length === SEARCH_LIMITS.terms) break;
  }
  return terms;
}

/** Plain text of stored HTML (meeting minutes, progress reports): tags out, common entities decoded. */
export function plainText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|h\d|tr)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t\r\f\v]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}

/**
 * Where the terms occur in `text`, as ranges of the original string. The search runs on the
 * normalised form; when normalising kept the length (one character for one, as tw → cn almost always
 * does) the ranges hold for the original, so traditional text is shown as written with its hits marked.
 */
function hitRanges(text: string, terms: QueryTerm[]): { shown: string; ranges: [number, number][] } {
  const norm = normalise(text);
  const shown = [...norm].length === [...text].length && norm.length === text.length ? text : norm;
  const ranges: [number, number][] = [];
  for (const term of terms) {
    for (const needle of term.needles) {
      let at = norm.indexOf(needle);
      while (at >= 0 && ranges.length < 200) {
        ranges.push([at, at + needle.length]);
        at = norm.indexOf(needle, at + needle.length);
      }
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return { shown, ranges: merged };
}

function parts(text: string, ranges: [number, number][], from: number, to: number): SearchSnippetPart[] {
  const out: SearchSnippetPart[] = [];
  let at = from;
  for (const [s, e] of ranges) {
    if (e <= from || s >= to) continue;
    const a = Math.max(s, from);
    const b = Math.min(e, to);
    if (a > at) out.push({ text: text.slice(at, a), hit: false });
    out.push({ text: text.slice(a, b), hit: true });
    at = b;
  }
  if (at < to) out.push({ text: text.slice(at, to), hit: false });
  return out;
}

/** The whole (short) text with its hits marked: for titles. */
export function markAll(text: string, terms: QueryTerm[]): SearchSnippetPart[] {
  const { shown, ranges } = hitRanges(text, terms);
  return parts(shown, ranges, 0, shown.length);
}

/** A window of the text around its first hit, hits marked, ellipses where it was cut. */
export function snippet(text: string, terms: QueryTerm[], width: number = SEARCH_LIMITS.snippetChars): SearchSnippetPart[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  const { shown, ranges } = hitRanges(flat, terms);
  const first = ranges[0]?.[0] ?? 0;
  let from = Math.max(0, first - Math.floor(width / 3));
  const to = Math.min(shown.length, from + width);
  from = Math.max(0, Math.min(from, to - width));
  // Never cut a surrogate pair in half.
  if (from > 0 && /[\udc00-\udfff]/.test(shown[from] ?? '')) from -= 1;
  const out = parts(shown, ranges, from, to);
  if (from > 0) out.unshift({ text: '…', hit: false });
  if (to < shown.length) out.push({ text: '…', hit: false });
  return out;
}
