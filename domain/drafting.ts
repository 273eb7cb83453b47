import type { Category } from './items.js';

/**
 * A draft of the list from pasted text: minutes, a notice, a news article (also a reprint in
 * traditional characters with pinyin glosses and spam lines). Rules and dictionaries only: each
 * quoted project, numbered line or instruction-like sentence that names an action becomes a
 * candidate, with the category the words around it give (直接支持 / 共同推动 / 共同争取), a domain
 * guessed from its words, the count the text states, and where in the pasted text it stands.
 */

export interface Span {
  /** Offsets into the text as pasted (UTF-16 code units, end exclusive). */
  start: number;
  end: number;
}

export type CandidateSource = 'quoted' | 'listed' | 'sentence';

export interface DraftCandidate {
  title: string;
  /** The sentence it came from, cleaned and in simplified characters. */
  sentence: string;
  category: Category | null;
  /** The words that decided the category, as found in the sentence or the section heading. */
  categoryCue: string | null;
  domain: string | null;
  /** "等10项": how many items the text says this one stands for, when it says. */
  statedCount: number | null;
  source: CandidateSource;
  span: Span;
}

export interface DraftCount {
  value: number;
  /** null: a total ("共30项") or a count of something else ("10项创新项目"). */
  category: Category | null;
  total: boolean;
  text: string;
  span: Span;
}

export interface DraftResult {
  candidates: DraftCandidate[];
  counts: DraftCount[];
  stats: { characters: number; droppedLines: number; glossesRemoved: number; converted: boolean };
}

export const DRAFT_TEXT_MAX = 200_000;

export const CATEGORY_CUES: ReadonlyArray<[string, Category]> = [
  ['直接支持', 'direct_support'],
  ['共同推动', 'joint_promotion'],
  ['共同争取', 'joint_pursuit'],
];

const ACTION_VERBS = [
  '开展',
  '推动',
  '推进',
  '实施',
  '建设',
  '创建',
  '争创',
  '培育',
  '支持',
  '研发',
  '研究',
  '示范',
  '推广',
  '引进',
  '打造',
  '申报',
  '提升',
  '促进',
  '加快',
  '组织',
  '建立',
  '完善',
  '争取',
  '搭建',
  '组建',
  '扶持',
  '落实',
  '举办',
  '设立',
  '攻关',
  '转化',
  '选派',
  '培训',
  '改造',
  '发展',
];
const PROJECT_ENDINGS = ['项目', '示范', '研究', '工程', '平台', '基地', '园区', '行动', '中心', '计划', '示范区', '试验', '专项'];

/** Words that point at each of the default domains; only domains the caller offers are returned. */
const DOMAIN_WORDS: ReadonlyArray<[string, string[]]> = [
  ['农业农村', ['农业', '农村', '乡村', '种植', '养殖', '茶', '猕猴桃', '果', '粮', '畜', '林下', '农产品', '双碳循环']],
  ['高新技术', ['高新', '制造', '智造', '智能', '家居', '新材料', '电子', '数字', '云计算', '物联网', '人工智能', '关键技术', '企业']],
  ['创新人才', ['人才', '专家', '特派员', '团队', '院士', '培训']],
  ['成果转化', ['成果转化', '技术转移', '推广应用', '转化']],
  ['平台建设', ['平台', '园区', '基地', '孵化', '实验室', '众创', '中心']],
  ['科技金融', ['金融', '贷款', '基金', '担保', '投资']],
  ['社会发展', ['医疗', '卫生', '健康', '环境', '生态', '地热', '能源', '民生', '安全']],
  ['科学普及', ['科普', '科学普及', '科技周']],
  ['综合', ['创新型县', '创新能力', '统筹', '机制', '政策']],
];

const SPAM = /(https?:\/\/|www\.|点击|扫码|扫一扫|关注.{0,8}公众号|加微信|微信号|VX|领取|红包|优惠券|彩票|博彩|娱乐城|返利|代开|发票|QQ群|客服电话|下载APP|推广链接|免费送|中奖)/i;
const GLOSS = /[（(]\s*[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹ]{1,8}(?:\s+[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹ]{1,8}){0,5}\s*[)）]/g;
const HAN = /[\u3400-\u9fff]/;
const LIST_MARKER = /^\s*(?:\d{1,3}\s*[.、．]|[（(]\s*\d{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*、|[（(][一二三四五六七八九十]{1,3}[)）]|[①-⑳])\s*/;
const OPEN_QUOTES: Record<string, string> = { '“': '”', '《': '》', '「': '」', '"': '"', '『': '』' };

const CN_DIGIT: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 10 → 10, 十 → 10, 二十三 → 23, 两 → 2; null when not a number. */
export function countValue(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[零一二两三四五六七八九十百]+$/.test(s)) return null;
  let total = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch === '百') {
      total += (digit || 1) * 100;
      digit = 0;
    } else if (ch === '十') {
      total += (digit || 1) * 10;
      digit = 0;
    } else digit = CN_DIGIT[ch];
  }
  return total + digit;
}

/** The pasted text cleaned for reading, each character keeping where it stood in what was pasted. */
interface Cleaned {
  text: string;
  origin: number[];
  droppedLines: number;
  glossesRemoved: number;
  converted: boolean;
}

function clean(raw: string, toSimplified: (s: string) => string): Cleaned {
  const chars: string[] = [];
  const origin: number[] = [];
  let droppedLines = 0;
  let glossesRemoved = 0;
  let lineStart = 0;
  for (const line of raw.split('\n')) {
    const trimmed = line.trim();
    // Spam is short and commercial; a long line that happens to say 点击 is kept.
    if (trimmed && SPAM.test(toSimplified(trimmed)) && [...trimmed].length < 120) {
      droppedLines++;
    } else {
      const drop = new Set<number>();
      for (const m of line.matchAll(GLOSS)) {
        // A gloss follows the character it reads; "(R&D)" or "(旺苍)" are text.
        if (m.index > 0 && HAN.test(line[m.index - 1])) {
          glossesRemoved++;
          for (let i = m.index; i < m.index + m[0].length; i++) drop.add(i);
        }
      }
      for (let i = 0; i < line.length; i++) {
        const ch = line[i];
        if (drop.has(i) || ch === '\ufffd' || /[\u200b-\u200f\ufeff]/.test(ch)) continue;
        chars.push(ch);
        origin.push(lineStart + i);
      }
    }
    chars.push('\n');
    origin.push(lineStart + line.length);
    lineStart += line.length + 1;
  }
  const joined = chars.join('');
  let text = toSimplified(joined);
  // The converter may rewrite a phrase into one of another length; then character by character,
  // which keeps every position.
  if (text.length !== joined.length) text = chars.map((c) => (c.length === 1 ? toSimplified(c) : c)).join('');
  if (text.length !== joined.length) text = joined;
  return { text, origin, droppedLines, glossesRemoved, converted: text !== joined };
}

interface Sentence {
  text: string;
  start: number;
  /** The whole line it stands on, trimmed: headings and numbered lines are read by line. */
  line: string;
  lineStart: number;
}

/** Splits at 。！？； and line ends, but not inside quotation marks (a quoted speech has its own). */
function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  let depth = 0;
  let lineStart = 0;
  const push = (end: number) => {
    const s = text.slice(start, end);
    if (s.trim()) {
      const lineEnd = text.indexOf('\n', lineStart);
      out.push({ text: s, start, line: text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).trim(), lineStart });
    }
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '“' || ch === '「' || ch === '『') depth++;
    else if ((ch === '”' || ch === '」' || ch === '』') && depth > 0) depth--;
    if (ch === '\n') {
      push(i);
      start = i + 1;
      lineStart = i + 1;
      depth = 0;
    } else if (depth === 0 && /[。！？!?；;]/.test(ch)) {
      push(i + 1);
      start = i + 1;
    }
  }
  push(text.length);
  return out;
}

const hasAction = (s: string) => ACTION_VERBS.some((v) => s.includes(v));
const endsLikeProject = (s: string) => PROJECT_ENDINGS.some((e) => s.endsWith(e));

export function guessDomain(text: string, domains: readonly string[]): string | null {
  let best: string | null = null;
  let bestScore = 0;
  for (const [domain, words] of DOMAIN_WORDS) {
    if (!domains.includes(domain)) continue;
    const score = words.reduce((n, w) => n + (text.includes(w) ? w.length : 0), 0);
    if (score > bestScore) [best, bestScore] = [domain, score];
  }
  return best;
}

/** The category cue nearest before `at` in the sentence (or, failing that, just after it). */
function cueFor(sentence: string, at: number): { category: Category; cue: string } | null {
  let found: { category: Category; cue: string; pos: number } | null = null;
  for (const [cue, category] of CATEGORY_CUES) {
    for (let pos = sentence.indexOf(cue); pos >= 0; pos = sentence.indexOf(cue, pos + 1)) {
      const before = pos < at;
      if (before && (!found || found.pos > at || pos > found.pos)) found = { category, cue, pos };
      if (!before && !found && pos - at < 12) found = { category, cue, pos };
    }
  }
  return found && { category: found.category, cue: found.cue };
}

/** 一、市局直接支持事项（10项）: a heading names a category and holds no action of its own. */
function headingCategory(line: string): Category | null {
  const body = line.replace(LIST_MARKER, '');
  if ([...body].length > 30) return null;
  const hit = CATEGORY_CUES.find(([cue]) => body.includes(`${cue}事项`) || body.includes(`${cue}类`) || body.endsWith(cue));
  return hit ? hit[1] : null;
}

function quotedSegments(s: string): Array<{ text: string; at: number }> {
  const out: Array<{ text: string; at: number }> = [];
  for (let i = 0; i < s.length; i++) {
    const close = OPEN_QUOTES[s[i]];
    if (!close) continue;
    const end = s.indexOf(close, i + 1);
    if (end < 0) continue;
    const inner = s.slice(i + 1, end);
    // A quote holding a quote (a speech naming a project): the inner one is the candidate.
    const nested = /[《“「『]/.test(inner);
    if (!nested) out.push({ text: inner, at: i + 1 });
    else out.push(...quotedSegments(inner).map((q) => ({ text: q.text, at: q.at + i + 1 })));
    i = end;
  }
  return out;
}

function isProjectLike(q: string): boolean {
  const n = [...q].length;
  if (n < 4 || n > 60) return false;
  // A quoted speech, not a named project.
  if (/[。？！?!]/.test(q) || (q.match(/[，,]/g) ?? []).length > 1) return false;
  return hasAction(q) || endsLikeProject(q);
}

const COUNT = /(共|等|合计|总计|计)?\s*(\d{1,4}|[一二两三四五六七八九十百]{1,4})\s*项/g;

export function draftFromText(raw: string, opts: { domains: readonly string[]; toSimplified?: (s: string) => string }): DraftResult {
  const c = clean(raw, opts.toSimplified ?? ((s) => s));
  const spanOf = (start: number, end: number): Span => ({
    start: c.origin[start] ?? raw.length,
    end: end > start ? (c.origin[end - 1] ?? raw.length - 1) + 1 : (c.origin[start] ?? raw.length),
  });
  const candidates: DraftCandidate[] = [];
  const counts: DraftCount[] = [];
  const seen = new Map<string, DraftCandidate>();
  let section: { category: Category; cue: string } | null = null;

  const add = (cand: DraftCandidate) => {
    const key = cand.title.replace(/\s+/g, '');
    const before = seen.get(key);
    if (before) {
      // The same project named twice: keep the first place, with the category whichever names one.
      if (!before.category && cand.category) Object.assign(before, { category: cand.category, categoryCue: cand.categoryCue, statedCount: cand.statedCount });
      return;
    }
    seen.set(key, cand);
    candidates.push(cand);
  };

  for (const s of sentences(c.text)) {
    const isLineStart = s.start === s.lineStart || c.text.slice(s.lineStart, s.start).trim() === '';
    const heading = isLineStart ? headingCategory(s.line) : null;
    if (heading) section = { category: heading, cue: CATEGORY_CUES.find(([, k]) => k === heading)![0] };

    let stated: number | null = null;
    for (const m of s.text.matchAll(COUNT)) {
      const value = countValue(m[2]);
      // "一项崭新探索" is an article, not a count: a count in words needs 共/等 before it.
      if (value === null || value === 0 || (!/\d/.test(m[2]) && !m[1])) continue;
      const total = m[1] === '共' || m[1] === '合计' || m[1] === '总计';
      const cue = total ? null : cueFor(s.text, m.index);
      const at = s.start + m.index;
      counts.push({ value, category: heading ?? cue?.category ?? null, total, text: m[0].trim(), span: spanOf(at, at + m[0].length) });
      if (m[1] === '等') stated = value;
    }
    if (heading) continue;

    const quoted = quotedSegments(s.text).filter((q) => isProjectLike(q.text));
    for (const q of quoted) {
      const cue = cueFor(s.text, q.at) ?? section;
      const at = s.start + q.at;
      const title = q.text.trim();
      add({
        title,
        sentence: s.text.trim(),
        category: cue?.category ?? null,
        categoryCue: cue?.cue ?? null,
        domain: guessDomain(title, opts.domains) ?? guessDomain(s.text, opts.domains),
        statedCount: stated,
        source: 'quoted',
        span: spanOf(at, at + q.text.length),
      });
    }
    if (quoted.length) continue;

    // A numbered line under a heading, or an instruction (a sentence that starts with its verb).
    const body = s.text.trim();
    const listed = isLineStart && LIST_MARKER.test(s.line) && s.text.trim().startsWith(s.line.match(LIST_MARKER)![0].trim());
    const title = (listed ? body.replace(LIST_MARKER, '') : body).replace(/[。；;！!]$/, '').trim();
    const n = [...title].length;
    if (n < 6 || n > 100 || !hasAction(title)) continue;
    const cue = cueFor(body, body.length) ?? section;
    const instruction = ACTION_VERBS.some((v) => title.startsWith(v)) || /^(由|请|市局|县|双方|局县)/.test(title);
    // Prose that names the categories (设置…三类) describes the list; it is not an item of it.
    const describes = CATEGORY_CUES.filter(([k]) => body.includes(k)).length > 1 || /三类|事项[、，]/.test(body);
    if (!(listed || (instruction && (cue || section)))) continue;
    if (describes && !listed) continue;
    const start = s.start + s.text.indexOf(title);
    add({
      title,
      sentence: body,
      category: cue?.category ?? null,
      categoryCue: cue?.cue ?? null,
      domain: guessDomain(title, opts.domains),
      statedCount: stated,
      source: listed ? 'listed' : 'sentence',
      span: spanOf(start, start + title.length),
    });
  }
  return { candidates, counts, stats: { characters: raw.length, droppedLines: c.droppedLines, glossesRemoved: c.glossesRemoved, converted: c.converted } };
}
