/**
 * The UI's language. Simplified Chinese is the source text: every phrase is written in Chinese at
 * its call site, `t('保存')`, and English is a table beside each feature (`*.en.ts`, Chinese →
 * English). The Chinese text is the key so that a page reads as it renders, and a phrase without a
 * translation still shows something a Chinese-reading user understands.
 *
 * The language's phrases are loaded before any module that imports this one runs (the top-level
 * await below), and a switch reloads the page, so phrases in module-level constants (column titles,
 * option lists) are right too.
 *
 * How to write a page (web/i18n.test.ts holds every file to it):
 * - Each phrase is one literal: t('共{n}项', { n }), never a template or a variable, never a
 *   sentence glued from pieces (English orders words differently).
 * - Its English goes in the feature's table, `web/features/<feature>/<feature>.en.ts`:
 *   `const en: Record<string, string> = { 保存: 'Save', '共{n}项': '{n} items' }; export default en;`
 *   with the same {values}. A phrase in two tables has the same English in both.
 * - Label tables and date/period words come from web/app/labels.ts (same names as domain/labels.ts).
 * - A Chinese word that needs two English ones gets a context after `@@`: t('单位@@计量').
 * - Chinese that is data, not a phrase (a value compared with what the server sends), is marked
 *   `i18n-exempt` with the reason on its line or the line before.
 */

export type Locale = 'zh' | 'en';

export const LOCALES: readonly Locale[] = ['zh', 'en'];

const STORAGE_KEY = 'hs.locale';

function storedLocale(): Locale {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    // Storage refused (private mode, tests in Node): Chinese, the product's first language.
    return 'zh';
  }
}

export const locale: Locale = storedLocale();

let english: Record<string, string> = {};
let labels: unknown = null;
let errorMessages: Record<string, string> = {};

/** Every feature's English table, each a chunk of its own: Chinese readers never download them. */
const tables = import.meta.glob<{ default: Record<string, string> }>(['../**/*.en.ts', '!../**/*.test.ts']);

async function loadPhrases(): Promise<void> {
  if (typeof document !== 'undefined') document.documentElement.lang = locale === 'en' ? 'en' : 'zh-CN';
  if (locale !== 'en') return;
  const [loaded, labelTables, errors] = await Promise.all([
    Promise.all(Object.values(tables).map((load) => load())),
    import('../../domain/labels.en.js'),
    import('./error-messages'),
  ]);
  english = Object.assign({}, ...loaded.map((m) => m.default)) as Record<string, string>;
  labels = labelTables;
  errorMessages = errors.ERROR_MESSAGE_EN;
}

/** The server's refusal in the user's language: its own (Chinese) words, or the code's English sense. */
export function errorMessage(code: string, serverMessage: string): string {
  return errorMessages[code] ?? serverMessage;
}

// Every module that calls t() imports this one, so none of them runs before the phrases are here.
await loadPhrases();

/** domain/labels.en.ts once loaded, or null in Chinese (web/app/labels.ts picks the tables). */
export function englishLabels(): unknown {
  return labels;
}

type Vars = Record<string, string | number | null | undefined>;

function fill(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name] ?? '') : whole));
}

/**
 * The phrase in the user's language. `{name}` marks a value: t('共{n}项', { n: 30 }) → 共30项 / 30 items.
 * Write the whole sentence as one phrase; English orders words differently from Chinese.
 */
export function t(zh: string, vars?: Vars): string {
  const text = locale === 'en' ? english[zh] : undefined;
  return fill(text ?? withoutContext(zh), vars);
}

/**
 * One Chinese word with two English ones (停用 the state "Disabled", 停用 the button "Disable"):
 * the key carries a context after `@@`, which Chinese readers never see: t('停用@@动作').
 */
function withoutContext(zh: string): string {
  const at = zh.indexOf('@@');
  return at < 0 ? zh : zh.slice(0, at);
}

export function setLocale(next: Locale): void {
  if (next === locale) return;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    return;
  }
  window.location.reload();
}

export const isEnglish = locale === 'en';
