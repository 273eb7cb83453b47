import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LedgerPreview } from '../../domain/ledger.js';
import type { LedgerItem, LedgerSkippedRow, ParsedLedger } from '../../domain/ledger-parse.js';
import { CATEGORY_LABEL } from '../../domain/labels.js';
import { loadConfig, type Config } from '../config.js';
import { pinnedDayClock, systemClock } from '../platform/clock.js';
import { loadAuditKey, setAuditKey } from '../platform/audit-chain.js';
import { migrateToLatest, openDatabase } from '../platform/db.js';
import type { Deps } from '../platform/deps.js';
import { AppError } from '../platform/errors.js';
import { loadActor } from '../platform/session.js';
import { exportLedger } from '../modules/ledger/ledger.export.js';
import { commitImport, parseWorkbook, previewFile, uploadLedger } from '../modules/ledger/ledger.service.js';
import type { CliIo } from './io.js';

/**
 * `huishang ledger import|export`. A dry run without a consultation only parses: no database is opened,
 * so an office can check a ledger on any machine.
 */

export const LEDGER_HELP = `  ledger import FILE [--consultation ID] [--sheet NAME] [--dry-run] [--json] [--user USERNAME]
                                          导入台账（.xlsx）；--dry-run 只解析不写入，无 --consultation 时不需要数据库；
                                          写入时以 --user（默认该会商市局联络员）的身份记入审计
  ledger export --consultation ID [--out FILE]
                                          导出会商台账（.xlsx）`;

class UsageError extends Error {}

/** A progress bar on a terminal; silent when the output goes to a file or a pipe. */
function progressBar(io: CliIo, label: string) {
  const tty = io.isTTY;
  let last = -1;
  return {
    update(done: number, total: number) {
      if (!tty || !total) return;
      const pct = Math.min(100, Math.floor((done / total) * 100));
      if (pct === last) return;
      last = pct;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      io.stderr(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(pct).padStart(3)}%`);
    },
    done() {
      if (tty && last >= 0) io.stderr('\n');
    },
  };
}

/** The item as the dry-run JSON names its fields, nothing more. */
function jsonItem(i: LedgerItem | LedgerPreview['rows'][number]) {
  return {
    row: i.row,
    category: i.category,
    title: i.title,
    content: i.content,
    domain: i.domain,
    leadUnit: i.leadUnit,
    coUnits: i.coUnits,
    deadline: i.deadline,
    ongoing: i.ongoing,
    fundingWan: i.fundingWan,
    status: i.status,
    progressNote: i.progressNote,
  };
}

function printSummary(
  out: (s: string) => void,
  sheet: string,
  items: (LedgerItem | LedgerPreview['rows'][number])[],
  skippedRows: LedgerSkippedRow[],
  problems: { cell: string; message: string }[],
) {
  out(`工作表：${sheet}，共 ${items.length} 个事项`);
  for (const i of items) {
    const when = i.ongoing ? '长期' : (i.deadline ?? '—');
    const money = i.fundingWan === null ? '—' : `${i.fundingWan}万元`;
    const action = 'action' in i ? (i.action === 'add' ? '[新增] ' : i.changes.length ? `[更新 ${i.changes.join(',')}] ` : '[不变] ') : '';
    out(`  第${i.row}行 ${action}${i.category ? CATEGORY_LABEL[i.category] : '（类别未定）'}｜${i.title}｜${i.leadUnit ?? '—'}｜${when}｜${money}`);
  }
  for (const s of skippedRows) out(`  第${s.row}行 [不导入] ${s.reason}`);
  if (problems.length) {
    out(`问题 ${problems.length} 处：`);
    for (const p of problems) out(`  ${p.cell}：${p.message}`);
  }
}

async function withDeps<T>(config: Config, fn: (deps: Deps) => Promise<T>): Promise<T> {
  // An import is audited, and every audit row is a link of the chain.
  setAuditKey(loadAuditKey(config));
  const { db, close } = openDatabase(config.DATABASE_URL);
  try {
    await migrateToLatest(db);
    return await fn({ db, clock: config.HUISHANG_TODAY ? pinnedDayClock(config.HUISHANG_TODAY) : systemClock(), config });
  } finally {
    await close();
  }
}

/** The user the import is recorded under: the one named, or the host side's coordinator. */
async function importingActor(deps: Deps, consultationId: number, username: string | undefined) {
  let userId: number | undefined;
  if (username) {
    userId = (await deps.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst())?.id;
    if (!userId) throw new UsageError(`用户 ${username} 不存在`);
  } else {
    const host = await deps.db
      .selectFrom('consultation_parties as p')
      .innerJoin('organisations as o', 'o.id', 'p.org_id')
      .select('o.path')
      .where('p.consultation_id', '=', consultationId)
      .where('p.side', '=', 'host')
      .executeTakeFirst();
    if (!host) throw new UsageError(`会商 ${consultationId} 不存在`);
    const row = await deps.db
      .selectFrom('user_roles as r')
      .innerJoin('organisations as ro', 'ro.id', 'r.org_id')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select('u.id')
      .where('r.role', '=', 'host_coordinator')
      .where('u.status', '=', 'active')
      .where('ro.path', 'like', `${host.path}%`)
      .orderBy('u.id')
      .executeTakeFirst();
    userId = row?.id;
    if (!userId) throw new UsageError('该会商没有可用的市局联络员账号，请用 --user 指定导入人');
  }
  const actor = await loadActor(deps.db, userId, 'token', null);
  if (!actor) throw new UsageError('导入人账号不可用');
  return { actor, ip: '127.0.0.1', requestId: `cli-ledger-${Date.now()}` };
}

async function runImport(args: string[], io: CliIo, out: (s: string) => void) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      consultation: { type: 'string' },
      sheet: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      user: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file) throw new UsageError('缺少台账文件：huishang ledger import FILE');
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch {
    throw new UsageError(`无法读取文件 ${file}`);
  }
  const config = loadConfig(io.env);
  const consultationId = values.consultation === undefined ? undefined : Number(values.consultation);
  if (consultationId !== undefined && !(Number.isInteger(consultationId) && consultationId > 0)) throw new UsageError('--consultation 应为会商 ID（正整数）');
  const bar = progressBar(io, '读取台账');
  const filename = path.basename(file);

  if (consultationId === undefined) {
    if (!values['dry-run']) throw new UsageError('写入须指定 --consultation；只检查台账请加 --dry-run');
    const limits = {
      maxBytes: Math.floor(config.LEDGER_MAX_MB * 1024 * 1024),
      maxRows: config.LEDGER_MAX_ROWS,
      maxUncompressedBytes: Math.floor(config.LEDGER_MAX_UNCOMPRESSED_MB * 1024 * 1024),
    };
    const { parsed } = await parseWorkbook(buffer, limits, { sheet: values.sheet, onProgress: bar.update }).finally(bar.done);
    const p: ParsedLedger = parsed;
    if (values.json) {
      out(
        JSON.stringify({
          sheet: p.sheet,
          items: p.items.map(jsonItem),
          problems: p.problems.map(({ cell, code, message }) => ({ cell, code, message })),
          skippedRows: p.skippedRows,
        }),
      );
    } else printSummary(out, p.sheet, p.items, p.skippedRows, p.problems);
    return;
  }

  await withDeps(config, async (deps) => {
    if (values['dry-run']) {
      const preview = await previewFile(deps, consultationId, { filename, buffer }, values.sheet, bar.update).finally(bar.done);
      if (values.json) {
        out(
          JSON.stringify({
            sheet: preview.sheet,
            items: preview.rows.map((r) => ({ ...jsonItem(r), action: r.action, itemId: r.itemId, changes: r.changes })),
            problems: preview.problems.map(({ cell, code, message }) => ({ cell, code, message })),
            unknownUnits: preview.unknownUnits.map((u) => u.name),
            skippedRows: preview.skippedRows,
          }),
        );
      } else printSummary(out, preview.sheet, preview.rows, preview.skippedRows, preview.problems);
      return;
    }
    const ctx = await importingActor(deps, consultationId, values.user);
    const preview = await uploadLedger(deps, ctx, consultationId, { filename, buffer }, values.sheet, bar.update).finally(bar.done);
    if (preview.blocked) {
      printSummary(
        out,
        preview.sheet,
        preview.rows,
        preview.skippedRows,
        preview.problems.filter((p) => p.blocking),
      );
      if (preview.unknownUnits.length) out(`未知单位：${preview.unknownUnits.map((u) => u.name).join('、')}（请先在组织机构中添加，或在网页上导入时对应）`);
      throw new AppError('LEDGER_NOT_READY', `台账有 ${preview.problems.filter((p) => p.blocking).length} 处问题须先处理，未写入任何事项`);
    }
    const result = await commitImport(deps, ctx, preview.id, { sheet: preview.sheet });
    if (values.json) out(JSON.stringify(result));
    else out(`已导入：新增 ${result.added} 项，更新 ${result.updated} 项，未变 ${result.unchanged} 项`);
  });
}

async function runExport(args: string[], io: CliIo, out: (s: string) => void) {
  const { values } = parseArgs({ args, options: { consultation: { type: 'string' }, out: { type: 'string' }, user: { type: 'string' } } });
  const consultationId = Number(values.consultation);
  if (!(Number.isInteger(consultationId) && consultationId > 0)) throw new UsageError('缺少 --consultation ID');
  await withDeps(loadConfig(io.env), async (deps) => {
    const ctx = await importingActor(deps, consultationId, values.user);
    const { buffer, filename } = await exportLedger(deps, ctx.actor, consultationId, {});
    const target = values.out ?? filename;
    fs.writeFileSync(target, buffer);
    out(`已导出：${target}`);
  });
}

/** Runs one ledger command; resolves to the process exit code. */
export async function runLedgerCommand(sub: string | undefined, args: string[], io: CliIo): Promise<number> {
  const out = (s: string) => io.stdout(`${s}\n`);
  const err = (s: string) => io.stderr(`${s}\n`);
  try {
    if (sub === 'import') await runImport(args, io, out);
    else if (sub === 'export') await runExport(args, io, out);
    else throw new UsageError(`用法 / usage:\n${LEDGER_HELP}`);
    return 0;
  } catch (e) {
    if (e instanceof AppError) {
      err(`台账无法导入（${e.code}）：${e.message}`);
      return 2;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err((e as Error).message);
      return 2;
    }
    throw e;
  }
}
