import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every phrase a page shows goes through t() and has its English: a Chinese literal anywhere else
// in the web's code would stay Chinese when the user switched to English. Data compared with
// Chinese text (not shown as a phrase) is marked on its line or the line before with `i18n-exempt`.

const WEB = import.meta.dirname;
const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]/;
const CJK_IDEOGRAPH = /[\u3400-\u9fff\uf900-\ufaff]/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // The build's output and the static files beside index.html, not a feature folder that happens to be called public.
      if (p !== path.join(WEB, 'dist') && p !== path.join(WEB, 'public')) out.push(...sourceFiles(p));
    } else if (/\.(ts|tsx)$/.test(entry.name) && !/\.(test|en)\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push(p);
    }
  }
  return out;
}

interface Finding {
  where: string;
  text: string;
}

function scan(file: string): { untranslated: Finding[]; keys: Array<{ key: string; where: string }>; dynamic: Finding[] } {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const rel = path.relative(WEB, file);
  const untranslated: Finding[] = [];
  const dynamic: Finding[] = [];
  const keys: Array<{ key: string; where: string }> = [];
  const where = (node: ts.Node) => `${rel}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
  const exempt = (node: ts.Node) => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
    return /i18n-exempt/.test(lines[line]) || (line > 0 && /i18n-exempt/.test(lines[line - 1]));
  };
  const isT = (call: ts.CallExpression) => ts.isIdentifier(call.expression) && call.expression.text === 't';
  const firstArgOfT = (node: ts.Node) => ts.isCallExpression(node.parent) && isT(node.parent) && node.parent.arguments[0] === node;

  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && isT(node)) {
      const arg = node.arguments[0];
      if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) keys.push({ key: arg.text, where: where(arg) });
      else if (!exempt(node)) dynamic.push({ where: where(node), text: node.getText(sf).slice(0, 60) });
    }
    // A template's own text, not the expressions inside it: those are visited as nodes of their own.
    const literalText =
      ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isJsxText(node)
        ? node.text
        : ts.isTemplateExpression(node)
          ? [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('…')
          : null;
    if (literalText !== null && CJK_IDEOGRAPH.test(literalText) && !firstArgOfT(node) && !exempt(node)) {
      untranslated.push({ where: where(node), text: literalText.trim().slice(0, 40) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { untranslated, keys, dynamic };
}

async function englishTables(): Promise<Map<string, { table: Record<string, string>; file: string }>> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'dist') walk(p);
      else if (entry.name.endsWith('.en.ts')) files.push(p);
    }
  };
  walk(WEB);
  const out = new Map<string, { table: Record<string, string>; file: string }>();
  for (const file of files) {
    const m = (await import(file)) as { default: Record<string, string> };
    out.set(path.relative(WEB, file), { table: m.default, file });
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the web in two languages', () => {
  const results = sourceFiles(WEB).map(scan);

  it('shows no Chinese text except through t()', () => {
    const found = results.flatMap((r) => r.untranslated).map((f) => `${f.where}  ${f.text}`);
    expect(found, `wrap these in t('…') and add their English to the feature's *.en.ts`).toEqual([]);
  });

  it('passes t() a literal phrase, so that its English can be checked here', () => {
    expect(results.flatMap((r) => r.dynamic).map((f) => `${f.where}  ${f.text}`)).toEqual([]);
  });

  it('has English for every phrase, with the same {values}, and no English nobody asks for', async () => {
    const tables = await englishTables();
    const english = new Map<string, string>();
    const duplicates: string[] = [];
    for (const [file, { table }] of tables) {
      for (const [zh, en] of Object.entries(table)) {
        if (english.has(zh) && english.get(zh) !== en) duplicates.push(`${file}: ${zh} (also "${english.get(zh)}")`);
        english.set(zh, en);
      }
    }
    expect(duplicates, 'one phrase, one English: keep a shared phrase in one table').toEqual([]);

    const used = new Set<string>();
    const missing: string[] = [];
    const mismatched: string[] = [];
    for (const { key, where } of results.flatMap((r) => r.keys)) {
      used.add(key);
      const en = english.get(key);
      if (en === undefined) missing.push(`${where}  ${key}`);
      else if (placeholders(key).join() !== placeholders(en).join()) mismatched.push(`${where}  ${key} → ${en}`);
      else if (CJK_IDEOGRAPH.test(en)) mismatched.push(`${where}  ${key} → ${en} (still Chinese)`);
    }
    expect(missing, "phrases without English: add them to the feature's *.en.ts").toEqual([]);
    expect(mismatched).toEqual([]);
    expect([...english.keys()].filter((k) => !used.has(k))).toEqual([]);
  });

  it('takes label tables and period words from web/app/labels.ts, which follows the language', () => {
    const direct = sourceFiles(WEB)
      .filter((f) => !f.endsWith(path.join('app', 'labels.ts')) && !f.endsWith(path.join('app', 'labels-domain.ts')))
      .filter((f) => {
        const text = fs.readFileSync(f, 'utf8');
        return /from '[./]+domain\/labels\.js'/.test(text) || /import \{[^}]*\b(?:\w+_LABEL|periodLabel)\b[^}]*\} from '[./]+domain\//.test(text);
      })
      .map((f) => path.relative(WEB, f));
    expect(direct).toEqual([]);
  });

  it('labels every code of the domain tables in English as well', async () => {
    const zh = {
      ...((await import('../domain/labels.js')) as Record<string, unknown>),
      ...Object.fromEntries(
        Object.entries({
          ...(await import('../domain/indicators.js')),
          ...(await import('../domain/jobs.js')),
          ...(await import('../domain/documents.js')),
          ...(await import('../domain/ledger-parse.js')),
        }).filter(([name]) => name.endsWith('_LABEL')),
      ),
    };
    const en = (await import('../domain/labels.en.js')) as Record<string, unknown>;
    for (const [name, table] of Object.entries(zh)) {
      if (typeof table !== 'object' || table === null) continue;
      expect(Object.keys((en[name] ?? {}) as object).sort(), name).toEqual(Object.keys(table).sort());
      expect(en[name], name).toBeDefined();
      for (const v of Object.values(en[name] as Record<string, unknown>)) expect(CJK.test(JSON.stringify(v)), `${name}: ${JSON.stringify(v)}`).toBe(false);
    }
  });
});
