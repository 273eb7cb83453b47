import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DRAFT_TEXT_MAX } from '../../domain/drafting.js';
import { CATEGORY_LABEL } from '../../domain/labels.js';
import { parseDraftOffline } from '../modules/drafting/drafting.service.js';
import type { CliIo } from './io.js';

export const DRAFT_HELP = `  draft 文件 [--json]                     从纪要、通知或新闻稿（可为繁体、带拼音注音的转载）识别候选事项：
                                          类别、领域、文中所述项数及出处位置；不需要数据库，不写入任何数据`;

/** `huishang draft FILE [--json]`: the candidates the web's 从文本起草 shows, for a file. */
export async function runDraftCommand(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  } catch (err) {
    io.stderr(`${(err as Error).message}\n${DRAFT_HELP}\n`);
    return 2;
  }
  const file = parsed.positionals[0];
  if (!file) {
    io.stderr(`缺少文件：huishang draft <文件> [--json]\n`);
    return 2;
  }
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    io.stderr(`无法读取 ${file}：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
    return 2;
  }
  if (text.length > DRAFT_TEXT_MAX) {
    io.stderr(`文本过长：${text.length} 个字符，最多 ${DRAFT_TEXT_MAX}\n`);
    return 2;
  }
  const r = parseDraftOffline(text);
  if (parsed.values.json) {
    io.stdout(`${JSON.stringify(r, null, 2)}\n`);
    return 0;
  }
  const total = r.counts.find((c) => c.total);
  io.stdout(`识别出 ${r.candidates.length} 条候选事项${total ? `（文中称共 ${total.value} 项）` : ''}\n`);
  for (const [i, c] of r.candidates.entries()) {
    const category = c.category ? CATEGORY_LABEL[c.category] : '类别待定';
    const count = c.statedCount ? `，文中称等 ${c.statedCount} 项` : '';
    io.stdout(`${i + 1}. ${c.title}\n   ${category} · ${c.domain ?? '领域待定'}${count} · 第 ${c.span.start}–${c.span.end} 字\n`);
  }
  if (r.stats.droppedLines || r.stats.glossesRemoved) io.stdout(`已略去 ${r.stats.droppedLines} 行广告、${r.stats.glossesRemoved} 处拼音注音\n`);
  return 0;
}
